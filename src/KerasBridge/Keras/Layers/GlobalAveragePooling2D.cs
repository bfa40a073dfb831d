using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>The mean over height and width of a channels-last image: (samples, channels).</summary>
public sealed class GlobalAveragePooling2D : Layer
{
    internal GlobalAveragePooling2D(string? name) : base("GlobalAveragePooling2D", name) { }

    private protected override JsonObject LayerConfig() => new()
    {
        ["data_format"] = "channels_last",
        ["keepdims"] = false,
    };
}
