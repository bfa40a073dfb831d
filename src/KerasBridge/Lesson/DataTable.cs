namespace KerasBridge;

/// <summary>
/// A small table of text cells read from CSV, enough for the lesson's pandas steps: <c>head()</c>, <c>shape</c>,
/// <c>drop(columns=...)</c>, <c>dropna()</c>, numeric columns to <c>float[,]</c>, a categorical column to names,
/// and <c>pd.get_dummies</c>. A missing value is a null cell. Immutable: every operation returns a new table.
/// </summary>
public sealed partial class DataTable
{
    private readonly string[] _columns;
    private readonly string?[][] _rows;
    private readonly Dictionary<string, int> _index;

    /// <summary>Makes a table from column names and rows of cells (null for a missing value).</summary>
    /// <param name="columns">Distinct, non-empty column names.</param>
    /// <param name="rows">Rows, each with one cell per column.</param>
    /// <exception cref="ArgumentException">Empty or repeated column names, or a row with another number of cells.</exception>
    public DataTable(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        _columns = columns.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < _columns.Length; j++)
        {
            if (string.IsNullOrEmpty(_columns[j]))
            {
                throw new ArgumentException($"Expected every column to have a name; column {j} has none.", nameof(columns));
            }
            if (!_index.TryAdd(_columns[j], j))
            {
                throw new ArgumentException($"Expected distinct column names; '{_columns[j]}' appears more than once.", nameof(columns));
            }
        }
        var list = new List<string?[]>();
        foreach (var row in rows)
        {
            if (row is null || row.Count != _columns.Length)
            {
                throw new ArgumentException(
                    $"Expected every row to have {_columns.Length} cells (one per column); row {list.Count} has {row?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (null)"}.",
                    nameof(rows));
            }
            list.Add(row.ToArray());
        }
        _rows = list.ToArray();
    }

    private DataTable(string[] columns, string?[][] rows)
    {
        _columns = columns;
        _rows = rows;
        _index = columns.Select((c, j) => (c, j)).ToDictionary(p => p.c, p => p.j, StringComparer.Ordinal);
    }

    /// <summary>The column names, in order (pandas' <c>columns</c>).</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The number of rows.</summary>
    public int RowCount => _rows.Length;

    /// <summary>The number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>(rows, columns), as pandas' <c>shape</c>.</summary>
    public (int Rows, int Columns) Shape => (RowCount, ColumnCount);

    /// <summary>One column's cells, top to bottom; null marks a missing value.</summary>
    /// <exception cref="ArgumentException">No such column; the message lists the columns there are.</exception>
    public IReadOnlyList<string?> this[string column]
    {
        get
        {
            var j = ColumnIndex(column, nameof(column));
            return _rows.Select(r => r[j]).ToArray();
        }
    }

    /// <summary>The cell at a row and column; null when missing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such row.</exception>
    /// <exception cref="ArgumentException">No such column.</exception>
    public string? this[int row, string column]
    {
        get
        {
            if (row < 0 || row >= _rows.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, $"Expected a row in [0, {_rows.Length}); got {row}.");
            }
            return _rows[row][ColumnIndex(column, nameof(column))];
        }
    }

    /// <summary>True when the table has a column of that name.</summary>
    public bool HasColumn(string column) => column is not null && _index.ContainsKey(column);

    /// <summary>The first <paramref name="count"/> rows (pandas' <c>head()</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative.</exception>
    public DataTable Head(int count = 5)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Expected count >= 0; got {count}.");
        }
        return new DataTable(_columns, _rows.Take(count).ToArray());
    }

    /// <summary>The table without the given columns (pandas' <c>drop(columns=[...])</c>).</summary>
    /// <exception cref="ArgumentException">A column that does not exist.</exception>
    public DataTable DropColumns(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var drop = columns.Select(c => ColumnIndex(c, nameof(columns))).ToHashSet();
        var keep = Enumerable.Range(0, _columns.Length).Where(j => !drop.Contains(j)).ToArray();
        return Project(keep);
    }

    /// <summary>Only the given columns, in the given order (pandas' <c>df[[...]]</c>).</summary>
    /// <exception cref="ArgumentException">No columns, or a column that does not exist.</exception>
    public DataTable SelectColumns(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("Expected at least one column name; got none.", nameof(columns));
        }
        return Project(columns.Select(c => ColumnIndex(c, nameof(columns))).ToArray());
    }

    /// <summary>
    /// The rows without missing values (pandas' <c>dropna()</c>); with <paramref name="subset"/>, only those
    /// columns are looked at.
    /// </summary>
    /// <exception cref="ArgumentException">A subset column that does not exist.</exception>
    public DataTable DropNA(IEnumerable<string>? subset = null)
    {
        var columns = subset is null
            ? Enumerable.Range(0, _columns.Length).ToArray()
            : subset.Select(c => ColumnIndex(c, nameof(subset))).ToArray();
        return new DataTable(_columns, _rows.Where(r => columns.All(j => r[j] is not null)).ToArray());
    }

    /// <summary>The number of missing values in each column (pandas' <c>isna().sum()</c>).</summary>
    public IReadOnlyDictionary<string, int> MissingCounts() =>
        Enumerable.Range(0, _columns.Length).ToDictionary(j => _columns[j], j => _rows.Count(r => r[j] is null), StringComparer.Ordinal);

    /// <summary>The distinct values of a column in order of first appearance, missing values left out (pandas' <c>unique()</c>).</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public string[] Unique(string column)
    {
        var j = ColumnIndex(column, nameof(column));
        return _rows.Select(r => r[j]).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }

    private DataTable Project(int[] columns) =>
        new(columns.Select(j => _columns[j]).ToArray(), _rows.Select(r => columns.Select(j => r[j]).ToArray()).ToArray());

    private int ColumnIndex(string column, string parameterName)
    {
        if (column is not null && _index.TryGetValue(column, out var j))
        {
            return j;
        }
        throw new ArgumentException(
            $"Expected one of the table's columns ({string.Join(", ", _columns)}); got {(column is null ? "null" : $"'{column}'")}.", parameterName);
    }
}
