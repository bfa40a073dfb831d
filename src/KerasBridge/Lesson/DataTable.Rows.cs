namespace KerasBridge;

// Row slicing (pandas' loc / iloc on the default 0..n-1 index) and matrices that keep their column names.
public sealed partial class DataTable
{
    /// <summary>
    /// Rows by position with a C# range, as pandas' <c>iloc</c> (end exclusive): <c>data[..365]</c>, <c>data[100..]</c>,
    /// <c>data[^10..]</c>. Out-of-range ends are clipped, as Python slices are.
    /// </summary>
    public DataTable this[Range rows]
    {
        get
        {
            var start = Math.Clamp(rows.Start.IsFromEnd ? _rows.Length - rows.Start.Value : rows.Start.Value, 0, _rows.Length);
            var end = Math.Clamp(rows.End.IsFromEnd ? _rows.Length - rows.End.Value : rows.End.Value, 0, _rows.Length);
            return new DataTable(_columns, _rows[start..Math.Max(start, end)]);
        }
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="end"/> INCLUSIVE, as pandas' <c>data.loc[start:end]</c> on the
    /// default index (rows are labelled 0..RowCount-1, also after DropNA, which here renumbers them). Null for an open end:
    /// <c>data.Loc(end: 365 * 3)</c> is <c>data.loc[:365*3]</c> (365·3 + 1 rows).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative label.</exception>
    public DataTable Loc(int? start = null, int? end = null)
    {
        if (start is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Expected a row label >= 0; got {start}.");
        }
        if (end is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Expected a row label >= 0; got {end}.");
        }
        var from = Math.Min(start ?? 0, _rows.Length);
        var to = Math.Min(end is { } e ? e + 1 : _rows.Length, _rows.Length);
        return new DataTable(_columns, _rows[from..Math.Max(from, to)]);
    }

    /// <summary>The last <paramref name="count"/> rows (pandas' <c>tail()</c>).</summary>
    public DataTable Tail(int count = 5)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Expected count >= 0; got {count}.");
        }
        return this[^Math.Min(count, _rows.Length)..];
    }

    /// <summary>
    /// Numeric columns as a matrix that keeps their names (as a pandas DataFrame's <c>columns</c> survive
    /// <c>.to_numpy()</c> only here): usable wherever a <c>float[,]</c> is (Fit, Predict, Plots), and
    /// <c>m.Columns</c>, <c>m["BASEL_sunshine"]</c> give the names and one column back. No columns means every numeric column.
    /// </summary>
    /// <exception cref="ArgumentException">A column that does not exist or holds a cell that is not a number.</exception>
    public NamedMatrix ToMatrix(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.Length > 0 ? columns : NumericColumns.ToArray();
        return new NamedMatrix(ToFloatMatrix(names), names);
    }
}
