using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.BatchNormalization</c>: normalizes per feature, with batch statistics while training and moving averages at inference.</summary>
public sealed class BatchNormalization : KerasLayer
{
    internal BatchNormalization(JsonObject config, string? name) : base("BatchNormalization", config, name) { }
}

/// <summary><c>keras.layers.LayerNormalization</c>: normalizes each sample over its last axis (or axes).</summary>
public sealed class LayerNormalization : KerasLayer
{
    internal LayerNormalization(JsonObject config, string? name) : base("LayerNormalization", config, name) { }
}
