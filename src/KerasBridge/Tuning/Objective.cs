namespace KerasBridge;

/// <summary>
/// keras_tuner's <c>Objective(name, direction)</c>: the History key a search optimizes and whether lower or higher is
/// better. From a string the direction is inferred as keras_tuner's infer_metric_direction does (losses, errors: min;
/// accuracies, AUC, precision, recall: max).
/// </summary>
public sealed record Objective
{
    private static readonly HashSet<string> MaxNames =
    [
        "acc", "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy", "true_positives", "true_negatives", "precision", "recall", "auc",
        "sensitivity_at_specificity", "specificity_at_sensitivity", "r2_score", "f1_score", "fbeta_score",
    ];

    private static readonly HashSet<string> MinNames =
    [
        "loss", "crossentropy", "ce", "mse", "mae", "mape", "msle", "mean_squared_error", "mean_absolute_error",
        "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "root_mean_squared_error", "hinge", "squared_hinge",
        "categorical_hinge", "log_cosh", "logcosh", "kl_divergence", "kld", "poisson", "huber", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy", "false_positives", "false_negatives", "cosine_similarity",
    ];

    /// <summary>An objective with an explicit direction, "min" or "max".</summary>
    public Objective(string name, string direction)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected the History key to optimize, e.g. \"val_loss\"; got {(name is null ? "null" : $"'{name}'")}.", nameof(name));
        }
        if (direction is not ("min" or "max"))
        {
            throw new ArgumentException($"Expected direction \"min\" or \"max\"; got '{direction}'.", nameof(direction));
        }
        Name = name;
        Direction = direction;
    }

    /// <summary>The History key, e.g. "val_loss".</summary>
    public string Name { get; }

    /// <summary>"min" or "max".</summary>
    public string Direction { get; }

    /// <summary>An objective from a History key, its direction inferred ("val_loss": min; "val_accuracy": max).</summary>
    /// <exception cref="ArgumentException">The direction cannot be inferred: use <c>new Objective(name, "max")</c>.</exception>
    public static implicit operator Objective(string name) => new(name, Infer(name));

    private static string Infer(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected the History key to optimize, e.g. \"val_loss\"; got {(name is null ? "null" : $"'{name}'")}.", "objective");
        }
        var metric = name.StartsWith("val_", StringComparison.Ordinal) ? name[4..] : name;
        metric = metric.StartsWith("weighted_", StringComparison.Ordinal) ? metric[9..] : metric;
        if (MaxNames.Contains(metric))
        {
            return "max";
        }
        if (MinNames.Contains(metric) || metric.EndsWith("_loss", StringComparison.Ordinal) || metric.EndsWith("_error", StringComparison.Ordinal))
        {
            return "min";
        }
        throw new ArgumentException(
            $"Could not infer the optimization direction (\"min\" or \"max\") for the objective '{name}'; pass new Objective(\"{name}\", \"max\") or \"min\".",
            "objective");
    }

    /// <summary>Whether <paramref name="value"/> is strictly better than <paramref name="reference"/>.</summary>
    public bool BetterThan(double value, double reference) => Direction == "min" ? value < reference : value > reference;

    /// <summary>keras_tuner's text: <c>Objective(name="val_loss", direction="min")</c>.</summary>
    public override string ToString() => $"Objective(name=\"{Name}\", direction=\"{Direction}\")";
}
