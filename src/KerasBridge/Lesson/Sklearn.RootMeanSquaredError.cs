using Python.Runtime;

namespace KerasBridge;

public static partial class Sklearn
{
    /// <summary>
    /// The root mean squared error, as <c>sklearn.metrics.root_mean_squared_error(y_true, y_pred)</c> (scikit-learn
    /// 1.4 and later; on older versions the same number from <c>mean_squared_error</c>: the square root per output,
    /// averaged over outputs).
    /// </summary>
    /// <param name="yTrue">True values: float or double, one value per sample (rank 1) or samples × outputs (rank 2).</param>
    /// <param name="yPred">Predictions with the same samples and outputs (a (n, 1) array matches a length-n one).</param>
    /// <exception cref="ArgumentException">Null or empty arrays, another element type or rank, or different numbers of samples or outputs.</exception>
    public static double RootMeanSquaredError(Array yTrue, Array yPred)
    {
        var (trueRows, trueOutputs) = RegressionShape(yTrue, nameof(yTrue));
        var (predRows, predOutputs) = RegressionShape(yPred, nameof(yPred));
        if (predRows != trueRows || predOutputs != trueOutputs)
        {
            throw new ArgumentException(
                $"Expected yPred to have the samples and outputs of yTrue ({trueRows} × {trueOutputs}); got {predRows} × {predOutputs}.", nameof(yPred));
        }
        return LessonPython.Call(SklearnHelpers, "root_mean_squared_error", function =>
        {
            using var t = NumpyArrays.ToNumpy(yTrue);
            using var p = NumpyArrays.ToNumpy(yPred);
            using var result = function.Invoke(t, p);
            return result.As<double>();
        });
    }

    /// <summary>True when the installed scikit-learn has <c>root_mean_squared_error</c> (version 1.4 and later).</summary>
    public static bool HasRootMeanSquaredError => LessonPython.Call(SklearnHelpers, "has_root_mean_squared_error", function =>
    {
        using var result = function.Invoke();
        return result.IsTrue();
    });

    private static (int Rows, int Outputs) RegressionShape(Array values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        var element = values.GetType().GetElementType();
        if ((element != typeof(float) && element != typeof(double)) || values.Rank > 2)
        {
            throw new ArgumentException($"Expected float or double values of rank 1 or 2 (samples, or samples × outputs); got {values.GetType().Name}.", parameterName);
        }
        if (values.Length == 0)
        {
            throw new ArgumentException($"Expected at least one sample; got an empty {values.GetType().Name}.", parameterName);
        }
        return (values.GetLength(0), values.Rank == 1 ? 1 : values.GetLength(1));
    }
}
