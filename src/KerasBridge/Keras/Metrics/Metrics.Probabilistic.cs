using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Metrics
{
    /// <summary><c>keras.metrics.BinaryCrossentropy</c> (keras/src/metrics/probabilistic_metrics.py).</summary>
    /// <param name="name">The metric's name in History; null for "binary_crossentropy".</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    public static Metric BinaryCrossentropy(string? name = null, bool fromLogits = false, double labelSmoothing = 0) =>
        Named("BinaryCrossentropy", name, "binary_crossentropy", new JsonObject { ["from_logits"] = fromLogits, ["label_smoothing"] = Smoothing(labelSmoothing) });

    /// <summary><c>keras.metrics.CategoricalCrossentropy</c> (one-hot targets).</summary>
    /// <param name="name">The metric's name in History; null for "categorical_crossentropy".</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The class axis.</param>
    public static Metric CategoricalCrossentropy(string? name = null, bool fromLogits = false, double labelSmoothing = 0, int axis = -1) =>
        Named("CategoricalCrossentropy", name, "categorical_crossentropy",
            new JsonObject { ["from_logits"] = fromLogits, ["label_smoothing"] = Smoothing(labelSmoothing), ["axis"] = axis });

    /// <summary><c>keras.metrics.SparseCategoricalCrossentropy</c> (integer class ids as targets).</summary>
    /// <param name="name">The metric's name in History; null for "sparse_categorical_crossentropy".</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="ignoreClass">A class id whose samples are left out; null for none.</param>
    /// <param name="axis">The class axis.</param>
    public static Metric SparseCategoricalCrossentropy(string? name = null, bool fromLogits = false, int? ignoreClass = null, int axis = -1) =>
        Named("SparseCategoricalCrossentropy", name, "sparse_categorical_crossentropy",
            new JsonObject { ["from_logits"] = fromLogits, ["ignore_class"] = ignoreClass, ["axis"] = axis });

    /// <summary><c>keras.metrics.KLDivergence</c>.</summary>
    /// <param name="name">The metric's name in History; null for "kl_divergence".</param>
    public static Metric KLDivergence(string? name = null) => Named("KLDivergence", name, "kl_divergence");

    /// <summary><c>keras.metrics.Poisson</c>.</summary>
    /// <param name="name">The metric's name in History; null for "poisson".</param>
    public static Metric Poisson(string? name = null) => Named("Poisson", name, "poisson");

    /// <summary><c>keras.metrics.Hinge</c> (keras/src/metrics/hinge_metrics.py).</summary>
    /// <param name="name">The metric's name in History; null for "hinge".</param>
    public static Metric Hinge(string? name = null) => Named("Hinge", name, "hinge");

    /// <summary><c>keras.metrics.SquaredHinge</c>.</summary>
    /// <param name="name">The metric's name in History; null for "squared_hinge".</param>
    public static Metric SquaredHinge(string? name = null) => Named("SquaredHinge", name, "squared_hinge");

    /// <summary><c>keras.metrics.CategoricalHinge</c>.</summary>
    /// <param name="name">The metric's name in History; null for "categorical_hinge".</param>
    public static Metric CategoricalHinge(string? name = null) => Named("CategoricalHinge", name, "categorical_hinge");

    private static double Smoothing(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException("labelSmoothing", value, $"Expected labelSmoothing in [0, 1]; got {value}.");
}
