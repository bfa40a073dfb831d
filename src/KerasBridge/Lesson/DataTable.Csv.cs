namespace KerasBridge;

public sealed partial class DataTable
{
    /// <summary>
    /// The cells pandas' <c>read_csv</c> reads as missing by default (an empty cell, NA, NaN, null, ...).
    /// </summary>
    public static IReadOnlySet<string> DefaultMissingValues { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    /// <summary>
    /// Reads a CSV file whose first line names the columns (pandas' <c>read_csv</c>): comma-separated by default,
    /// double-quoted cells may hold separators, quotes ("") and line breaks; cells in
    /// <paramref name="missingValues"/> (default <see cref="DefaultMissingValues"/>) become missing.
    /// </summary>
    /// <param name="path">The file (UTF-8).</param>
    /// <param name="separator">The cell separator.</param>
    /// <param name="missingValues">Cell texts that mean "missing"; null for pandas' defaults.</param>
    /// <exception cref="ArgumentException">An empty path, or a separator that is a quote or line break.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">No header, repeated column names, a row with another number of cells, or an unclosed quote; the message names the file and line.</exception>
    public static DataTable ReadCsv(string path, char separator = ',', IReadOnlySet<string>? missingValues = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file not found: {Path.GetFullPath(path)}", path);
        }
        using var reader = new StreamReader(path);
        return ParseCsv(reader, separator, missingValues, Path.GetFullPath(path));
    }

    /// <summary>Reads CSV text (see <see cref="ReadCsv"/>) from a reader.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="separator">The cell separator.</param>
    /// <param name="missingValues">Cell texts that mean "missing"; null for pandas' defaults.</param>
    /// <param name="sourceName">What to call the source in error messages.</param>
    /// <exception cref="ArgumentException">A separator that is a quote or line break.</exception>
    /// <exception cref="InvalidDataException">No header, repeated column names, a row with another number of cells, or an unclosed quote.</exception>
    public static DataTable ParseCsv(TextReader reader, char separator = ',', IReadOnlySet<string>? missingValues = null, string sourceName = "CSV text")
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"Expected a separator other than a quote or line break; got {(int)separator:x4}.", nameof(separator));
        }
        var missing = missingValues ?? DefaultMissingValues;
        using var records = CsvReader.Records(reader, separator, sourceName).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{sourceName}: expected a header line naming the columns; the text is empty.");
        }
        var header = records.Current.Cells;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!names.Add(name))
            {
                throw new InvalidDataException($"{sourceName}: line 1: expected distinct column names; '{name}' appears more than once.");
            }
        }
        var rows = new List<string?[]>();
        while (records.MoveNext())
        {
            var (line, cells) = records.Current;
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue; // a blank line
            }
            if (cells.Count != header.Count)
            {
                throw new InvalidDataException($"{sourceName}: line {line}: expected {header.Count} cells (as in the header); got {cells.Count}.");
            }
            rows.Add(cells.Select(c => missing.Contains(c) ? null : c).ToArray());
        }
        return new DataTable(header.ToArray(), rows.ToArray());
    }
}
