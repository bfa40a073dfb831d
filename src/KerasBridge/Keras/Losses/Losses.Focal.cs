using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Losses
{
    /// <summary>
    /// <c>keras.losses.BinaryFocalCrossentropy</c> (keras/src/losses/losses.py): binary crossentropy weighted by
    /// (1 - p_t)^gamma, so well-classified examples count less.
    /// </summary>
    /// <param name="applyClassBalancing">Weight the classes by alpha and 1 - alpha.</param>
    /// <param name="alpha">The positive class's weight with class balancing, in [0, 1].</param>
    /// <param name="gamma">The focusing parameter (≥ 0); 0 is plain binary crossentropy.</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss BinaryFocalCrossentropy(bool applyClassBalancing = false, double alpha = 0.25, double gamma = 2.0, bool fromLogits = false,
        double labelSmoothing = 0.0, int axis = -1, string reduction = "sum_over_batch_size")
    {
        var config = Base("binary_focal_crossentropy", reduction);
        config["apply_class_balancing"] = applyClassBalancing;
        config["alpha"] = Alpha(alpha);
        config["gamma"] = Gamma(gamma);
        config["from_logits"] = fromLogits;
        config["label_smoothing"] = LabelSmoothing(labelSmoothing);
        config["axis"] = axis;
        return new("BinaryFocalCrossentropy", config);
    }

    /// <summary>
    /// <c>keras.losses.CategoricalFocalCrossentropy</c> (keras/src/losses/losses.py): categorical crossentropy weighted by
    /// alpha * (1 - p)^gamma (one-hot targets).
    /// </summary>
    /// <param name="alpha">The weighting factor, in [0, 1].</param>
    /// <param name="gamma">The focusing parameter (≥ 0).</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss CategoricalFocalCrossentropy(double alpha = 0.25, double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1,
        string reduction = "sum_over_batch_size")
    {
        var config = Base("categorical_focal_crossentropy", reduction);
        config["alpha"] = Alpha(alpha);
        config["gamma"] = Gamma(gamma);
        config["from_logits"] = fromLogits;
        config["label_smoothing"] = LabelSmoothing(labelSmoothing);
        config["axis"] = axis;
        return new("CategoricalFocalCrossentropy", config);
    }

    private static double Alpha(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException("alpha", value, $"Expected alpha in [0, 1]; got {value}.");

    private static double Gamma(double value) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException("gamma", value, $"Expected gamma >= 0; got {value}.");
}
