using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Flattens each sample to one dimension (C order, channels last).</summary>
public sealed class Flatten : Layer
{
    internal Flatten(string? name) : base("Flatten", name) { }

    private protected override JsonObject LayerConfig() => new() { ["data_format"] = "channels_last" };
}
