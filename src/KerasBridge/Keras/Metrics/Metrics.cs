using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's metrics, typed.</summary>
public static partial class Metrics
{
    private static Metric Object(string className, string name) =>
        new(KerasConfig.Serialized("keras.metrics", className, new JsonObject { ["name"] = name, ["dtype"] = "float32" }), name);

    /// <summary>"accuracy", resolved by the engine to binary, categorical or sparse accuracy as Keras does.</summary>
    public static Metric Accuracy { get; } = Metric.Parse("accuracy");

    /// <summary><c>keras.metrics.RootMeanSquaredError</c>.</summary>
    public static Metric RootMeanSquaredError() => Object("RootMeanSquaredError", "root_mean_squared_error");

    /// <summary><c>keras.metrics.MeanAbsoluteError</c>.</summary>
    public static Metric MeanAbsoluteError() => Object("MeanAbsoluteError", "mean_absolute_error");

    /// <summary><c>keras.metrics.MeanSquaredError</c>.</summary>
    public static Metric MeanSquaredError() => Object("MeanSquaredError", "mean_squared_error");

    /// <summary>
    /// <c>keras.metrics.Precision</c> (keras/src/metrics/confusion_metrics.py): true positives / predicted positives,
    /// a prediction being positive when it is above <paramref name="thresholds"/> (0.5 by default).
    /// </summary>
    /// <param name="thresholds">The decision threshold in [0, 1]; null for 0.5 (or, with topK, the top-k entries count as positive).</param>
    /// <param name="topK">Only the k largest predictions of each sample count as positive (≥ 1); null for all.</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "precision".</param>
    public static Metric Precision(double? thresholds = null, int? topK = null, int? classId = null, string? name = null) =>
        Confusion("Precision", name ?? "precision", thresholds, topK, classId);

    /// <summary>
    /// <c>keras.metrics.Recall</c> (keras/src/metrics/confusion_metrics.py): true positives / actual positives,
    /// a prediction being positive when it is above <paramref name="thresholds"/> (0.5 by default).
    /// </summary>
    /// <param name="thresholds">The decision threshold in [0, 1]; null for 0.5 (or, with topK, the top-k entries count as positive).</param>
    /// <param name="topK">Only the k largest predictions of each sample count as positive (≥ 1); null for all.</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "recall".</param>
    public static Metric Recall(double? thresholds = null, int? topK = null, int? classId = null, string? name = null) =>
        Confusion("Recall", name ?? "recall", thresholds, topK, classId);

    /// <summary>
    /// <c>keras.metrics.AUC</c> (keras/src/metrics/confusion_metrics.py): the area under the ROC or precision-recall curve,
    /// from confusion counts at <paramref name="numThresholds"/> evenly spaced thresholds (or the given ones), summed
    /// with Keras's interpolation. Multi-label AUC (Keras's multi_label, num_labels, label_weights) is not offered.
    /// </summary>
    /// <param name="numThresholds">How many thresholds (> 1).</param>
    /// <param name="curve">"ROC" or "PR".</param>
    /// <param name="summationMethod">"interpolation", "minoring" or "majoring".</param>
    /// <param name="name">The metric's name in History; null for "auc".</param>
    /// <param name="thresholds">Explicit thresholds in [0, 1] (numThresholds is then their count + 2); null for evenly spaced ones.</param>
    /// <param name="fromLogits">Predictions are logits (a sigmoid is applied first).</param>
    public static Metric AUC(int numThresholds = 200, string curve = "ROC", string summationMethod = "interpolation", string? name = null,
        IReadOnlyList<double>? thresholds = null, bool fromLogits = false)
    {
        if (numThresholds <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, $"Expected numThresholds > 1; got {numThresholds}.");
        }
        if (curve is not ("ROC" or "PR"))
        {
            throw new ArgumentException($"Expected curve \"ROC\" or \"PR\"; got \"{curve}\".", nameof(curve));
        }
        if (summationMethod is not ("interpolation" or "minoring" or "majoring"))
        {
            throw new ArgumentException($"Expected summationMethod \"interpolation\", \"minoring\" or \"majoring\"; got \"{summationMethod}\".", nameof(summationMethod));
        }
        var metricName = name ?? "auc";
        var config = new JsonObject
        {
            ["name"] = metricName,
            ["dtype"] = "float32",
            ["num_thresholds"] = thresholds is null ? numThresholds : thresholds.Count + 2,
            ["curve"] = curve,
            ["summation_method"] = summationMethod,
            ["multi_label"] = false,
            ["num_labels"] = null,
            ["label_weights"] = null,
            ["from_logits"] = fromLogits,
        };
        if (thresholds is not null)
        {
            foreach (var t in thresholds)
            {
                Threshold(t, nameof(thresholds));
            }
            config["thresholds"] = new JsonArray(thresholds.Order().Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        }
        return new(KerasConfig.Serialized("keras.metrics", "AUC", config), metricName);
    }

    private static Metric Confusion(string className, string name, double? thresholds, int? topK, int? classId)
    {
        if (topK is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"Expected topK >= 1 or null; got {topK}.");
        }
        if (classId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classId), classId, $"Expected classId >= 0 or null; got {classId}.");
        }
        var config = new JsonObject
        {
            ["name"] = name,
            ["dtype"] = "float32",
            ["thresholds"] = thresholds is { } t ? Threshold(t, nameof(thresholds)) : null,
            ["top_k"] = topK,
            ["class_id"] = classId,
        };
        return new(KerasConfig.Serialized("keras.metrics", className, config), name);
    }

    private static double Threshold(double value, string parameterName) =>
        value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} in [0, 1]; got {value.ToString(CultureInfo.InvariantCulture)}.");
}
