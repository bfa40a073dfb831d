using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Reshape</c>: reshapes each sample to target_shape (one dimension may be -1).</summary>
public sealed class Reshape : KerasLayer
{
    internal Reshape(JsonObject config, string? name) : base("Reshape", config, name) { }
}

/// <summary><c>keras.layers.Permute</c>: permutes the non-batch axes.</summary>
public sealed class Permute : KerasLayer
{
    internal Permute(JsonObject config, string? name) : base("Permute", config, name) { }
}

/// <summary><c>keras.layers.RepeatVector</c>: (batch, features) to (batch, n, features).</summary>
public sealed class RepeatVector : KerasLayer
{
    internal RepeatVector(JsonObject config, string? name) : base("RepeatVector", config, name) { }
}

/// <summary><c>keras.layers.UpSampling2D</c>: repeats (or interpolates) rows and columns.</summary>
public sealed class UpSampling2D : KerasLayer
{
    internal UpSampling2D(JsonObject config, string? name) : base("UpSampling2D", config, name) { }
}

/// <summary><c>keras.layers.ZeroPadding2D</c>: adds rows and columns of zeros around an image.</summary>
public sealed class ZeroPadding2D : KerasLayer
{
    internal ZeroPadding2D(JsonObject config, string? name) : base("ZeroPadding2D", config, name) { }
}

/// <summary><c>keras.layers.Cropping2D</c>: removes rows and columns at an image's edges.</summary>
public sealed class Cropping2D : KerasLayer
{
    internal Cropping2D(JsonObject config, string? name) : base("Cropping2D", config, name) { }
}

/// <summary><c>keras.layers.UpSampling3D</c>: repeats the depth slices, rows and columns of a volume.</summary>
public sealed class UpSampling3D : KerasLayer
{
    internal UpSampling3D(JsonObject config, string? name) : base("UpSampling3D", config, name) { }
}

/// <summary><c>keras.layers.ZeroPadding3D</c>: adds zeros around a volume on each spatial axis.</summary>
public sealed class ZeroPadding3D : KerasLayer
{
    internal ZeroPadding3D(JsonObject config, string? name) : base("ZeroPadding3D", config, name) { }
}

/// <summary><c>keras.layers.Cropping3D</c>: removes cells at a volume's edges on each spatial axis.</summary>
public sealed class Cropping3D : KerasLayer
{
    internal Cropping3D(JsonObject config, string? name) : base("Cropping3D", config, name) { }
}

/// <summary><c>keras.layers.UpSampling1D</c>: repeats each step of a sequence.</summary>
public sealed class UpSampling1D : KerasLayer
{
    internal UpSampling1D(JsonObject config, string? name) : base("UpSampling1D", config, name) { }
}

/// <summary><c>keras.layers.ZeroPadding1D</c>: adds zero steps at the start and end of a sequence.</summary>
public sealed class ZeroPadding1D : KerasLayer
{
    internal ZeroPadding1D(JsonObject config, string? name) : base("ZeroPadding1D", config, name) { }
}

/// <summary><c>keras.layers.Cropping1D</c>: removes steps at the start and end of a sequence.</summary>
public sealed class Cropping1D : KerasLayer
{
    internal Cropping1D(JsonObject config, string? name) : base("Cropping1D", config, name) { }
}
