using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's accuracy, regression, probabilistic and F-score metrics, typed with Keras's parameter names and defaults.</summary>
public static partial class Metrics
{
    private static Metric Named(string className, string? name, string kerasName, JsonObject? options = null)
    {
        var config = new JsonObject { ["name"] = name ?? kerasName, ["dtype"] = "float32" };
        foreach (var (key, value) in options ?? [])
        {
            config[key] = value?.DeepClone();
        }
        return new(KerasConfig.Serialized("keras.metrics", className, config), name ?? kerasName);
    }

    /// <summary><c>keras.metrics.BinaryAccuracy</c>: how often a prediction above <paramref name="threshold"/> matches a 0/1 target.</summary>
    /// <param name="name">The metric's name in History; null for "binary_accuracy".</param>
    /// <param name="threshold">The decision threshold.</param>
    public static Metric BinaryAccuracy(string? name = null, double threshold = 0.5) =>
        Named("BinaryAccuracy", name, "binary_accuracy", new JsonObject { ["threshold"] = threshold });

    /// <summary><c>keras.metrics.CategoricalAccuracy</c>: how often the arg-max of the prediction matches a one-hot target's.</summary>
    /// <param name="name">The metric's name in History; null for "categorical_accuracy".</param>
    public static Metric CategoricalAccuracy(string? name = null) => Named("CategoricalAccuracy", name, "categorical_accuracy");

    /// <summary><c>keras.metrics.SparseCategoricalAccuracy</c>: how often the arg-max of the prediction is the integer target.</summary>
    /// <param name="name">The metric's name in History; null for "sparse_categorical_accuracy".</param>
    public static Metric SparseCategoricalAccuracy(string? name = null) => Named("SparseCategoricalAccuracy", name, "sparse_categorical_accuracy");

    /// <summary><c>keras.metrics.TopKCategoricalAccuracy</c>: how often a one-hot target is among the k largest predictions.</summary>
    /// <param name="k">How many top predictions count (&gt; 0).</param>
    /// <param name="name">The metric's name in History; null for "top_k_categorical_accuracy".</param>
    public static Metric TopKCategoricalAccuracy(int k = 5, string? name = null) =>
        Named("TopKCategoricalAccuracy", name, "top_k_categorical_accuracy", new JsonObject { ["k"] = LayerArgs.Positive(k, nameof(k)) });

    /// <summary><c>keras.metrics.SparseTopKCategoricalAccuracy</c>: how often an integer target is among the k largest predictions.</summary>
    /// <param name="k">How many top predictions count (&gt; 0).</param>
    /// <param name="name">The metric's name in History; null for "sparse_top_k_categorical_accuracy".</param>
    /// <param name="fromSortedIds">Predictions are already the sorted top ids (not scores); Keras writes it only when true.</param>
    public static Metric SparseTopKCategoricalAccuracy(int k = 5, string? name = null, bool fromSortedIds = false)
    {
        var options = new JsonObject { ["k"] = LayerArgs.Positive(k, nameof(k)) };
        if (fromSortedIds)
        {
            options["from_sorted_ids"] = true;
        }
        return Named("SparseTopKCategoricalAccuracy", name, "sparse_top_k_categorical_accuracy", options);
    }

    /// <summary><c>keras.metrics.MeanAbsolutePercentageError</c>.</summary>
    /// <param name="name">The metric's name in History; null for Keras's.</param>
    public static Metric MeanAbsolutePercentageError(string? name = null) => Named("MeanAbsolutePercentageError", name, "mean_absolute_percentage_error");

    /// <summary><c>keras.metrics.MeanSquaredLogarithmicError</c>.</summary>
    /// <param name="name">The metric's name in History; null for Keras's.</param>
    public static Metric MeanSquaredLogarithmicError(string? name = null) => Named("MeanSquaredLogarithmicError", name, "mean_squared_logarithmic_error");

    /// <summary><c>keras.metrics.LogCoshError</c>: mean of log(cosh(y_pred - y_true)).</summary>
    /// <param name="name">The metric's name in History; null for "logcosh".</param>
    public static Metric LogCoshError(string? name = null) => Named("LogCoshError", name, "logcosh");

    /// <summary><c>keras.metrics.CosineSimilarity</c>: the mean cosine similarity of targets and predictions along <paramref name="axis"/>.</summary>
    /// <param name="name">The metric's name in History; null for "cosine_similarity".</param>
    /// <param name="axis">The axis compared along (Keras writes it to no config; only -1 round-trips through a file).</param>
    public static Metric CosineSimilarity(string? name = null, int axis = -1) =>
        Named("CosineSimilarity", name, "cosine_similarity", axis == -1 ? null : new JsonObject { ["axis"] = axis });

    /// <summary><c>keras.metrics.R2Score</c>: the coefficient of determination.</summary>
    /// <param name="classAggregation">"uniform_average", "variance_weighted_average" or null (one score per output, which the PyTorch engine refuses:
    /// its logs hold one number per metric).</param>
    /// <param name="numRegressors">Regressors for the adjusted R² (≥ 0); 0 for plain R².</param>
    /// <param name="name">The metric's name in History; null for "r2_score".</param>
    public static Metric R2Score(string? classAggregation = "uniform_average", int numRegressors = 0, string? name = null)
    {
        if (classAggregation is not (null or "uniform_average" or "variance_weighted_average"))
        {
            throw new ArgumentException(
                $"Expected classAggregation \"uniform_average\", \"variance_weighted_average\" or null; got \"{classAggregation}\".", nameof(classAggregation));
        }
        return Named("R2Score", name, "r2_score", new JsonObject
        {
            ["class_aggregation"] = classAggregation,
            ["num_regressors"] = LayerArgs.NonNegative(numRegressors, nameof(numRegressors)),
        });
    }

    /// <summary><c>keras.metrics.F1Score</c>: the harmonic mean of precision and recall.</summary>
    /// <param name="average">null (one score per class), "micro", "macro" or "weighted".</param>
    /// <param name="threshold">Predictions above it count as positive; null for the arg-max of each sample.</param>
    /// <param name="name">The metric's name in History; null for "f1_score".</param>
    public static Metric F1Score(string? average = null, double? threshold = null, string? name = null) =>
        Named("F1Score", name, "f1_score", FScore(average, threshold));

    /// <summary><c>keras.metrics.FBetaScore</c>: the F-beta score (recall weighted beta times as much as precision).</summary>
    /// <param name="average">null (one score per class), "micro", "macro" or "weighted".</param>
    /// <param name="beta">The recall weight (&gt; 0).</param>
    /// <param name="threshold">Predictions above it count as positive; null for the arg-max of each sample.</param>
    /// <param name="name">The metric's name in History; null for "fbeta_score".</param>
    public static Metric FBetaScore(string? average = null, double beta = 1.0, double? threshold = null, string? name = null)
    {
        if (!(beta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"Expected beta > 0; got {beta}.");
        }
        var options = FScore(average, threshold);
        options["beta"] = beta;
        return Named("FBetaScore", name, "fbeta_score", options);
    }

    private static JsonObject FScore(string? average, double? threshold)
    {
        if (average is not (null or "micro" or "macro" or "weighted"))
        {
            throw new ArgumentException($"Expected average null, \"micro\", \"macro\" or \"weighted\"; got \"{average}\".", nameof(average));
        }
        if (threshold is { } t && !(t > 0 && t <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), t, $"Expected threshold in (0, 1] or null; got {t}.");
        }
        return new JsonObject { ["average"] = average, ["threshold"] = threshold };
    }
}
