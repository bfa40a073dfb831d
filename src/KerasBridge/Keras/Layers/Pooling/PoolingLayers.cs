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

/// <summary><c>keras.layers.MaxPooling3D</c>: The maximum over each pool window of a volume (samples, depth, height, width, channels).</summary>
public sealed class MaxPooling3D : KerasLayer
{
    internal MaxPooling3D(JsonObject config, string? name) : base("MaxPooling3D", config, name) { }
}

/// <summary><c>keras.layers.AveragePooling3D</c>: The mean over each pool window of a volume (samples, depth, height, width, channels).</summary>
public sealed class AveragePooling3D : KerasLayer
{
    internal AveragePooling3D(JsonObject config, string? name) : base("AveragePooling3D", config, name) { }
}

/// <summary><c>keras.layers.GlobalMaxPooling3D</c>: The maximum over depth, height and width: (samples, channels).</summary>
public sealed class GlobalMaxPooling3D : KerasLayer
{
    internal GlobalMaxPooling3D(JsonObject config, string? name) : base("GlobalMaxPooling3D", config, name) { }
}

/// <summary><c>keras.layers.GlobalAveragePooling3D</c>: The mean over depth, height and width: (samples, channels).</summary>
public sealed class GlobalAveragePooling3D : KerasLayer
{
    internal GlobalAveragePooling3D(JsonObject config, string? name) : base("GlobalAveragePooling3D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveMaxPooling1D</c>: The maximum over windows sized to give a set output length.</summary>
public sealed class AdaptiveMaxPooling1D : KerasLayer
{
    internal AdaptiveMaxPooling1D(JsonObject config, string? name) : base("AdaptiveMaxPooling1D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveMaxPooling2D</c>: The maximum over windows sized to give a set output height and width.</summary>
public sealed class AdaptiveMaxPooling2D : KerasLayer
{
    internal AdaptiveMaxPooling2D(JsonObject config, string? name) : base("AdaptiveMaxPooling2D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveMaxPooling3D</c>: The maximum over windows sized to give a set output depth, height and width.</summary>
public sealed class AdaptiveMaxPooling3D : KerasLayer
{
    internal AdaptiveMaxPooling3D(JsonObject config, string? name) : base("AdaptiveMaxPooling3D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveAveragePooling1D</c>: The mean over windows sized to give a set output length.</summary>
public sealed class AdaptiveAveragePooling1D : KerasLayer
{
    internal AdaptiveAveragePooling1D(JsonObject config, string? name) : base("AdaptiveAveragePooling1D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveAveragePooling2D</c>: The mean over windows sized to give a set output height and width.</summary>
public sealed class AdaptiveAveragePooling2D : KerasLayer
{
    internal AdaptiveAveragePooling2D(JsonObject config, string? name) : base("AdaptiveAveragePooling2D", config, name) { }
}

/// <summary><c>keras.layers.AdaptiveAveragePooling3D</c>: The mean over windows sized to give a set output depth, height and width.</summary>
public sealed class AdaptiveAveragePooling3D : KerasLayer
{
    internal AdaptiveAveragePooling3D(JsonObject config, string? name) : base("AdaptiveAveragePooling3D", config, name) { }
}
