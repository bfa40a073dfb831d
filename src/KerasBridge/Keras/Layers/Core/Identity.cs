using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Identity</c>: returns its input unchanged (a placeholder layer).</summary>
public sealed class Identity : KerasLayer
{
    internal Identity(JsonObject config, string? name) : base("Identity", config, name) { }
}
