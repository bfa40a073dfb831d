using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Metrics
{
    /// <summary>
    /// <c>keras.metrics.PearsonCorrelation</c> (keras/src/metrics/correlation_metrics.py): each sample's Pearson correlation of
    /// targets and predictions along <paramref name="axis"/>, averaged over the samples seen.
    /// </summary>
    /// <param name="name">The metric's name in History; null for "pearson_correlation".</param>
    /// <param name="axis">The axis correlated along (the outputs of a sample: a one-unit output gives NaN, as in Keras).</param>
    public static Metric PearsonCorrelation(string? name = null, int axis = -1) =>
        Named("PearsonCorrelation", name, "pearson_correlation", new JsonObject { ["axis"] = axis });

    /// <summary>
    /// <c>keras.metrics.ConcordanceCorrelation</c>: each sample's concordance correlation of targets and predictions along
    /// <paramref name="axis"/>: 2·cov / (var(y_true) + var(y_pred) + (mean(y_true) - mean(y_pred))² + 1e-7), averaged over the samples seen.
    /// </summary>
    /// <param name="name">The metric's name in History; null for "concordance_correlation".</param>
    /// <param name="axis">The axis correlated along.</param>
    public static Metric ConcordanceCorrelation(string? name = null, int axis = -1) =>
        Named("ConcordanceCorrelation", name, "concordance_correlation", new JsonObject { ["axis"] = axis });
}
