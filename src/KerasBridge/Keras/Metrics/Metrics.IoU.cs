using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's intersection-over-union metrics (keras/src/metrics/iou_metrics.py), typed with Keras's parameter names and defaults.</summary>
public static partial class Metrics
{
    /// <summary>
    /// <c>keras.metrics.IoU</c>: the mean, over <paramref name="targetClassIds"/>, of each class's intersection over union
    /// (TP / (TP + FP + FN)) from the epoch's confusion matrix; classes that never occur are left out of the mean.
    /// </summary>
    /// <param name="numClasses">How many classes (≥ 1).</param>
    /// <param name="targetClassIds">The classes averaged over (each in [0, numClasses)).</param>
    /// <param name="name">The metric's name in History; null for "io_u".</param>
    /// <param name="ignoreClass">A target class id whose entries are left out; null for none.</param>
    /// <param name="sparseYTrue">Targets are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="sparseYPred">Predictions are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="axis">The class axis of non-sparse targets or predictions.</param>
    public static Metric IoU(int numClasses, IReadOnlyList<int> targetClassIds, string? name = null, int? ignoreClass = null, bool sparseYTrue = true,
        bool sparseYPred = true, int axis = -1)
    {
        var metricName = name ?? "io_u";
        return IoUMetric("IoU", metricName, new JsonObject
        {
            ["name"] = metricName,
            ["dtype"] = "int32",
            ["num_classes"] = LayerArgs.Positive(numClasses, nameof(numClasses)),
            ["target_class_ids"] = ClassIds(targetClassIds, numClasses, nameof(targetClassIds)),
            ["ignore_class"] = ignoreClass,
            ["sparse_y_true"] = sparseYTrue,
            ["sparse_y_pred"] = sparseYPred,
            ["axis"] = axis,
        });
    }

    /// <summary><c>keras.metrics.MeanIoU</c>: <see cref="IoU"/> averaged over every class.</summary>
    /// <param name="numClasses">How many classes (≥ 1).</param>
    /// <param name="name">The metric's name in History; null for "mean_io_u".</param>
    /// <param name="ignoreClass">A target class id whose entries are left out; null for none.</param>
    /// <param name="sparseYTrue">Targets are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="sparseYPred">Predictions are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="axis">The class axis of non-sparse targets or predictions.</param>
    public static Metric MeanIoU(int numClasses, string? name = null, int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true,
        int axis = -1)
    {
        var metricName = name ?? "mean_io_u";
        return IoUMetric("MeanIoU", metricName, new JsonObject
        {
            ["num_classes"] = LayerArgs.Positive(numClasses, nameof(numClasses)),
            ["name"] = metricName,
            ["dtype"] = "int32",
            ["ignore_class"] = ignoreClass,
            ["sparse_y_true"] = sparseYTrue,
            ["sparse_y_pred"] = sparseYPred,
            ["axis"] = axis,
        });
    }

    /// <summary>
    /// <c>keras.metrics.BinaryIoU</c>: <see cref="IoU"/> of two classes, a prediction at or above <paramref name="threshold"/> being class 1
    /// (targets are 0/1).
    /// </summary>
    /// <param name="targetClassIds">The classes averaged over (0, 1 or both); null for both.</param>
    /// <param name="threshold">The decision threshold.</param>
    /// <param name="name">The metric's name in History; null for "binary_io_u".</param>
    public static Metric BinaryIoU(IReadOnlyList<int>? targetClassIds = null, double threshold = 0.5, string? name = null)
    {
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Expected a finite threshold; got {threshold.ToString(CultureInfo.InvariantCulture)}.");
        }
        var metricName = name ?? "binary_io_u";
        return IoUMetric("BinaryIoU", metricName, new JsonObject
        {
            ["target_class_ids"] = ClassIds(targetClassIds ?? [0, 1], 2, nameof(targetClassIds)),
            ["threshold"] = threshold,
            ["name"] = metricName,
            ["dtype"] = "int32",
        });
    }

    /// <summary><c>keras.metrics.OneHotIoU</c>: <see cref="IoU"/> with one-hot targets (and, by default, score predictions).</summary>
    /// <param name="numClasses">How many classes (≥ 1).</param>
    /// <param name="targetClassIds">The classes averaged over (each in [0, numClasses)).</param>
    /// <param name="name">The metric's name in History; null for "one_hot_io_u".</param>
    /// <param name="ignoreClass">A target class id whose entries are left out; null for none.</param>
    /// <param name="sparseYPred">Predictions are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="axis">The class axis.</param>
    public static Metric OneHotIoU(int numClasses, IReadOnlyList<int> targetClassIds, string? name = null, int? ignoreClass = null,
        bool sparseYPred = false, int axis = -1)
    {
        var metricName = name ?? "one_hot_io_u";
        return IoUMetric("OneHotIoU", metricName, new JsonObject
        {
            ["num_classes"] = LayerArgs.Positive(numClasses, nameof(numClasses)),
            ["target_class_ids"] = ClassIds(targetClassIds, numClasses, nameof(targetClassIds)),
            ["name"] = metricName,
            ["dtype"] = "int32",
            ["ignore_class"] = ignoreClass,
            ["sparse_y_pred"] = sparseYPred,
            ["axis"] = axis,
        });
    }

    /// <summary><c>keras.metrics.OneHotMeanIoU</c>: <see cref="MeanIoU"/> with one-hot targets (and, by default, score predictions).</summary>
    /// <param name="numClasses">How many classes (≥ 1).</param>
    /// <param name="name">The metric's name in History; null for "one_hot_mean_io_u".</param>
    /// <param name="ignoreClass">A target class id whose entries are left out; null for none.</param>
    /// <param name="sparseYPred">Predictions are class ids (false: scores, their arg-max along <paramref name="axis"/> is taken).</param>
    /// <param name="axis">The class axis.</param>
    public static Metric OneHotMeanIoU(int numClasses, string? name = null, int? ignoreClass = null, bool sparseYPred = false, int axis = -1)
    {
        var metricName = name ?? "one_hot_mean_io_u";
        return IoUMetric("OneHotMeanIoU", metricName, new JsonObject
        {
            ["num_classes"] = LayerArgs.Positive(numClasses, nameof(numClasses)),
            ["name"] = metricName,
            ["dtype"] = "int32",
            ["ignore_class"] = ignoreClass,
            ["sparse_y_pred"] = sparseYPred,
            ["axis"] = axis,
        });
    }

    // Keras's IoU metrics count in int32 (their dtype) and write their configs in their own key orders.
    private static Metric IoUMetric(string className, string name, JsonObject config) =>
        new(KerasConfig.Serialized("keras.metrics", className, config), name);

    private static JsonArray ClassIds(IReadOnlyList<int> ids, int numClasses, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ids, parameterName);
        if (ids.Count == 0 || ids.Any(id => id < 0 || id >= numClasses))
        {
            throw new ArgumentOutOfRangeException(parameterName, $"Expected at least one class id, each in [0, {numClasses}); got [{string.Join(", ", ids)}].");
        }
        return LayerArgs.Ints([.. ids]);
    }
}
