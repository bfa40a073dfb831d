using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A layer made by one of the typed <see cref="Layers"/> factories: it holds its config exactly as Keras serializes it
/// (keys and values of the class's get_config), which both engines read.
/// </summary>
public abstract class KerasLayer : Layer
{
    private readonly JsonObject _config;

    private protected KerasLayer(string className, JsonObject config, string? name) : base(className, name) => _config = config;

    /// <summary>The layer's config entries other than name, trainable and dtype (a copy), keys as Keras writes them.</summary>
    public JsonObject Config => (JsonObject)_config.DeepClone();

    private protected override JsonObject LayerConfig() => Config;
}
