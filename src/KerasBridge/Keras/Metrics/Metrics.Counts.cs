using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's confusion counts and rates at a target rate (keras/src/metrics/confusion_metrics.py), typed with Keras's parameter names and defaults.</summary>
public static partial class Metrics
{
    /// <summary>
    /// <c>keras.metrics.TruePositives</c>: how many entries are positive and predicted above the threshold, summed over the epoch.
    /// Several thresholds give one count per threshold (a vector: <see cref="History.Vectors"/>).
    /// </summary>
    /// <param name="thresholds">Decision thresholds in [0, 1]; null for 0.5.</param>
    /// <param name="name">The metric's name in History; null for "true_positives".</param>
    public static Metric TruePositives(IReadOnlyList<double>? thresholds = null, string? name = null) =>
        Count("TruePositives", "true_positives", thresholds, name);

    /// <summary>
    /// <c>keras.metrics.TrueNegatives</c>: how many entries are negative and predicted at or below the threshold, summed over the epoch.
    /// Several thresholds give one count per threshold (a vector: <see cref="History.Vectors"/>).
    /// </summary>
    /// <param name="thresholds">Decision thresholds in [0, 1]; null for 0.5.</param>
    /// <param name="name">The metric's name in History; null for "true_negatives".</param>
    public static Metric TrueNegatives(IReadOnlyList<double>? thresholds = null, string? name = null) =>
        Count("TrueNegatives", "true_negatives", thresholds, name);

    /// <summary>
    /// <c>keras.metrics.FalsePositives</c>: how many entries are negative but predicted above the threshold, summed over the epoch.
    /// Several thresholds give one count per threshold (a vector: <see cref="History.Vectors"/>).
    /// </summary>
    /// <param name="thresholds">Decision thresholds in [0, 1]; null for 0.5.</param>
    /// <param name="name">The metric's name in History; null for "false_positives".</param>
    public static Metric FalsePositives(IReadOnlyList<double>? thresholds = null, string? name = null) =>
        Count("FalsePositives", "false_positives", thresholds, name);

    /// <summary>
    /// <c>keras.metrics.FalseNegatives</c>: how many entries are positive but predicted at or below the threshold, summed over the epoch.
    /// Several thresholds give one count per threshold (a vector: <see cref="History.Vectors"/>).
    /// </summary>
    /// <param name="thresholds">Decision thresholds in [0, 1]; null for 0.5.</param>
    /// <param name="name">The metric's name in History; null for "false_negatives".</param>
    public static Metric FalseNegatives(IReadOnlyList<double>? thresholds = null, string? name = null) =>
        Count("FalseNegatives", "false_negatives", thresholds, name);

    /// <summary>
    /// <c>keras.metrics.PrecisionAtRecall</c>: the best precision among the thresholds whose recall is at least <paramref name="recall"/>
    /// (0 when none is).
    /// </summary>
    /// <param name="recall">The recall to reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds (≥ 1): 0, evenly spaced ones and 1 (one threshold is 0.5).</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "precision_at_recall".</param>
    public static Metric PrecisionAtRecall(double recall, int numThresholds = 200, int? classId = null, string? name = null) =>
        AtRate("PrecisionAtRecall", "precision_at_recall", "recall", recall, nameof(recall), numThresholds, classId, name);

    /// <summary>
    /// <c>keras.metrics.RecallAtPrecision</c>: the best recall among the thresholds whose precision is at least <paramref name="precision"/>
    /// (0 when none is).
    /// </summary>
    /// <param name="precision">The precision to reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds (≥ 1): 0, evenly spaced ones and 1 (one threshold is 0.5).</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "recall_at_precision".</param>
    public static Metric RecallAtPrecision(double precision, int numThresholds = 200, int? classId = null, string? name = null) =>
        AtRate("RecallAtPrecision", "recall_at_precision", "precision", precision, nameof(precision), numThresholds, classId, name);

    /// <summary>
    /// <c>keras.metrics.SensitivityAtSpecificity</c>: the best sensitivity (recall) among the thresholds whose specificity is at least
    /// <paramref name="specificity"/> (0 when none is).
    /// </summary>
    /// <param name="specificity">The specificity to reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds (≥ 1): 0, evenly spaced ones and 1 (one threshold is 0.5).</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "sensitivity_at_specificity".</param>
    public static Metric SensitivityAtSpecificity(double specificity, int numThresholds = 200, int? classId = null, string? name = null) =>
        AtRate("SensitivityAtSpecificity", "sensitivity_at_specificity", "specificity", specificity, nameof(specificity), numThresholds, classId, name);

    /// <summary>
    /// <c>keras.metrics.SpecificityAtSensitivity</c>: the best specificity among the thresholds whose sensitivity (recall) is at least
    /// <paramref name="sensitivity"/> (0 when none is).
    /// </summary>
    /// <param name="sensitivity">The sensitivity to reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds (≥ 1): 0, evenly spaced ones and 1 (one threshold is 0.5).</param>
    /// <param name="classId">Only this class (column) is evaluated (≥ 0); null for all entries.</param>
    /// <param name="name">The metric's name in History; null for "specificity_at_sensitivity".</param>
    public static Metric SpecificityAtSensitivity(double sensitivity, int numThresholds = 200, int? classId = null, string? name = null) =>
        AtRate("SpecificityAtSensitivity", "specificity_at_sensitivity", "sensitivity", sensitivity, nameof(sensitivity), numThresholds, classId, name);

    private static Metric Count(string className, string kerasName, IReadOnlyList<double>? thresholds, string? name)
    {
        JsonNode? written = null;
        if (thresholds is not null)
        {
            if (thresholds.Count == 0)
            {
                throw new ArgumentException("Expected at least one threshold in thresholds, or null for 0.5; got an empty list.", nameof(thresholds));
            }
            written = new JsonArray(thresholds.Select(t => (JsonNode)JsonValue.Create(Threshold(t, nameof(thresholds)))).ToArray());
        }
        return Named(className, name, kerasName, new JsonObject { ["thresholds"] = written });
    }

    private static Metric AtRate(string className, string kerasName, string key, double value, string parameterName, int numThresholds, int? classId,
        string? name)
    {
        if (!(value is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(parameterName, value,
                $"Expected {parameterName} in [0, 1]; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (classId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classId), classId, $"Expected classId >= 0 or null; got {classId}.");
        }
        // Keras's get_config order: class_id, num_thresholds, then the target rate.
        return Named(className, name, kerasName, new JsonObject
        {
            ["class_id"] = classId,
            ["num_thresholds"] = LayerArgs.Positive(numThresholds, nameof(numThresholds)),
            [key] = value,
        });
    }
}
