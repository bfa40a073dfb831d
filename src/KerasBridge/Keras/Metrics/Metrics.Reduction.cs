using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's reduction metrics (keras/src/metrics/reduction_metrics.py), typed with Keras's parameter names and defaults.</summary>
public static partial class Metrics
{
    /// <summary>
    /// <c>keras.metrics.Mean</c>: the (weighted) mean of the values it is updated with. Its <c>update_state</c> takes
    /// (values, sample_weight), not (y_true, y_pred), so Keras's fit and evaluate refuse it as a compiled metric, and so do both
    /// engines here; it is the metric Keras tracks the loss with.
    /// </summary>
    /// <param name="name">The metric's name; null for "mean".</param>
    /// <param name="dtype">The accumulators' dtype: "float32" (null), "float64", "float16" or "bfloat16" (the PyTorch engine: float32 only).</param>
    public static Metric Mean(string? name = null, string? dtype = null) => Reduction("Mean", "mean", name, dtype);

    /// <summary>
    /// <c>keras.metrics.Sum</c>: the running (weighted) total of the values it is updated with. Like <see cref="Mean"/> it takes
    /// (values, sample_weight), so Keras's fit and evaluate refuse it as a compiled metric.
    /// </summary>
    /// <param name="name">The metric's name; null for "sum".</param>
    /// <param name="dtype">The accumulator's dtype: "float32" (null), "float64", "float16" or "bfloat16" (the PyTorch engine: float32 only).</param>
    public static Metric Sum(string? name = null, string? dtype = null) => Reduction("Sum", "sum", name, dtype);

    // Keras's Metric.get_config: {"name", "dtype"}, dtype None written as the float type it resolves to.
    private static Metric Reduction(string className, string kerasName, string? name, string? dtype)
    {
        if (dtype is not (null or "float32" or "float64" or "float16" or "bfloat16"))
        {
            throw new ArgumentException($"Expected dtype \"float32\", \"float64\", \"float16\" or \"bfloat16\" (or null); got \"{dtype}\".", nameof(dtype));
        }
        var config = new JsonObject { ["name"] = name ?? kerasName, ["dtype"] = dtype ?? "float32" };
        return new(KerasConfig.Serialized("keras.metrics", className, config), name ?? kerasName);
    }
}
