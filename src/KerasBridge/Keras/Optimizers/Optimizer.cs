using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras optimizer: typed through <see cref="Optimizers"/> or Keras's names ("adam", "sgd", "rmsprop",
/// "adamw", "adagrad", "adadelta", "adamax", "nadam", "lion", "ftrl", "adafactor", "muon", "schedulefreeadamw"), which convert implicitly with Keras's defaults.
/// </summary>
public sealed class Optimizer
{
    /// <summary>Keras's class names of the optimizers KerasBridge knows, each with its typed factory (Keras's defaults).</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Optimizer>> Classes = new Dictionary<string, Func<Optimizer>>(StringComparer.Ordinal)
    {
        ["SGD"] = () => Optimizers.SGD(),
        ["Adam"] = () => Optimizers.Adam(),
        ["AdamW"] = () => Optimizers.AdamW(),
        ["RMSprop"] = () => Optimizers.RMSprop(),
        ["Adagrad"] = () => Optimizers.Adagrad(),
        ["Adadelta"] = () => Optimizers.Adadelta(),
        ["Adamax"] = () => Optimizers.Adamax(),
        ["Nadam"] = () => Optimizers.Nadam(),
        ["Lion"] = () => Optimizers.Lion(),
        ["Ftrl"] = () => Optimizers.Ftrl(),
        ["Lamb"] = () => Optimizers.Lamb(),
        ["Adafactor"] = () => Optimizers.Adafactor(),
        ["Muon"] = () => Optimizers.Muon(),
        ["ScheduleFreeAdamW"] = () => Optimizers.ScheduleFreeAdamW(),
    };

    // Keras's optimizers.get takes the lower-case class name, of the classes in its ALL_OBJECTS (Lamb is not).
    private static readonly Dictionary<string, Func<Optimizer>> Known =
        Classes.Where(p => p.Key != "Lamb").ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value, StringComparer.Ordinal);

    private readonly JsonObject _config;

    internal Optimizer(string className, JsonObject config)
    {
        ClassName = className;
        _config = config;
    }

    /// <summary>Keras's class name: "Adam", "SGD", "RMSprop", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion", "Ftrl", "Lamb", "Adafactor", "Muon", "ScheduleFreeAdamW" (typed), or another of Keras's made by <see cref="Optimizers.Create"/>.</summary>
    public string ClassName { get; }

    /// <summary>
    /// The learning rate; for a <see cref="LearningRateSchedule"/>, the schedule's rate at step 0 as its config states it
    /// (initial_learning_rate, or the first of PiecewiseConstantDecay's values).
    /// </summary>
    public double LearningRate => Schedule?.InitialLearningRate ?? (double)_config["learning_rate"]!;

    /// <summary>The learning-rate schedule, or null when the learning rate is a number.</summary>
    public LearningRateSchedule? Schedule => _config["learning_rate"] is JsonObject schedule ? LearningRateSchedule.FromNode(schedule) : null;

    /// <summary>Parses one of Keras's optimizer names.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Optimizer Parse(string name) => NamedOption.Resolve(name, Known, "optimizer", "optimizer");

    /// <summary>
    /// An optimizer from Keras's serialized form, as found in a .keras file's compile_config: either a name
    /// ("adam") or {"class_name": "Adam", "config": {...}} (any module path).
    /// </summary>
    /// <exception cref="ArgumentException">Not valid JSON, or not an optimizer class of Keras.</exception>
    public static Optimizer FromConfig(string json)
    {
        var node = ParseJson(json, "optimizer");
        if (node is JsonValue value && value.TryGetValue<string>(out var name))
        {
            return Parse(name);
        }
        if (node is JsonObject obj && obj["class_name"]?.GetValue<string>() is { } className && obj["config"] is JsonObject config)
        {
            if (!Classes.ContainsKey(className))
            {
                // Any optimizer class of Keras's catalog (the message lists them, closest first); the PyTorch engine runs the typed ones.
                className = KerasCatalog.Group("optimizers").Get(className, nameof(json)).ClassName;
            }
            if (config["learning_rate"] is JsonObject schedule)
            {
                LearningRateSchedule.FromNode(schedule); // an unknown schedule fails here, naming the valid ones
            }
            return new Optimizer(className, (JsonObject)config.DeepClone());
        }
        throw new ArgumentException($"Expected an optimizer name or {{\"class_name\": ..., \"config\": {{...}}}}; got {json}.", nameof(json));
    }

    internal static JsonNode ParseJson(string json, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        try
        {
            return JsonNode.Parse(json) ?? throw new ArgumentException($"Expected a serialized {what}; got null.", nameof(json));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"Expected a serialized {what} as JSON; got invalid JSON ({e.Message}).", nameof(json), e);
        }
    }

    /// <summary>Keras's string names convert implicitly: <c>optimizer: "adam"</c>.</summary>
    public static implicit operator Optimizer(string name) => Parse(name);

    /// <summary>The serialized optimizer, as in compile_config.</summary>
    internal JsonObject ToConfig() => KerasConfig.Serialized("keras.optimizers", ClassName, (JsonObject)_config.DeepClone(), ClassName);

    /// <summary>The optimizer's config (a copy), keys as Keras writes them.</summary>
    internal JsonObject Config => (JsonObject)_config.DeepClone();

    /// <inheritdoc />
    public override string ToString() =>
        Schedule is { } schedule ? $"{ClassName}(learning_rate={schedule})" : $"{ClassName}(learning_rate={LearningRate})";
}
