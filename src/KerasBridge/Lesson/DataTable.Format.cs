using System.Text;

namespace KerasBridge;

public sealed partial class DataTable
{
    /// <summary>
    /// The table as aligned text, like pandas prints a DataFrame: an index column, the column names, and the first
    /// and last rows when there are more than <paramref name="maxRows"/>; missing values show as NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">maxRows is less than 2.</exception>
    public string Format(int maxRows = 10)
    {
        if (maxRows < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, $"Expected maxRows >= 2; got {maxRows}.");
        }
        var shown = _rows.Length <= maxRows
            ? Enumerable.Range(0, _rows.Length).ToList()
            : Enumerable.Range(0, maxRows / 2).Concat(Enumerable.Range(_rows.Length - (maxRows - maxRows / 2), maxRows - maxRows / 2)).ToList();
        var header = new[] { "" }.Concat(_columns).ToArray();
        var lines = shown.Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(_rows[i].Select(c => c ?? "NaN")).ToArray()).ToList();
        var widths = header.Select((h, k) => Math.Max(h.Length, lines.Count == 0 ? 0 : lines.Max(l => l[k].Length))).ToArray();
        var text = new StringBuilder();
        void Append(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, k) => k == 0 ? c.PadRight(widths[k]) : c.PadLeft(widths[k]))).TrimEnd());
        Append(header);
        for (var n = 0; n < lines.Count; n++)
        {
            if (n > 0 && shown[n] != shown[n - 1] + 1)
            {
                Append(header.Select((_, k) => "...").ToArray());
            }
            Append(lines[n]);
        }
        text.Append('[').Append(_rows.Length).Append(" rows x ").Append(_columns.Length).Append(" columns]");
        return text.ToString();
    }

    /// <summary>The table as <see cref="Format"/> prints it with the default number of rows.</summary>
    public override string ToString() => Format();
}
