namespace KerasBridge;

// Series straight from model outputs (no hand conversion of float[,] or float[]).
public sealed partial record Series
{
    /// <summary>A named line from one column of a matrix, e.g. the predictions <c>model.Predict(x)</c> returns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    public static Series FromColumn(string name, float[,] matrix, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (column < 0 || column >= matrix.GetLength(1))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"Expected a column in [0, {matrix.GetLength(1)}); got {column}.");
        }
        return new Series(name, Enumerable.Range(0, matrix.GetLength(0)).Select(i => (double)matrix[i, column]).ToArray());
    }

    /// <summary>A named line from float values.</summary>
    public static Series FromValues(string name, IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Series(name, values.Select(v => (double)v).ToArray());
    }
}
