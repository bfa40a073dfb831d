using Python.Runtime;

namespace KerasBridge;

public static partial class Sklearn
{
    /// <summary>
    /// <c>sklearn.metrics.confusion_matrix(y_true, y_pred, labels=...)</c> for class ids: entry [i, j] counts the
    /// samples whose true class is label i and whose predicted class is label j.
    /// </summary>
    /// <param name="yTrue">True class of each sample.</param>
    /// <param name="yPred">Predicted class of each sample (same length as <paramref name="yTrue"/>).</param>
    /// <param name="labels">The classes and their order (rows and columns); null: the sorted classes found in either array.</param>
    /// <returns>A square matrix with one row and one column per label.</returns>
    /// <exception cref="ArgumentException">Null, empty or differently long arrays, or labels that are empty, repeated or none of which occur in yTrue.</exception>
    public static int[,] ConfusionMatrix(int[] yTrue, int[] yPred, int[]? labels = null) =>
        ConfusionMatrix<int>(yTrue, yPred, labels, values => NumpyArrays.ToNumpy(values));

    /// <inheritdoc cref="ConfusionMatrix(int[], int[], int[])"/>
    public static int[,] ConfusionMatrix(long[] yTrue, long[] yPred, long[]? labels = null) =>
        ConfusionMatrix<long>(yTrue, yPred, labels, values => NumpyArrays.ToNumpy(values));

    /// <summary>
    /// <c>sklearn.metrics.confusion_matrix</c> for class names (e.g. species): entry [i, j] counts the samples whose
    /// true class is label i and whose predicted class is label j. Names are compared exactly (ordinal).
    /// </summary>
    /// <param name="yTrue">True class of each sample.</param>
    /// <param name="yPred">Predicted class of each sample (same length as <paramref name="yTrue"/>).</param>
    /// <param name="labels">The classes and their order; null: the classes found in either array, sorted as Python sorts str.</param>
    /// <returns>A square matrix with one row and one column per label.</returns>
    /// <exception cref="ArgumentException">Null, empty or differently long arrays, null names, or labels that are empty, repeated or none of which occur in yTrue.</exception>
    public static int[,] ConfusionMatrix(string[] yTrue, string[] yPred, string[]? labels = null)
    {
        RequireNoNulls(yTrue, nameof(yTrue));
        RequireNoNulls(yPred, nameof(yPred));
        if (labels is not null)
        {
            RequireNoNulls(labels, nameof(labels));
        }
        return ConfusionMatrix<string>(yTrue, yPred, labels, values => new PyList(values.Select(v => (PyObject)new PyString(v)).ToArray()));
    }

    private static int[,] ConfusionMatrix<T>(T[] yTrue, T[] yPred, T[]? labels, Func<T[], PyObject> toPython) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Length == 0)
        {
            throw new ArgumentException("Expected at least one sample in yTrue; got an empty array.", nameof(yTrue));
        }
        if (yPred.Length != yTrue.Length)
        {
            throw new ArgumentException($"Expected yPred to have one entry per sample of yTrue ({yTrue.Length}); got {yPred.Length}.", nameof(yPred));
        }
        if (labels is not null)
        {
            if (labels.Length == 0)
            {
                throw new ArgumentException("Expected labels to name at least one class, or null for all classes; got an empty array.", nameof(labels));
            }
            var repeated = labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw new ArgumentException($"Expected distinct labels; got '{repeated.Key}' {repeated.Count()} times.", nameof(labels));
            }
            var present = new HashSet<T>(yTrue);
            if (!labels.Any(present.Contains))
            {
                throw new ArgumentException(
                    $"Expected at least one of the labels ({string.Join(", ", labels)}) to occur in yTrue; none does.", nameof(labels));
            }
        }
        return LessonPython.Call(SklearnHelpers, "confusion_matrix", function =>
        {
            using var t = toPython(yTrue);
            using var p = toPython(yPred);
            using var l = labels is null ? PyObject.None : toPython(labels);
            using var matrix = function.Invoke(t, p, l);
            return NumpyArrays.ToArray<int[,]>(matrix);
        });
    }

    private static void RequireNoNulls(string[] values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        var index = Array.IndexOf(values, null);
        if (index >= 0)
        {
            throw new ArgumentException($"Expected a class name for every sample; entry {index} is null.", parameterName);
        }
    }
}
