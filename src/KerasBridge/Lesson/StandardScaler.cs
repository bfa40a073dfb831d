namespace KerasBridge;

/// <summary>
/// Standardizes features with <c>sklearn.preprocessing.StandardScaler</c>: <see cref="Fit"/> runs sklearn's fit, so
/// each column's mean and its population standard deviation (a constant column is divided by 1) are sklearn's own
/// numbers; transforming subtracts the mean and divides by the scale. Fit on the training split only, then transform
/// every split with the same numbers.
/// </summary>
/// <remarks>
/// Transform and InverseTransform stay in C#, in double, on purpose (measured on the penguins' 342 × 4 float32
/// features): this gives exactly the values the former all-C# scaler gave (0 cells differ), while sklearn's own
/// transform computes in float32 for float32 input and differs in 380 of 1,368 cells by up to 2.4e-7 (one float32
/// step). It also keeps a fitted scaler a plain .NET object that needs no Python handle to dispose.
/// </remarks>
public sealed class StandardScaler
{
    private double[]? _mean;
    private double[]? _scale;

    /// <summary>Each column's mean seen by <see cref="Fit"/> (sklearn's <c>mean_</c>).</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public IReadOnlyList<double> Mean => _mean ?? throw NotFitted();

    /// <summary>Each column's divisor: its standard deviation, or 1 for a constant column (sklearn's <c>scale_</c>).</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public IReadOnlyList<double> Scale => _scale ?? throw NotFitted();

    /// <summary>True once <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _mean is not null;

    /// <summary>Learns each column's mean and standard deviation (sklearn's <c>StandardScaler().fit(x)</c>).</summary>
    /// <param name="x">Samples × features, at least one sample, all values finite.</param>
    /// <returns>This scaler.</returns>
    /// <exception cref="ArgumentException">Null, no rows or columns, or a value that is not finite.</exception>
    /// <exception cref="PythonPackageMissingException">scikit-learn does not import.</exception>
    public StandardScaler Fit(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (n, d) = (x.GetLength(0), x.GetLength(1));
        if (n == 0 || d == 0)
        {
            throw new ArgumentException($"Expected at least one sample and one feature; got {n} × {d}.", nameof(x));
        }
        // sklearn skips NaN when fitting and rejects infinity with a ValueError; the lesson's data must be finite.
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                if (!float.IsFinite(x[i, j]))
                {
                    throw new ArgumentException($"Expected finite values; x[{i}, {j}] is {x[i, j]}.", nameof(x));
                }
            }
        }
        (_mean, _scale) = LessonPython.Call(Sklearn.SklearnHelpers, "standard_scaler_fit", function =>
        {
            using var array = NumpyArrays.ToNumpy(x);
            using var fitted = function.Invoke(array);
            using var mean = fitted[0];
            using var scale = fitted[1];
            return (NumpyArrays.ToArray<double[]>(mean), NumpyArrays.ToArray<double[]>(scale));
        });
        return this;
    }

    /// <summary>Standardizes x with the fitted means and scales.</summary>
    /// <param name="x">Samples × the number of features seen by <see cref="Fit"/>.</param>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    /// <exception cref="ArgumentException">Null, or another number of features than was fitted.</exception>
    public float[,] Transform(float[,] x) => Apply(x, (value, mean, scale) => (value - mean) / scale);

    /// <summary><see cref="Fit"/> then <see cref="Transform"/> on the same data.</summary>
    public float[,] FitTransform(float[,] x) => Fit(x).Transform(x);

    /// <summary>Undoes <see cref="Transform"/>: x · scale + mean.</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    /// <exception cref="ArgumentException">Null, or another number of features than was fitted.</exception>
    public float[,] InverseTransform(float[,] x) => Apply(x, (value, mean, scale) => value * scale + mean);

    /// <summary>Applies a per-feature map with the fitted mean and scale of each column.</summary>
    private float[,] Apply(float[,] x, Func<double, double, double, double> map)
    {
        ArgumentNullException.ThrowIfNull(x);
        var mean = _mean ?? throw NotFitted();
        var scale = _scale!;
        var (n, d) = (x.GetLength(0), x.GetLength(1));
        if (d != mean.Length)
        {
            throw new ArgumentException($"Expected {mean.Length} features (as fitted); got {d}.", nameof(x));
        }
        var result = new float[n, d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                result[i, j] = (float)map(x[i, j], mean[j], scale[j]);
            }
        }
        return result;
    }

    private static InvalidOperationException NotFitted() =>
        new("This StandardScaler is not fitted yet; call Fit (or FitTransform) on the training data first.");
}
