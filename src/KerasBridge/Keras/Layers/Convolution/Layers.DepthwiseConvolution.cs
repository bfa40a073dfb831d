using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.DepthwiseConv1D</c> (keras/src/layers/convolutional/depthwise_conv1d.py): one kernel per input
    /// channel (times depthMultiplier) over (samples, steps, channels).</summary>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="strides">Stride.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="depthMultiplier">Output channels per input channel (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">Dilation.</param>
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
    public static DepthwiseConv1D DepthwiseConv1D(int kernelSize, int strides = 1, Padding padding = Padding.Valid, int depthMultiplier = 1,
        string? dataFormat = null, int dilationRate = 1, Activation? activation = null, bool useBias = true,
        Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null, Regularizer? depthwiseRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Depthwise(null, LayerArgs.PositiveOne(kernelSize, nameof(kernelSize)), LayerArgs.PositiveOne(strides, nameof(strides)), padding,
            dataFormat, LayerArgs.PositiveOne(dilationRate, nameof(dilationRate)), depthMultiplier, activation, useBias,
            (depthwiseInitializer, null, biasInitializer), (depthwiseRegularizer, null, biasRegularizer), activityRegularizer,
            (depthwiseConstraint, null, biasConstraint)), name);

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
        Constraint? biasConstraint = null, string? name = null) =>
        new(Depthwise(null, LayerArgs.PositivePair(kernelSize, nameof(kernelSize)), LayerArgs.PositivePair(strides ?? 1, nameof(strides)), padding,
            dataFormat, LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)), depthMultiplier, activation, useBias,
            (depthwiseInitializer, null, biasInitializer), (depthwiseRegularizer, null, biasRegularizer), activityRegularizer,
            (depthwiseConstraint, null, biasConstraint)), name);

    /// <summary><c>keras.layers.SeparableConv1D</c> (keras/src/layers/convolutional/separable_conv1d.py): a depthwise 1D convolution
    /// followed by a pointwise (kernel 1) one.</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Depthwise kernel length.</param>
    /// <param name="strides">Stride.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">Dilation.</param>
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
    public static SeparableConv1D SeparableConv1D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid,
        string? dataFormat = null, int dilationRate = 1, int depthMultiplier = 1, Activation? activation = null, bool useBias = true,
        Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null, Initializer? biasInitializer = null,
        Regularizer? depthwiseRegularizer = null, Regularizer? pointwiseRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? pointwiseConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Depthwise(filters, LayerArgs.PositiveOne(kernelSize, nameof(kernelSize)), LayerArgs.PositiveOne(strides, nameof(strides)), padding,
            dataFormat, LayerArgs.PositiveOne(dilationRate, nameof(dilationRate)), depthMultiplier, activation, useBias,
            (depthwiseInitializer, pointwiseInitializer, biasInitializer), (depthwiseRegularizer, pointwiseRegularizer, biasRegularizer),
            activityRegularizer, (depthwiseConstraint, pointwiseConstraint, biasConstraint)), name);

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
        Constraint? biasConstraint = null, string? name = null) =>
        new(Depthwise(filters, LayerArgs.PositivePair(kernelSize, nameof(kernelSize)), LayerArgs.PositivePair(strides ?? 1, nameof(strides)), padding,
            dataFormat, LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)), depthMultiplier, activation, useBias,
            (depthwiseInitializer, pointwiseInitializer, biasInitializer), (depthwiseRegularizer, pointwiseRegularizer, biasRegularizer),
            activityRegularizer, (depthwiseConstraint, pointwiseConstraint, biasConstraint)), name);

    // The config of Keras's BaseDepthwiseConv.get_config (filters null) or BaseSeparableConv.get_config (filters and the
    // pointwise entries), in their key orders (keras/src/layers/convolutional/base_depthwise_conv.py, base_separable_conv.py).
    private static JsonObject Depthwise(int? filters, JsonArray kernelSize, JsonArray strides, Padding padding, string? dataFormat,
        JsonArray dilationRate, int depthMultiplier, Activation? activation, bool useBias,
        (Initializer? Depthwise, Initializer? Pointwise, Initializer? Bias) initializers,
        (Regularizer? Depthwise, Regularizer? Pointwise, Regularizer? Bias) regularizers, Regularizer? activityRegularizer,
        (Constraint? Depthwise, Constraint? Pointwise, Constraint? Bias) constraints)
    {
        var separable = filters is not null;
        var config = new JsonObject { ["depth_multiplier"] = LayerArgs.Positive(depthMultiplier, nameof(depthMultiplier)) };
        if (separable)
        {
            config["filters"] = LayerArgs.Positive(filters!.Value, nameof(filters));
        }
        config["kernel_size"] = kernelSize;
        config["strides"] = strides;
        config["padding"] = LayerArgs.PaddingName(padding, nameof(padding));
        config["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat));
        config["dilation_rate"] = dilationRate;
        config["activation"] = LayerArgs.Act(activation, Activations.Linear);
        config["use_bias"] = useBias;
        // depthwise_*, pointwise_* (separable only), bias_* for initializers, regularizers (then activity_regularizer) and constraints.
        void Add(string kind, JsonNode? depthwise, JsonNode? pointwise, JsonNode? bias)
        {
            config[$"depthwise_{kind}"] = depthwise;
            if (separable)
            {
                config[$"pointwise_{kind}"] = pointwise;
            }
            config[$"bias_{kind}"] = bias;
        }
        Add("initializer", LayerArgs.Init(initializers.Depthwise, () => Initializers.GlorotUniform()),
            LayerArgs.Init(initializers.Pointwise, () => Initializers.GlorotUniform()), LayerArgs.Init(initializers.Bias, Initializers.Zeros));
        Add("regularizer", LayerArgs.Reg(regularizers.Depthwise), LayerArgs.Reg(regularizers.Pointwise), LayerArgs.Reg(regularizers.Bias));
        config["activity_regularizer"] = LayerArgs.Reg(activityRegularizer);
        Add("constraint", LayerArgs.Con(constraints.Depthwise), LayerArgs.Con(constraints.Pointwise), LayerArgs.Con(constraints.Bias));
        return config;
    }
}
