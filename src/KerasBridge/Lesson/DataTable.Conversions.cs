using System.Globalization;

namespace KerasBridge;

public sealed partial class DataTable
{
    /// <summary>
    /// True when every present cell of the column is a number (invariant culture, as "39.1" or "3750"); missing
    /// cells do not count against it, as in pandas, which reads such a column as float64.
    /// </summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public bool IsNumeric(string column)
    {
        var j = ColumnIndex(column, nameof(column));
        return _rows.All(r => r[j] is null || TryNumber(r[j]!, out _));
    }

    /// <summary>The numeric columns, in order (pandas' <c>select_dtypes("number").columns</c>).</summary>
    public IReadOnlyList<string> NumericColumns => _columns.Where(IsNumeric).ToArray();

    /// <summary>One column as numbers, NaN where a value is missing (pandas' <c>df[column].to_numpy()</c>).</summary>
    /// <exception cref="ArgumentException">No such column, or a cell that is not a number (the message names its row and text).</exception>
    public double[] Numbers(string column)
    {
        var j = ColumnIndex(column, nameof(column));
        var values = new double[_rows.Length];
        for (var i = 0; i < _rows.Length; i++)
        {
            values[i] = _rows[i][j] is { } text ? ParseNumber(text, i, column, nameof(column)) : double.NaN;
        }
        return values;
    }

    /// <summary>
    /// The given numeric columns as a samples × features matrix for Keras (pandas' <c>df[columns].to_numpy("float32")</c>);
    /// no columns given means every numeric column.
    /// </summary>
    /// <exception cref="ArgumentException">A column that does not exist or holds a cell that is not a number.</exception>
    /// <exception cref="InvalidOperationException">A missing value in those columns (call <see cref="DropNA"/> first), or no numeric column at all.</exception>
    public float[,] ToFloatMatrix(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.Length > 0 ? columns : NumericColumns.ToArray();
        if (names.Length == 0)
        {
            throw new InvalidOperationException($"The table has no numeric column (columns: {string.Join(", ", _columns)}).");
        }
        var indices = names.Select(c => ColumnIndex(c, nameof(columns))).ToArray();
        var result = new float[_rows.Length, indices.Length];
        for (var i = 0; i < _rows.Length; i++)
        {
            for (var k = 0; k < indices.Length; k++)
            {
                var text = _rows[i][indices[k]]
                           ?? throw new InvalidOperationException(
                               $"Column '{names[k]}' has a missing value in row {i}; drop such rows first (DropNA) or fill them.");
                result[i, k] = (float)ParseNumber(text, i, names[k], nameof(columns));
            }
        }
        return result;
    }

    /// <summary>One column's values as text, e.g. the species of each row.</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    /// <exception cref="InvalidOperationException">A missing value (call <see cref="DropNA"/> first).</exception>
    public string[] Strings(string column)
    {
        var j = ColumnIndex(column, nameof(column));
        return _rows.Select((r, i) => r[j] ?? throw new InvalidOperationException(
            $"Column '{column}' has a missing value in row {i}; drop such rows first (DropNA) or fill them.")).ToArray();
    }

    /// <summary>
    /// One-hot encodes a categorical column as <c>pd.get_dummies(df[column])</c> does: one 0/1 column per distinct
    /// value, classes in sorted (ordinal) order; a missing value gives a row of zeros.
    /// </summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    /// <exception cref="InvalidOperationException">The column has no values at all.</exception>
    public OneHotEncoding OneHot(string column)
    {
        var j = ColumnIndex(column, nameof(column));
        var classes = _rows.Select(r => r[j]).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new InvalidOperationException($"Column '{column}' has no values to encode (every cell is missing).");
        }
        var values = new float[_rows.Length, classes.Length];
        for (var i = 0; i < _rows.Length; i++)
        {
            if (_rows[i][j] is { } value)
            {
                values[i, Array.BinarySearch(classes, value, StringComparer.Ordinal)] = 1f;
            }
        }
        return new OneHotEncoding(values, classes);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double ParseNumber(string text, int row, string column, string parameterName) =>
        TryNumber(text, out var value)
            ? value
            : throw new ArgumentException($"Expected numbers in column '{column}'; row {row} holds '{text}'.", parameterName);
}
