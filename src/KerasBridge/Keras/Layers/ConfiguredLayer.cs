using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A layer given by Keras's class name and config, as Keras serializes it: what a generic factory makes and what a
/// built model's layers are when they were not made in C# (loaded from a file, read from a config; a nested model
/// among them). The engine checks and builds it like any other layer.
/// </summary>
public sealed class ConfiguredLayer : Layer
{
    private readonly JsonObject _entry;

    // A class whose constructor takes no **kwargs (SpatialDropout1D, ...): Keras writes no trainable and a plain dtype.
    private readonly bool _takesLayerKwargs = true;

    /// <summary>From a serialized entry: {"module", "class_name", "config", "registered_name", ...}.</summary>
    internal ConfiguredLayer(JsonObject entry)
        : base(entry["class_name"]?.GetValue<string>() ?? throw new ArgumentException("Expected a serialized layer with a class_name.", nameof(entry)),
               (entry["config"] as JsonObject)?["name"]?.GetValue<string>() ?? entry["name"]?.GetValue<string>())
    {
        _entry = (JsonObject)entry.DeepClone();
        _entry.Remove("name");
        _entry.Remove("inbound_nodes");
        if (_entry["config"] is not JsonObject)
        {
            _entry["config"] = new JsonObject();
        }
        if (_entry["config"]!["trainable"] is JsonValue trainable && trainable.TryGetValue<bool>(out var flag))
        {
            base.Trainable = flag;
        }
    }

    /// <summary>From Keras's class name and the layer's config entries.</summary>
    internal ConfiguredLayer(string className, JsonObject config, string module = "keras.layers", bool takesLayerKwargs = true)
        : this(KerasConfig.Serialized(module, className, config))
    {
        _takesLayerKwargs = takesLayerKwargs;
    }

    /// <summary>The layer's config as Keras serializes it (name, trainable and dtype included).</summary>
    public JsonObject Config => (JsonObject)ToConfig()["config"]!;

    private protected override JsonObject LayerConfig()
    {
        var own = new JsonObject();
        foreach (var (key, value) in _entry["config"]!.AsObject())
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
            return KerasLayer.WithoutLayerKwargs(ClassName, Name, LayerConfig());
        }
        var entry = (JsonObject)_entry.DeepClone();
        var config = entry["config"]!.AsObject();
        config["name"] = Name;
        config["trainable"] = Trainable;
        if (!IsModel)
        {
            config["dtype"] ??= KerasConfig.DTypePolicy();
        }
        return entry;
    }

    private bool IsModel => ClassName is "Sequential" or "Functional";
}
