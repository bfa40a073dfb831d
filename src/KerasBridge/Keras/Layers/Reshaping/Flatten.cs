using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Flatten</c>: flattens each sample to one dimension (C order, channels last).</summary>
public sealed class Flatten : KerasLayer
{
    internal Flatten(JsonObject config, string? name) : base("Flatten", config, name) { }
}
