namespace KerasBridge;

/// <summary>
/// A <c>float[,]</c> with a name per column, made by <see cref="DataTable.ToMatrix"/>: converts implicitly to
/// <c>float[,]</c> (so Fit, Predict and the plots take it as it is) and keeps the column names for later steps.
/// </summary>
public sealed class NamedMatrix
{
    internal NamedMatrix(float[,] values, IReadOnlyList<string> columns)
    {
        Values = values;
        Columns = columns.ToArray();
    }

    /// <summary>Makes a named matrix from values and one name per column.</summary>
    /// <exception cref="ArgumentException">Not one name per column, or repeated names.</exception>
    public static NamedMatrix Create(float[,] values, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != values.GetLength(1))
        {
            throw new ArgumentException($"Expected one name per column ({values.GetLength(1)}); got {columns.Count}.", nameof(columns));
        }
        if (columns.Distinct().Count() != columns.Count)
        {
            throw new ArgumentException($"Expected distinct column names; got {string.Join(", ", columns)}.", nameof(columns));
        }
        return new NamedMatrix(values, columns);
    }

    /// <summary>The numbers, rows by columns.</summary>
    public float[,] Values { get; }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>(rows, columns).</summary>
    public (int Rows, int Columns) Shape => (Values.GetLength(0), Values.GetLength(1));

    /// <summary>One column's values by name.</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns.</exception>
    public float[] this[string column]
    {
        get
        {
            var j = Columns.ToList().IndexOf(column);
            if (j < 0)
            {
                throw new KeyNotFoundException($"No column '{column}'; the columns are: {string.Join(", ", Columns)}.");
            }
            return Enumerable.Range(0, Values.GetLength(0)).Select(i => Values[i, j]).ToArray();
        }
    }

    /// <summary>The numbers, for Fit, Predict and the plots.</summary>
    public static implicit operator float[,](NamedMatrix matrix) => matrix.Values;

    /// <summary>A column as a named line for <c>Plots.Lines</c>.</summary>
    public Series Series(string column) => new(column, Array.ConvertAll(this[column], v => (double)v));

    /// <inheritdoc />
    public override string ToString() => $"NamedMatrix {Shape.Rows}x{Shape.Columns} [{string.Join(", ", Columns)}]";
}
