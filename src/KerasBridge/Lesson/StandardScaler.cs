namespace KerasBridge;

/// <summary>
/// Standardizes features as <c>sklearn.preprocessing.StandardScaler</c> does: subtract each column's mean and divide
/// by its population standard deviation (a constant column is divided by 1). Fit on the training split only, then
/// transform every split with the same numbers.
/// </summary>
public sealed class StandardScaler
{
    private const double MachineEpsilon = 2.220446049250313e-16;

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

    /// <summary>Learns each column's mean and standard deviation.</summary>
    /// <param name="x">Samples × features, at least one sample, all values finite.</param>
    /// <returns>This scaler.</returns>
    /// <exception cref="ArgumentException">Null, no rows or columns, or a value that is not finite.</exception>
    public StandardScaler Fit(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (n, d) = (x.GetLength(0), x.GetLength(1));
        if (n == 0 || d == 0)
        {
            throw new ArgumentException($"Expected at least one sample and one feature; got {n} × {d}.", nameof(x));
        }
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                if (!float.IsFinite(x[i, j]))
                {
                    throw new ArgumentException($"Expected finite values; x[{i}, {j}] is {x[i, j]}.", nameof(x));
                }
                sum += x[i, j];
            }
            mean[j] = sum / n;
            double squares = 0;
            for (var i = 0; i < n; i++)
            {
                squares += (x[i, j] - mean[j]) * (x[i, j] - mean[j]);
            }
            var std = Math.Sqrt(squares / n);
            // A constant column (its spread no more than rounding noise) keeps its values' scale, as in sklearn.
            scale[j] = std > 10 * MachineEpsilon * Math.Max(1, Math.Abs(mean[j])) ? std : 1.0;
        }
        _mean = mean;
        _scale = scale;
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
