using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Conv3D</c> (keras/src/layers/convolutional/conv3d.py): a 3D convolution over volumes
    /// (samples, depth, height, width, channels), or channels first.</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (depth, height, width), or one int for a cube.</param>
    /// <param name="strides">(depth, height, width) strides; 1 when null.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(depth, height, width) dilation; 1 when null (Keras refuses dilation above 1 with strides above 1).</param>
    /// <param name="groups">Groups the input channels are split into (divides both channel counts).</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name.</param>
    public static Conv3D Conv3D(int filters, Triple kernelSize, Triple? strides = null, Padding padding = Padding.Valid, string? dataFormat = null,
        Triple? dilationRate = null, int groups = 1, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Convolution(filters, LayerArgs.PositiveTriple(kernelSize, nameof(kernelSize)), LayerArgs.PositiveTriple(strides ?? 1, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding)), dataFormat, LayerArgs.PositiveTriple(dilationRate ?? 1, nameof(dilationRate)),
            groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint), name);

    /// <summary><c>keras.layers.Conv3DTranspose</c> (keras/src/layers/convolutional/conv3d_transpose.py): the transposed 3D
    /// convolution (upsampling a volume by its strides).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (depth, height, width), or one int.</param>
    /// <param name="strides">(depth, height, width) strides (the upsampling factors); 1 when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="outputPadding">Extra cells on one side of each output axis (each less than the stride); null for Keras's inference.</param>
    /// <param name="dilationRate">(depth, height, width) dilation; 1 when null.</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name.</param>
    public static Conv3DTranspose Conv3DTranspose(int filters, Triple kernelSize, Triple? strides = null, Padding padding = Padding.Valid,
        string? dataFormat = null, Triple? outputPadding = null, Triple? dilationRate = null, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Transposed(Convolution(filters, LayerArgs.PositiveTriple(kernelSize, nameof(kernelSize)), LayerArgs.PositiveTriple(strides ?? 1, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding)), dataFormat, LayerArgs.PositiveTriple(dilationRate ?? 1, nameof(dilationRate)),
            1, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint),
            outputPadding is { } o
                ? LayerArgs.Ints(LayerArgs.NonNegative(o.First, nameof(outputPadding)), LayerArgs.NonNegative(o.Second, nameof(outputPadding)),
                    LayerArgs.NonNegative(o.Third, nameof(outputPadding)))
                : null),
            name);
}
