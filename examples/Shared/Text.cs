namespace KerasBridge.Examples;

/// <summary>Plain-text tables for the examples' console output.</summary>
public static class Text
{
    /// <summary>A confusion matrix with its labels, rows = true class, columns = predicted class.</summary>
    public static string ConfusionMatrix(int[,] matrix, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(labels);
        var width = Math.Max(labels.Max(l => l.Length), matrix.Cast<int>().Max().ToString().Length) + 2;
        var corner = "true \\ predicted";
        var first = Math.Max(corner.Length, labels.Max(l => l.Length)) + 2;
        var lines = new List<string> { corner.PadRight(first) + string.Concat(labels.Select(l => l.PadLeft(width))) };
        for (var i = 0; i < labels.Count; i++)
        {
            lines.Add(labels[i].PadRight(first) + string.Concat(Enumerable.Range(0, labels.Count).Select(j => matrix[i, j].ToString().PadLeft(width))));
        }
        return string.Join(Environment.NewLine, lines.Select(l => "  " + l));
    }

    /// <summary>The fraction of the matrix on its diagonal (correct predictions).</summary>
    public static double Accuracy(int[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var total = matrix.Cast<int>().Sum();
        var correct = Enumerable.Range(0, matrix.GetLength(0)).Sum(i => matrix[i, i]);
        return total == 0 ? 0 : (double)correct / total;
    }
}
