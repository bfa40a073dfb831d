using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A layer given by Keras's class name and config, as Keras serializes it: what <c>Layers.Create</c> makes and
/// what a loaded model's layers are. The engine checks and builds it like any other layer.
/// </summary>
public sealed class ConfiguredLayer : Layer
{
    private readonly JsonObject _config;

    private readonly bool _takesLayerKwargs;

    internal ConfiguredLayer(string className, JsonObject config, string module = "keras.layers", bool takesLayerKwargs = true)
        : base(className, config["name"]?.GetValue<string>())
    {
        _takesLayerKwargs = takesLayerKwargs;
        _config = (JsonObject)config.DeepClone();
        Module = module;
        if (config["trainable"] is JsonValue trainable && trainable.TryGetValue<bool>(out var flag))
        {
            Trainable = flag;
        }
    }

    /// <summary>The Python module Keras serializes for this class (e.g. "keras.layers").</summary>
    internal string Module { get; }

    /// <summary>The layer's config entries other than name, trainable and dtype, as Keras serializes them.</summary>
    public JsonObject Config => (JsonObject)LayerConfig();

    private protected override JsonObject LayerConfig()
    {
        var own = new JsonObject();
        foreach (var (key, value) in _config)
        {
            if (key is not ("name" or "trainable" or "dtype"))
            {
                own[key] = value?.DeepClone();
            }
        }
        return own;
    }

    internal override JsonObject ToConfig()
    {
        if (!_takesLayerKwargs)
        {
            return KerasLayer.WithoutLayerKwargs(ClassName, Name, Config);
        }
        var config = (JsonObject)_config.DeepClone();
        config["name"] = Name;
        config["trainable"] = Trainable;
        config["dtype"] ??= KerasConfig.DTypePolicy();
        return KerasConfig.Serialized(Module, ClassName, config);
    }
}
