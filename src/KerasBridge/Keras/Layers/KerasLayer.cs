using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A layer made by one of the typed <see cref="Layers"/> factories: it holds its config exactly as Keras serializes it
/// (keys and values of the class's get_config), which both engines read.
/// </summary>
public abstract class KerasLayer : Layer
{
    private readonly JsonObject _config;

    private readonly bool _takesLayerKwargs;

    private protected KerasLayer(string className, JsonObject config, string? name, bool takesLayerKwargs = true) : base(className, name)
    {
        _config = config;
        _takesLayerKwargs = takesLayerKwargs;
    }

    /// <summary>The layer's config entries other than name, trainable and dtype (a copy), keys as Keras writes them.</summary>
    public JsonObject Config => (JsonObject)_config.DeepClone();

    private protected override JsonObject LayerConfig() => Config;

    internal override JsonObject ToConfig() => _takesLayerKwargs ? base.ToConfig() : WithoutLayerKwargs(ClassName, Name, _config);

    /// <summary>
    /// The config of a class whose constructor takes name and dtype but no **kwargs (SpatialDropout1D, ...): Keras's
    /// get_config writes no trainable (from_config would refuse it) and the dtype as a plain string.
    /// </summary>
    internal static JsonObject WithoutLayerKwargs(string className, string name, JsonObject own)
    {
        var config = (JsonObject)own.DeepClone();
        config["name"] = name;
        config["dtype"] ??= "float32";
        return KerasConfig.Serialized("keras.layers", className, config);
    }
}
