using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Rescaling</c>: x * scale + offset.</summary>
public sealed class Rescaling : KerasLayer
{
    internal Rescaling(JsonObject config, string? name) : base("Rescaling", config, name) { }
}

/// <summary><c>keras.layers.Normalization</c>: (x - mean) / sqrt(variance), per feature.</summary>
public sealed class Normalization : KerasLayer
{
    internal Normalization(JsonObject config, string? name) : base("Normalization", config, name) { }
}

/// <summary><c>keras.layers.Resizing</c>: resizes images to (height, width).</summary>
public sealed class Resizing : KerasLayer
{
    internal Resizing(JsonObject config, string? name) : base("Resizing", config, name) { }
}

/// <summary><c>keras.layers.CenterCrop</c>: crops the center (height, width) of images (resizing smaller ones up first).</summary>
public sealed class CenterCrop : KerasLayer
{
    internal CenterCrop(JsonObject config, string? name) : base("CenterCrop", config, name) { }
}
