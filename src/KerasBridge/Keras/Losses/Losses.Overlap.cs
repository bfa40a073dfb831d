using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Losses
{
    /// <summary>
    /// <c>keras.losses.Dice</c> (keras/src/losses/losses.py): 1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + 1e-7),
    /// the sums taken over <paramref name="axis"/>.
    /// </summary>
    /// <param name="axis">The axes summed over; null for every axis (one loss value per batch).</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss Dice(IReadOnlyList<int>? axis = null, string reduction = "sum_over_batch_size")
    {
        var config = Base("dice", reduction);
        config["axis"] = Axes(axis);
        return new("Dice", config);
    }

    /// <summary>
    /// <c>keras.losses.Tversky</c>: 1 - TP / (TP + alpha * FP + beta * FN + 1e-7), the counts summed over <paramref name="axis"/>;
    /// alpha = beta = 0.5 is the Dice loss. Keras names the terms with y_true and y_pred swapped: its "fp" is sum((1 - y_pred) * y_true).
    /// </summary>
    /// <param name="alpha">The weight of Keras's fp term, sum((1 - y_pred) * y_true).</param>
    /// <param name="beta">The weight of Keras's fn term, sum(y_pred * (1 - y_true)).</param>
    /// <param name="axis">The axes summed over; null for every axis (one loss value per batch).</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss Tversky(double alpha = 0.5, double beta = 0.5, IReadOnlyList<int>? axis = null, string reduction = "sum_over_batch_size")
    {
        var config = Base("tversky", reduction);
        config["alpha"] = Finite(alpha, nameof(alpha));
        config["beta"] = Finite(beta, nameof(beta));
        config["axis"] = Axes(axis);
        return new("Tversky", config);
    }

    /// <summary>
    /// <c>keras.losses.Circle</c>: the Circle loss of L2-normalized embeddings (the model's output) against integer group labels
    /// (one per sample; samples with the same label are positives of each other). Samples whose loss is 0 are masked out of the mean.
    /// </summary>
    /// <param name="gamma">The scale of the similarity scores.</param>
    /// <param name="margin">The relaxation margin.</param>
    /// <param name="removeDiagonal">Leave each sample's similarity with itself out of its positives.</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss Circle(double gamma = 80.0, double margin = 0.4, bool removeDiagonal = true, string reduction = "sum_over_batch_size")
    {
        var config = Base("circle", reduction);
        config["gamma"] = Finite(gamma, nameof(gamma));
        config["margin"] = Finite(margin, nameof(margin));
        config["remove_diagonal"] = removeDiagonal;
        return new("Circle", config);
    }

    /// <summary>
    /// <c>keras.losses.CategoricalGeneralizedCrossEntropy</c>: (1 - p^q) / q for p the predicted probability of the integer class id,
    /// a noise-robust crossentropy. Keras 3.15.1 has no string name for it.
    /// </summary>
    /// <param name="q">The noise parameter in (0, 1): near 0 like crossentropy, near 1 like mean absolute error.</param>
    /// <param name="reduction">How the per-sample values become the loss: "sum_over_batch_size" (sum / number of values), "sum", "mean" or
    /// "mean_with_sample_weight" (sum / sum of the sample weights).</param>
    public static Loss CategoricalGeneralizedCrossEntropy(double q = 0.5, string reduction = "sum_over_batch_size")
    {
        if (!(q > 0 && q < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, $"Expected q in (0, 1); got {q}.");
        }
        var config = Base("categorical_generalized_cross_entropy", reduction);
        config["q"] = q;
        return new("CategoricalGeneralizedCrossEntropy", config);
    }

    private static JsonArray? Axes(IReadOnlyList<int>? axis)
    {
        if (axis is null)
        {
            return null;
        }
        if (axis.Count == 0)
        {
            throw new ArgumentException("Expected axis null (every axis) or at least one axis; got an empty list.", nameof(axis));
        }
        return new JsonArray(axis.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
    }

    private static double Finite(double value, string parameterName) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected a finite {parameterName}; got {value}.");
}
