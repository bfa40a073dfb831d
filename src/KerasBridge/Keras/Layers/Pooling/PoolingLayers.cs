using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.MaxPooling1D</c>: The maximum over each window of (samples, steps, channels).</summary>
public sealed class MaxPooling1D : KerasLayer
{
    internal MaxPooling1D(JsonObject config, string? name) : base("MaxPooling1D", config, name) { }
}

/// <summary><c>keras.layers.MaxPooling2D</c>: The maximum over each pool window of a channels-last image.</summary>
public sealed class MaxPooling2D : KerasLayer
{
    internal MaxPooling2D(JsonObject config, string? name) : base("MaxPooling2D", config, name) { }
}

/// <summary><c>keras.layers.AveragePooling1D</c>: The mean over each window of (samples, steps, channels).</summary>
public sealed class AveragePooling1D : KerasLayer
{
    internal AveragePooling1D(JsonObject config, string? name) : base("AveragePooling1D", config, name) { }
}

/// <summary><c>keras.layers.AveragePooling2D</c>: The mean over each pool window of a channels-last image.</summary>
public sealed class AveragePooling2D : KerasLayer
{
    internal AveragePooling2D(JsonObject config, string? name) : base("AveragePooling2D", config, name) { }
}

/// <summary><c>keras.layers.GlobalMaxPooling1D</c>: The maximum over the steps: (samples, channels).</summary>
public sealed class GlobalMaxPooling1D : KerasLayer
{
    internal GlobalMaxPooling1D(JsonObject config, string? name) : base("GlobalMaxPooling1D", config, name) { }
}

/// <summary><c>keras.layers.GlobalMaxPooling2D</c>: The maximum over height and width: (samples, channels).</summary>
public sealed class GlobalMaxPooling2D : KerasLayer
{
    internal GlobalMaxPooling2D(JsonObject config, string? name) : base("GlobalMaxPooling2D", config, name) { }
}

/// <summary><c>keras.layers.GlobalAveragePooling1D</c>: The mean over the steps: (samples, channels).</summary>
public sealed class GlobalAveragePooling1D : KerasLayer
{
    internal GlobalAveragePooling1D(JsonObject config, string? name) : base("GlobalAveragePooling1D", config, name) { }
}

/// <summary><c>keras.layers.GlobalAveragePooling2D</c>: The mean over height and width of a channels-last image: (samples, channels).</summary>
public sealed class GlobalAveragePooling2D : KerasLayer
{
    internal GlobalAveragePooling2D(JsonObject config, string? name) : base("GlobalAveragePooling2D", config, name) { }
}
