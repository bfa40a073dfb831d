using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Conv1D</c> (keras/src/layers/convolutional/conv1d.py).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="strides">Stride.</param>
    /// <param name="padding">Valid, Same or Causal.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">Dilation.</param>
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
    public static Conv1D Conv1D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, string? dataFormat = null,
        int dilationRate = 1, int groups = 1, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Convolution(filters, LayerArgs.PositiveOne(kernelSize, nameof(kernelSize)), LayerArgs.PositiveOne(strides, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding), causalAllowed: true), dataFormat, LayerArgs.PositiveOne(dilationRate, nameof(dilationRate)),
            groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint), name);

    /// <summary><c>keras.layers.Conv2D</c> (keras/src/layers/convolutional/conv2d.py).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (height, width), or one int for a square kernel.</param>
    /// <param name="strides">(height, width) strides; 1 when null.</param>
    /// <param name="padding">Valid (default) or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(height, width) dilation; 1 when null.</param>
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
    public static Conv2D Conv2D(int filters, Pair kernelSize, Pair? strides = null, Padding padding = Padding.Valid, string? dataFormat = null,
        Pair? dilationRate = null, int groups = 1, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Convolution(filters, LayerArgs.PositivePair(kernelSize, nameof(kernelSize)), LayerArgs.PositivePair(strides ?? 1, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding)), dataFormat, LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)),
            groups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint), name);

    /// <summary><c>keras.layers.Conv2DTranspose</c> (keras/src/layers/convolutional/conv2d_transpose.py).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (height, width), or one int.</param>
    /// <param name="strides">(height, width) strides (the upsampling factor); 1 when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="outputPadding">Extra rows and columns on one side of the output (each less than the stride); null for Keras's inference.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(height, width) dilation; 1 when null.</param>
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
    public static Conv2DTranspose Conv2DTranspose(int filters, Pair kernelSize, Pair? strides = null, Padding padding = Padding.Valid,
        Pair? outputPadding = null, string? dataFormat = null, Pair? dilationRate = null, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Transposed(Convolution(filters, LayerArgs.PositivePair(kernelSize, nameof(kernelSize)), LayerArgs.PositivePair(strides ?? 1, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding)), dataFormat, LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)),
            1, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint),
            outputPadding is { } o ? LayerArgs.Ints(LayerArgs.NonNegative(o.First, nameof(outputPadding)), LayerArgs.NonNegative(o.Second, nameof(outputPadding))) : null),
            name);

    /// <summary><c>keras.layers.DepthwiseConv2D</c> (keras/src/layers/convolutional/depthwise_conv2d.py).</summary>
    /// <param name="kernelSize">Kernel (height, width), or one int.</param>
    /// <param name="strides">(height, width) strides; 1 when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="depthMultiplier">Output channels per input channel (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(height, width) dilation; 1 when null.</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="depthwiseRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="depthwiseConstraint">Constraint on the kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name.</param>
    public static DepthwiseConv2D DepthwiseConv2D(Pair kernelSize, Pair? strides = null, Padding padding = Padding.Valid, int depthMultiplier = 1,
        string? dataFormat = null, Pair? dilationRate = null, Activation? activation = null, bool useBias = true,
        Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null, Regularizer? depthwiseRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null,
        Constraint? biasConstraint = null, string? name = null) => new(new JsonObject
    {
        ["depth_multiplier"] = LayerArgs.Positive(depthMultiplier, nameof(depthMultiplier)),
        ["kernel_size"] = LayerArgs.PositivePair(kernelSize, nameof(kernelSize)),
        ["strides"] = LayerArgs.PositivePair(strides ?? 1, nameof(strides)),
        ["padding"] = LayerArgs.PaddingName(padding, nameof(padding)),
        ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        ["dilation_rate"] = LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)),
        ["activation"] = LayerArgs.Act(activation, Activations.Linear),
        ["use_bias"] = useBias,
        ["depthwise_initializer"] = LayerArgs.Init(depthwiseInitializer, () => Initializers.GlorotUniform()),
        ["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros),
        ["depthwise_regularizer"] = LayerArgs.Reg(depthwiseRegularizer),
        ["bias_regularizer"] = LayerArgs.Reg(biasRegularizer),
        ["activity_regularizer"] = LayerArgs.Reg(activityRegularizer),
        ["depthwise_constraint"] = LayerArgs.Con(depthwiseConstraint),
        ["bias_constraint"] = LayerArgs.Con(biasConstraint),
    }, name);

    /// <summary><c>keras.layers.SeparableConv2D</c> (keras/src/layers/convolutional/separable_conv2d.py).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Depthwise kernel (height, width), or one int.</param>
    /// <param name="strides">(height, width) strides; 1 when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(height, width) dilation; 1 when null.</param>
    /// <param name="depthMultiplier">Depthwise output channels per input channel (&gt; 0).</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">Depthwise kernel initializer; glorot_uniform when null.</param>
    /// <param name="pointwiseInitializer">Pointwise kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="depthwiseRegularizer">Penalty on the depthwise kernel.</param>
    /// <param name="pointwiseRegularizer">Penalty on the pointwise kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="depthwiseConstraint">Constraint on the depthwise kernel.</param>
    /// <param name="pointwiseConstraint">Constraint on the pointwise kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name.</param>
    public static SeparableConv2D SeparableConv2D(int filters, Pair kernelSize, Pair? strides = null, Padding padding = Padding.Valid,
        string? dataFormat = null, Pair? dilationRate = null, int depthMultiplier = 1, Activation? activation = null, bool useBias = true,
        Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null, Initializer? biasInitializer = null,
        Regularizer? depthwiseRegularizer = null, Regularizer? pointwiseRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? pointwiseConstraint = null,
        Constraint? biasConstraint = null, string? name = null) => new(new JsonObject
    {
        ["depth_multiplier"] = LayerArgs.Positive(depthMultiplier, nameof(depthMultiplier)),
        ["filters"] = LayerArgs.Positive(filters, nameof(filters)),
        ["kernel_size"] = LayerArgs.PositivePair(kernelSize, nameof(kernelSize)),
        ["strides"] = LayerArgs.PositivePair(strides ?? 1, nameof(strides)),
        ["padding"] = LayerArgs.PaddingName(padding, nameof(padding)),
        ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        ["dilation_rate"] = LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)),
        ["activation"] = LayerArgs.Act(activation, Activations.Linear),
        ["use_bias"] = useBias,
        ["depthwise_initializer"] = LayerArgs.Init(depthwiseInitializer, () => Initializers.GlorotUniform()),
        ["pointwise_initializer"] = LayerArgs.Init(pointwiseInitializer, () => Initializers.GlorotUniform()),
        ["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros),
        ["depthwise_regularizer"] = LayerArgs.Reg(depthwiseRegularizer),
        ["pointwise_regularizer"] = LayerArgs.Reg(pointwiseRegularizer),
        ["bias_regularizer"] = LayerArgs.Reg(biasRegularizer),
        ["activity_regularizer"] = LayerArgs.Reg(activityRegularizer),
        ["depthwise_constraint"] = LayerArgs.Con(depthwiseConstraint),
        ["pointwise_constraint"] = LayerArgs.Con(pointwiseConstraint),
        ["bias_constraint"] = LayerArgs.Con(biasConstraint),
    }, name);

    // Keras's BaseConvTranspose.get_config: BaseConv's keys without groups, output_padding after padding.
    private static JsonObject Transposed(JsonObject config, JsonArray? outputPadding)
    {
        config.Remove("groups");
        var ordered = new JsonObject();
        foreach (var (key, value) in config)
        {
            ordered[key] = value?.DeepClone();
            if (key == "padding")
            {
                ordered["output_padding"] = outputPadding;
            }
        }
        return ordered;
    }

    // The config Keras's BaseConv.get_config writes (keras/src/layers/convolutional/base_conv.py).
    private static JsonObject Convolution(int filters, JsonArray kernelSize, JsonArray strides, string padding, string? dataFormat, JsonArray dilationRate,
        int groups, Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint,
        Constraint? biasConstraint)
    {
        LayerArgs.Positive(filters, nameof(filters));
        if (groups <= 0 || filters % groups != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"Expected groups > 0 dividing filters ({filters}); got {groups}.");
        }
        return new JsonObject
        {
            ["filters"] = filters,
            ["kernel_size"] = kernelSize,
            ["strides"] = strides,
            ["padding"] = padding,
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["dilation_rate"] = dilationRate,
            ["groups"] = groups,
            ["activation"] = LayerArgs.Act(activation, Activations.Linear),
            ["use_bias"] = useBias,
            ["kernel_initializer"] = LayerArgs.Init(kernelInitializer, () => Initializers.GlorotUniform()),
            ["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros),
            ["kernel_regularizer"] = LayerArgs.Reg(kernelRegularizer),
            ["bias_regularizer"] = LayerArgs.Reg(biasRegularizer),
            ["activity_regularizer"] = LayerArgs.Reg(activityRegularizer),
            ["kernel_constraint"] = LayerArgs.Con(kernelConstraint),
            ["bias_constraint"] = LayerArgs.Con(biasConstraint),
        };
    }
}
