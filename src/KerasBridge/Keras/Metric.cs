using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras metric: typed through <see cref="Metrics"/> or Keras's names ("accuracy", "acc", "mae", "mse",
/// "root_mean_squared_error", "precision", "recall", "auc", "hinge", "kl_divergence", "poisson", "log_cosh_error", "mape", "msle",
/// "cosine_similarity", "r2_score", "pearson_correlation", "concordance_correlation", ...). "accuracy" is resolved to binary, categorical or sparse accuracy from the
/// targets and outputs, as Keras does.
/// </summary>
public sealed class Metric
{
    private static readonly string[] Names =
    [
        "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "mean_squared_error", "mse", "mean_absolute_error", "mae", "root_mean_squared_error",
        "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
        "precision", "recall", "auc",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "f1_score",
        "true_positives", "true_negatives", "false_positives", "false_negatives", "binary_io_u",
        "hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "log_cosh_error",
        "mean_absolute_percentage_error", "mape", "MAPE", "mean_squared_logarithmic_error", "msle", "MSLE",
        "cosine_similarity", "r2_score", "pearson_correlation", "concordance_correlation",
    ];

    private static readonly Dictionary<string, Func<Metric>> Known =
        Names.ToDictionary(n => n, n => (Func<Metric>)(() => new Metric(JsonValue.Create(n), n)), StringComparer.Ordinal);

    private readonly JsonNode _config;

    internal Metric(JsonNode config, string name)
    {
        _config = config;
        Name = name;
    }

    /// <summary>The metric's name as History keys use it (e.g. "accuracy", "root_mean_squared_error").</summary>
    public string Name { get; }

    /// <summary>Parses one of Keras's metric names.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Metric Parse(string name) => NamedOption.Resolve(name, Known, "metric", "metrics");

    /// <summary>A metric from Keras's serialized form (a name, or {"class_name": ..., "config": {...}}), as in compile_config.</summary>
    /// <exception cref="ArgumentException">Not valid JSON, or not a metric class of Keras.</exception>
    public static Metric FromConfig(string json)
    {
        var node = Optimizer.ParseJson(json, "metric");
        if (node is JsonValue value && value.TryGetValue<string>(out var name))
        {
            return Parse(name);
        }
        if (node is JsonObject obj && obj["class_name"]?.GetValue<string>() is { } className && obj["config"] is JsonObject config)
        {
            // Any metric class of Keras's catalog (the message lists them, closest first).
            className = KerasCatalog.Group("metrics").Get(className, nameof(json)).ClassName;
            var metricName = config["name"]?.GetValue<string>() ?? LayerNames.SnakeCase(className);
            return new Metric(KerasConfig.Serialized("keras.metrics", className, (JsonObject)config.DeepClone()), metricName);
        }
        throw new ArgumentException($"Expected a metric name or {{\"class_name\": ..., \"config\": {{...}}}}; got {json}.", nameof(json));
    }

    /// <summary>Keras's string names convert implicitly: <c>metrics: ["accuracy"]</c>.</summary>
    public static implicit operator Metric(string name) => Parse(name);

    internal JsonNode ToConfig() => _config.DeepClone();

    /// <inheritdoc />
    public override string ToString() => Name;
}
