using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's losses, typed, with Keras's defaults: <c>Losses.Huber(delta: 1.0)</c>.</summary>
public static partial class Losses
{
    private static JsonObject Base(string name, string reduction = "sum_over_batch_size")
    {
        // Keras also takes "none"/None, with which its fit fails (the loss is not one number); not offered here.
        if (reduction is not ("sum_over_batch_size" or "sum" or "mean" or "mean_with_sample_weight"))
        {
            throw new ArgumentException(
                $"Expected reduction \"sum_over_batch_size\", \"sum\", \"mean\" or \"mean_with_sample_weight\"; got \"{reduction}\".", nameof(reduction));
        }
        return new() { ["name"] = name, ["reduction"] = reduction };
    }

    /// <summary><c>keras.losses.MeanSquaredError</c>: mean of (y_true - y_pred)².</summary>
    public static Loss MeanSquaredError() => new("MeanSquaredError", Base("mean_squared_error"));

    /// <summary><c>keras.losses.MeanAbsoluteError</c>: mean of |y_true - y_pred|.</summary>
    public static Loss MeanAbsoluteError() => new("MeanAbsoluteError", Base("mean_absolute_error"));

    /// <summary><c>keras.losses.Huber</c>: quadratic for errors up to <paramref name="delta"/>, linear beyond.</summary>
    public static Loss Huber(double delta = 1.0)
    {
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"Expected delta > 0; got {delta}.");
        }
        var config = Base("huber_loss");
        // Keras's Huber.get_config writes no delta (its default 1.0 comes back from the constructor); a different delta is written so it survives.
        if (delta != 1.0)
        {
            config["delta"] = delta;
        }
        return new("Huber", config);
    }

    /// <summary><c>keras.losses.BinaryCrossentropy</c>.</summary>
    public static Loss BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0)
    {
        var config = Base("binary_crossentropy");
        config["from_logits"] = fromLogits;
        config["label_smoothing"] = LabelSmoothing(labelSmoothing);
        config["axis"] = -1;
        return new("BinaryCrossentropy", config);
    }

    /// <summary><c>keras.losses.CategoricalCrossentropy</c> (one-hot targets).</summary>
    public static Loss CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0)
    {
        var config = Base("categorical_crossentropy");
        config["from_logits"] = fromLogits;
        config["label_smoothing"] = LabelSmoothing(labelSmoothing);
        config["axis"] = -1;
        return new("CategoricalCrossentropy", config);
    }

    /// <summary><c>keras.losses.SparseCategoricalCrossentropy</c> (integer class ids as targets).</summary>
    public static Loss SparseCategoricalCrossentropy(bool fromLogits = false)
    {
        var config = Base("sparse_categorical_crossentropy");
        config["from_logits"] = fromLogits;
        config["ignore_class"] = null;
        return new("SparseCategoricalCrossentropy", config);
    }

    /// <summary><c>keras.losses.Poisson</c>: mean of y_pred - y_true * log(y_pred + 1e-7) (counts or rates as targets).</summary>
    public static Loss Poisson() => new("Poisson", Base("poisson"));

    /// <summary><c>keras.losses.KLDivergence</c>: sum of y_true * log(y_true / y_pred), both clipped to [1e-7, 1].</summary>
    public static Loss KLDivergence() => new("KLDivergence", Base("kl_divergence"));

    /// <summary><c>keras.losses.LogCosh</c>: mean of log(cosh(y_pred - y_true)).</summary>
    public static Loss LogCosh() => new("LogCosh", Base("log_cosh"));

    /// <summary><c>keras.losses.MeanSquaredLogarithmicError</c>: mean of (log(y_pred + 1) - log(y_true + 1))², values floored at 1e-7.</summary>
    public static Loss MeanSquaredLogarithmicError() => new("MeanSquaredLogarithmicError", Base("mean_squared_logarithmic_error"));

    /// <summary><c>keras.losses.MeanAbsolutePercentageError</c>: 100 * mean of |y_true - y_pred| / max(|y_true|, 1e-7).</summary>
    public static Loss MeanAbsolutePercentageError() => new("MeanAbsolutePercentageError", Base("mean_absolute_percentage_error"));

    /// <summary><c>keras.losses.Hinge</c>: mean of max(1 - y_true * y_pred, 0); 0/1 targets become -1/1.</summary>
    public static Loss Hinge() => new("Hinge", Base("hinge"));

    /// <summary><c>keras.losses.SquaredHinge</c>: mean of max(1 - y_true * y_pred, 0)²; 0/1 targets become -1/1.</summary>
    public static Loss SquaredHinge() => new("SquaredHinge", Base("squared_hinge"));

    /// <summary><c>keras.losses.CategoricalHinge</c>: max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0), one-hot targets.</summary>
    public static Loss CategoricalHinge() => new("CategoricalHinge", Base("categorical_hinge"));

    /// <summary><c>keras.losses.CosineSimilarity</c>: the negated cosine similarity of y_true and y_pred along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis along which the similarity is computed (Keras writes it to no config; only -1 round-trips through a file).</param>
    public static Loss CosineSimilarity(int axis = -1)
    {
        var config = Base("cosine_similarity");
        if (axis != -1)
        {
            config["axis"] = axis;
        }
        return new("CosineSimilarity", config);
    }

    private static double LabelSmoothing(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException("labelSmoothing", value, $"Expected labelSmoothing in [0, 1]; got {value}.");
}
