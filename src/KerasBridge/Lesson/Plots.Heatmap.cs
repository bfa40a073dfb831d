using Python.Runtime;

namespace KerasBridge;

public static partial class Plots
{
    /// <summary>
    /// A seaborn heatmap of a confusion matrix (as <see cref="Sklearn.ConfusionMatrix(string[], string[], string[])"/>
    /// returns), every cell annotated with its count: rows are true classes, columns predicted ones.
    /// </summary>
    /// <param name="matrix">A square matrix of counts (≥ 0).</param>
    /// <param name="labels">The class of each row and column, in order.</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The x axis (columns) label.</param>
    /// <param name="yLabel">The y axis (rows) label.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">An empty or non-square matrix, a negative count, a label count that differs from its size, empty or repeated labels, or a bad path.</exception>
    public static string Heatmap(int[,] matrix, IReadOnlyList<string> labels, string path, string title = "Confusion matrix",
        string xLabel = "Predicted label", string yLabel = "True label")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var (rows, columns) = (matrix.GetLength(0), matrix.GetLength(1));
        if (rows == 0 || rows != columns)
        {
            throw new ArgumentException($"Expected a non-empty square matrix (one row and column per class); got {rows} × {columns}.", nameof(matrix));
        }
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (matrix[i, j] < 0)
                {
                    throw new ArgumentException($"Expected counts >= 0; matrix[{i}, {j}] is {matrix[i, j]}.", nameof(matrix));
                }
            }
        }
        RequireNames(labels, nameof(labels), "label");
        if (labels.Count != rows)
        {
            throw new ArgumentException($"Expected one label per row of the matrix ({rows}); got {labels.Count}.", nameof(labels));
        }
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new ArgumentException($"Expected distinct labels; got {string.Join(", ", labels)}.", nameof(labels));
        }
        RequireText(title, nameof(title), "a title");
        RequireText(xLabel, nameof(xLabel), "an x axis label");
        RequireText(yLabel, nameof(yLabel), "a y axis label");
        var full = PreparePath(path);
        return Draw("heatmap", () =>
        [
            NumpyArrays.ToNumpy(matrix), Strings(labels), new PyString(title), new PyString(xLabel), new PyString(yLabel), new PyString(full),
        ]);
    }
}
