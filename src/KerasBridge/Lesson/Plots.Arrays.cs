namespace KerasBridge;

// The plots taking model outputs as they come: float[] and single-column float[,] (Predict's shape for one output).
public static partial class Plots
{
    /// <summary><see cref="Scatter(IReadOnlyList{double}, IReadOnlyList{double}, string, string, string, string, bool)"/> with float values.</summary>
    public static string Scatter(IReadOnlyList<float> x, IReadOnlyList<float> y, string path, string xLabel, string yLabel, string title, bool identityLine = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Scatter(x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray(), path, xLabel, yLabel, title, identityLine);
    }

    /// <summary>
    /// <see cref="Scatter(IReadOnlyList{double}, IReadOnlyList{double}, string, string, string, string, bool)"/> with one-column
    /// matrices, e.g. <c>Plots.Scatter(yTest, model.Predict(xTest), ...)</c> for a model with one output.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix with more than one column (the message names it).</exception>
    public static string Scatter(float[,] x, float[,] y, string path, string xLabel, string yLabel, string title, bool identityLine = false) =>
        Scatter(Column(x, nameof(x)), Column(y, nameof(y)), path, xLabel, yLabel, title, identityLine);

    /// <summary><see cref="Lines(IReadOnlyList{double}, IReadOnlyList{Series}, string, string, string, string)"/> with x as 0, 1, 2, … (one per value of the longest series).</summary>
    public static string Lines(IReadOnlyList<Series> series, string path, string title, string xLabel = "x", string yLabel = "y")
    {
        ArgumentNullException.ThrowIfNull(series);
        var count = series.Count == 0 ? 0 : series.Max(s => s?.Values.Count ?? 0);
        return Lines(Enumerable.Range(0, count).Select(i => (double)i).ToArray(), series, path, title, xLabel, yLabel);
    }

    private static double[] Column(float[,] matrix, string argument)
    {
        ArgumentNullException.ThrowIfNull(matrix, argument);
        if (matrix.GetLength(1) != 1)
        {
            throw new ArgumentException(
                $"Expected a single-column matrix (samples, 1); got ({matrix.GetLength(0)}, {matrix.GetLength(1)}). Pick a column with Series.FromColumn or slice it first.",
                argument);
        }
        return Enumerable.Range(0, matrix.GetLength(0)).Select(i => (double)matrix[i, 0]).ToArray();
    }
}
