using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Conv1D</c>: a 1D convolution over (samples, steps, channels).</summary>
public sealed class Conv1D : KerasLayer
{
    internal Conv1D(JsonObject config, string? name) : base("Conv1D", config, name) { }
}

/// <summary><c>keras.layers.Conv2D</c>: a 2D convolution over channels-last images (samples, height, width, channels).</summary>
public sealed class Conv2D : KerasLayer
{
    internal Conv2D(JsonObject config, string? name) : base("Conv2D", config, name) { }
}

/// <summary><c>keras.layers.Conv2DTranspose</c>: the transposed 2D convolution (upsampling by its strides).</summary>
public sealed class Conv2DTranspose : KerasLayer
{
    internal Conv2DTranspose(JsonObject config, string? name) : base("Conv2DTranspose", config, name) { }
}

/// <summary><c>keras.layers.DepthwiseConv2D</c>: one kernel per input channel (times depth_multiplier).</summary>
public sealed class DepthwiseConv2D : KerasLayer
{
    internal DepthwiseConv2D(JsonObject config, string? name) : base("DepthwiseConv2D", config, name) { }
}

/// <summary><c>keras.layers.SeparableConv2D</c>: a depthwise convolution followed by a 1x1 pointwise one.</summary>
public sealed class SeparableConv2D : KerasLayer
{
    internal SeparableConv2D(JsonObject config, string? name) : base("SeparableConv2D", config, name) { }
}

/// <summary><c>keras.layers.Conv3D</c>: a 3D convolution over volumes (samples, depth, height, width, channels).</summary>
public sealed class Conv3D : KerasLayer
{
    internal Conv3D(JsonObject config, string? name) : base("Conv3D", config, name) { }
}

/// <summary><c>keras.layers.Conv3DTranspose</c>: the transposed 3D convolution (upsampling a volume by its strides).</summary>
public sealed class Conv3DTranspose : KerasLayer
{
    internal Conv3DTranspose(JsonObject config, string? name) : base("Conv3DTranspose", config, name) { }
}

/// <summary><c>keras.layers.Conv1DTranspose</c>: the transposed 1D convolution (upsampling a sequence by its stride).</summary>
public sealed class Conv1DTranspose : KerasLayer
{
    internal Conv1DTranspose(JsonObject config, string? name) : base("Conv1DTranspose", config, name) { }
}

/// <summary><c>keras.layers.DepthwiseConv1D</c>: one 1D kernel per input channel (times depth_multiplier).</summary>
public sealed class DepthwiseConv1D : KerasLayer
{
    internal DepthwiseConv1D(JsonObject config, string? name) : base("DepthwiseConv1D", config, name) { }
}

/// <summary><c>keras.layers.SeparableConv1D</c>: a depthwise 1D convolution followed by a pointwise one.</summary>
public sealed class SeparableConv1D : KerasLayer
{
    internal SeparableConv1D(JsonObject config, string? name) : base("SeparableConv1D", config, name) { }
}
