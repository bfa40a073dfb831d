using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Dropout</c>: zeroes a fraction of inputs while training (scaling the rest by 1 / (1 - rate)); nothing at inference.</summary>
public sealed class Dropout : KerasLayer
{
    internal Dropout(JsonObject config, string? name) : base("Dropout", config, name) { }
}

/// <summary><c>keras.layers.SpatialDropout1D</c>: drops whole channels of (samples, steps, channels) while training.</summary>
public sealed class SpatialDropout1D : KerasLayer
{
    internal SpatialDropout1D(JsonObject config, string? name) : base("SpatialDropout1D", config, name, takesLayerKwargs: false) { }
}

/// <summary><c>keras.layers.SpatialDropout2D</c>: drops whole channels of an image while training.</summary>
public sealed class SpatialDropout2D : KerasLayer
{
    internal SpatialDropout2D(JsonObject config, string? name) : base("SpatialDropout2D", config, name, takesLayerKwargs: false) { }
}

/// <summary><c>keras.layers.GaussianNoise</c>: adds zero-mean Gaussian noise while training.</summary>
public sealed class GaussianNoise : KerasLayer
{
    internal GaussianNoise(JsonObject config, string? name) : base("GaussianNoise", config, name) { }
}

/// <summary><c>keras.layers.GaussianDropout</c>: multiplies by 1-centered Gaussian noise while training.</summary>
public sealed class GaussianDropout : KerasLayer
{
    internal GaussianDropout(JsonObject config, string? name) : base("GaussianDropout", config, name) { }
}

/// <summary><c>keras.layers.SpatialDropout3D</c>: drops whole channels of a volume while training.</summary>
public sealed class SpatialDropout3D : KerasLayer
{
    internal SpatialDropout3D(JsonObject config, string? name) : base("SpatialDropout3D", config, name, takesLayerKwargs: false) { }
}

/// <summary><c>keras.layers.AlphaDropout</c>: while training, sets dropped units to SELU's negative saturation and keeps the inputs' mean and variance.</summary>
public sealed class AlphaDropout : KerasLayer
{
    internal AlphaDropout(JsonObject config, string? name) : base("AlphaDropout", config, name) { }
}

/// <summary><c>keras.layers.ActivityRegularization</c>: the identity that adds an L1/L2 penalty on its input to the loss.</summary>
public sealed class ActivityRegularization : KerasLayer
{
    internal ActivityRegularization(JsonObject config, string? name) : base("ActivityRegularization", config, name) { }
}
