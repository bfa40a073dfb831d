using System.Text;

namespace KerasBridge;

/// <summary>Splits CSV text into records (RFC 4180: quoted cells may hold separators, "" and line breaks).</summary>
internal static class CsvReader
{
    /// <summary>Each record with the line it starts on (1-based).</summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> Records(TextReader reader, char separator, string sourceName)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        cell.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    cell.Append(ch);
                }
                continue;
            }
            if (ch == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (ch == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }
                cells.Add(cell.ToString());
                cell.Clear();
                yield return (start, cells);
                cells = [];
                line++;
                start = line;
                any = false;
            }
            else
            {
                cell.Append(ch);
            }
        }
        if (quoted)
        {
            throw new InvalidDataException($"{sourceName}: line {start}: a quoted cell is not closed before the end of the text.");
        }
        if (any)
        {
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }
}
