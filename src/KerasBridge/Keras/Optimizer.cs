using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras optimizer: typed through <see cref="Optimizers"/> or Keras's names ("adam", "sgd", "rmsprop"),
/// which convert implicitly with Keras's defaults.
/// </summary>
public sealed class Optimizer
{
    private static readonly Dictionary<string, Func<Optimizer>> Known = new(StringComparer.Ordinal)
    {
        ["adam"] = () => Optimizers.Adam(),
        ["sgd"] = () => Optimizers.SGD(),
        ["rmsprop"] = () => Optimizers.RMSprop(),
    };

    private readonly JsonObject _config;

    internal Optimizer(string className, JsonObject config)
    {
        ClassName = className;
        _config = config;
    }

    /// <summary>Keras's class name: "Adam", "SGD" or "RMSprop".</summary>
    public string ClassName { get; }

    /// <summary>The learning rate.</summary>
    public double LearningRate => (double)_config["learning_rate"]!;

    /// <summary>Parses one of Keras's optimizer names.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Optimizer Parse(string name) => NamedOption.Resolve(name, Known, "optimizer", "optimizer");

    /// <summary>
    /// An optimizer from Keras's serialized form, as found in a .keras file's compile_config: either a name
    /// ("adam") or {"class_name": "Adam", "config": {...}} (any module path).
    /// </summary>
    /// <exception cref="ArgumentException">Not valid JSON, or an optimizer KerasBridge does not know.</exception>
    public static Optimizer FromConfig(string json)
    {
        var node = ParseJson(json, "optimizer");
        if (node is JsonValue value && value.TryGetValue<string>(out var name))
        {
            return Parse(name);
        }
        if (node is JsonObject obj && obj["class_name"]?.GetValue<string>() is { } className && obj["config"] is JsonObject config)
        {
            if (className is not ("Adam" or "SGD" or "RMSprop"))
            {
                throw new ArgumentException($"Unknown optimizer class '{className}'. Expected one of: Adam, RMSprop, SGD.", nameof(json));
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

    /// <inheritdoc />
    public override string ToString() => $"{ClassName}(learning_rate={LearningRate})";
}

/// <summary>Keras's optimizers, typed, with Keras's defaults.</summary>
public static class Optimizers
{
    private static JsonObject Base(string className, double learningRate)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"Expected a learning rate > 0; got {learningRate}.");
        }
        return new JsonObject
        {
            ["name"] = LayerNames.Next(LayerNames.SnakeCase(className)),
            ["learning_rate"] = learningRate,
            ["weight_decay"] = null,
            ["clipnorm"] = null,
            ["global_clipnorm"] = null,
            ["clipvalue"] = null,
            ["use_ema"] = false,
            ["ema_momentum"] = 0.99,
            ["ema_overwrite_frequency"] = null,
            ["loss_scale_factor"] = null,
            ["gradient_accumulation_steps"] = null,
        };
    }

    private static double Unit(double value, string name, bool inclusiveOne = false) =>
        value >= 0 && (inclusiveOne ? value <= 1 : value < 1)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} in [0, 1{(inclusiveOne ? "]" : ")")}; got {value}.");

    private static double PositiveEpsilon(double value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException("epsilon", value, $"Expected epsilon > 0; got {value}.");

    /// <summary><c>keras.optimizers.SGD</c> (learning rate 0.01, no momentum by default).</summary>
    public static Optimizer SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false)
    {
        var config = Base("SGD", learningRate);
        config["momentum"] = Unit(momentum, nameof(momentum), inclusiveOne: true);
        config["nesterov"] = nesterov;
        return new("SGD", config);
    }

    /// <summary><c>keras.optimizers.Adam</c> (0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).</summary>
    public static Optimizer Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
    {
        var config = Base("Adam", learningRate);
        config["beta_1"] = Unit(beta1, nameof(beta1));
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = PositiveEpsilon(epsilon);
        config["amsgrad"] = amsgrad;
        return new("Adam", config);
    }

    /// <summary><c>keras.optimizers.RMSprop</c> (0.001, rho 0.9, epsilon 1e-7).</summary>
    public static Optimizer RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false)
    {
        var config = Base("RMSprop", learningRate);
        config["rho"] = Unit(rho, nameof(rho));
        config["momentum"] = Unit(momentum, nameof(momentum), inclusiveOne: true);
        config["epsilon"] = PositiveEpsilon(epsilon);
        config["centered"] = centered;
        return new("RMSprop", config);
    }
}
