using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras object described by its class name and config, as Keras serializes it (initializers, regularizers,
/// constraints): the shared shape of <see cref="Initializer"/>, <see cref="Regularizer"/> and <see cref="Constraint"/>.
/// Made only through their factories and names.
/// </summary>
public abstract class KerasObjectConfig
{
    private readonly string _module;
    private readonly JsonObject _config;

    private protected KerasObjectConfig(string module, string className, JsonObject config)
    {
        _module = module;
        ClassName = className;
        _config = config;
    }

    /// <summary>Keras's class name, e.g. "GlorotUniform", "L2", "MaxNorm".</summary>
    public string ClassName { get; }

    /// <summary>The object's config (a copy), keys as Keras writes them.</summary>
    public JsonObject Config => (JsonObject)_config.DeepClone();

    /// <summary>The serialized form Keras writes, e.g. {"module": "keras.initializers", "class_name": "GlorotUniform", ...}.</summary>
    internal JsonObject ToConfig() => KerasConfig.Serialized(_module, ClassName, Config);

    /// <inheritdoc />
    public override string ToString() => $"{ClassName}({KerasJson.Serialize(_config)})";
}
