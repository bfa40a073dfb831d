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
        string reduction = "sum_over_batch_size") =>
        CategoricalFocal(Alpha(alpha), gamma, fromLogits, labelSmoothing, axis, reduction);

    /// <summary>
    /// <c>keras.losses.CategoricalFocalCrossentropy</c> with one alpha per class: class c's term is weighted by alpha[c] * (1 - p_c)^gamma
    /// (Keras multiplies by the list broadcast over the last axis, so it has one entry per class, or one for all).
    /// </summary>
    /// <param name="alpha">The classes' weights, in class order: finite and ≥ 0 (Keras suggests inverse class frequencies, which may pass 1).</param>
    /// <param name="gamma">The focusing parameter (≥ 0).</param>
    /// <param name="fromLogits">Predictions are logits.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1].</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    /// <exception cref="ArgumentException">alpha is empty or has an entry that is negative or not finite (ParamName alpha).</exception>
    public static Loss CategoricalFocalCrossentropy(IReadOnlyList<double> alpha, double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0.0,
        int axis = -1, string reduction = "sum_over_batch_size")
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Count == 0 || alpha.Any(a => !(a >= 0) || !double.IsFinite(a)))
        {
            throw new ArgumentException($"Expected alpha to be one or more class weights, each finite and >= 0; got [{string.Join(", ", alpha.Select(LayerArgs.Text))}].",
                nameof(alpha));
        }
        // Keras's get_config writes the list as given (serialized as a JSON list).
        return CategoricalFocal(new JsonArray(alpha.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()), gamma, fromLogits, labelSmoothing, axis, reduction);
    }

    private static Loss CategoricalFocal(JsonNode alpha, double gamma, bool fromLogits, double labelSmoothing, int axis, string reduction)
    {
        var config = Base("categorical_focal_crossentropy", reduction);
        config["alpha"] = alpha;
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
