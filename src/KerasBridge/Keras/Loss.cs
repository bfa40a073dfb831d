using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras loss: typed through <see cref="Losses"/> or one of Keras's string names ("mse", "mae", "huber",
/// "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "poisson", "kld", "msle",
/// "mape", "log_cosh", "hinge", "squared_hinge", "categorical_hinge", "cosine_similarity", "binary_focal_crossentropy",
/// "categorical_focal_crossentropy", "dice", "tversky", "circle", "ctc"), which convert
/// implicitly; an unknown name is an <see cref="ArgumentException"/> listing the valid ones.
/// </summary>
public sealed class Loss
{
    private static readonly Dictionary<string, Func<Loss>> Aliases = new(StringComparer.Ordinal)
    {
        ["mean_squared_error"] = () => new Loss("mean_squared_error"),
        ["mse"] = () => new Loss("mse"),
        ["MSE"] = () => new Loss("MSE"),
        ["mean_absolute_error"] = () => new Loss("mean_absolute_error"),
        ["mae"] = () => new Loss("mae"),
        ["MAE"] = () => new Loss("MAE"),
        ["huber"] = () => new Loss("huber"),
        ["binary_crossentropy"] = () => new Loss("binary_crossentropy"),
        ["bce"] = () => new Loss("bce"),
        ["categorical_crossentropy"] = () => new Loss("categorical_crossentropy"),
        ["sparse_categorical_crossentropy"] = () => new Loss("sparse_categorical_crossentropy"),
        ["poisson"] = () => new Loss("poisson"),
        ["kl_divergence"] = () => new Loss("kl_divergence"),
        ["kld"] = () => new Loss("kld"),
        ["KLD"] = () => new Loss("KLD"),
        ["log_cosh"] = () => new Loss("log_cosh"),
        ["mean_squared_logarithmic_error"] = () => new Loss("mean_squared_logarithmic_error"),
        ["msle"] = () => new Loss("msle"),
        ["MSLE"] = () => new Loss("MSLE"),
        ["mean_absolute_percentage_error"] = () => new Loss("mean_absolute_percentage_error"),
        ["mape"] = () => new Loss("mape"),
        ["MAPE"] = () => new Loss("MAPE"),
        ["hinge"] = () => new Loss("hinge"),
        ["squared_hinge"] = () => new Loss("squared_hinge"),
        ["categorical_hinge"] = () => new Loss("categorical_hinge"),
        ["cosine_similarity"] = () => new Loss("cosine_similarity"),
        ["binary_focal_crossentropy"] = () => new Loss("binary_focal_crossentropy"),
        ["categorical_focal_crossentropy"] = () => new Loss("categorical_focal_crossentropy"),
        ["dice"] = () => new Loss("dice"),
        ["tversky"] = () => new Loss("tversky"),
        ["circle"] = () => new Loss("circle"),
        ["ctc"] = () => new Loss("ctc"),
    };

    private readonly JsonNode _config;

    private Loss(string alias)
    {
        _config = JsonValue.Create(alias);
        Name = alias;
    }

    internal Loss(string className, JsonObject config)
    {
        Name = (string)config["name"]!;
        _config = KerasConfig.Serialized("keras.losses", className, config);
    }

    /// <summary>The loss's name (its Keras string, or the name in its config, e.g. "huber_loss").</summary>
    public string Name { get; }

    /// <summary>Parses one of Keras's loss names.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Loss Parse(string name) => NamedOption.Resolve(name, Aliases, "loss", "loss");

    /// <summary>A loss from Keras's serialized form (a name, or {"class_name": ..., "config": {...}}), as in compile_config.</summary>
    /// <exception cref="ArgumentException">Not valid JSON, or not a loss class of Keras.</exception>
    public static Loss FromConfig(string json)
    {
        var node = Optimizer.ParseJson(json, "loss");
        if (node is JsonValue value && value.TryGetValue<string>(out var name))
        {
            return Parse(name);
        }
        if (node is JsonObject obj && obj["class_name"]?.GetValue<string>() is { } className && obj["config"] is JsonObject config)
        {
            // Any loss class of Keras's catalog (the message lists them, closest first).
            className = KerasCatalog.Group("losses").Get(className, nameof(json)).ClassName;
            var copy = (JsonObject)config.DeepClone();
            copy["name"] ??= LayerNames.SnakeCase(className);
            return new Loss(className, copy);
        }
        throw new ArgumentException($"Expected a loss name or {{\"class_name\": ..., \"config\": {{...}}}}; got {json}.", nameof(json));
    }

    /// <summary>Keras's string names convert implicitly: <c>loss: "mse"</c>.</summary>
    public static implicit operator Loss(string name) => Parse(name);

    /// <summary>
    /// Computes the loss as Keras's <c>loss(y_true, y_pred)</c> does (mean over the batch), on the current engine.
    /// </summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions of the same shape (or class ids for sparse losses).</param>
    public double Call(Array yTrue, Array yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        return Engine.Current.LossValue(this, yTrue, yPred);
    }

    /// <summary>What compile_config holds for this loss: the string, or the serialized object.</summary>
    internal JsonNode ToConfig() => _config.DeepClone();

    /// <inheritdoc />
    public override string ToString() => Name;
}
