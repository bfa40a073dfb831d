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

    /// <summary><c>keras.layers.Conv1DTranspose</c> (keras/src/layers/convolutional/conv1d_transpose.py): the transposed 1D convolution
    /// (upsampling a sequence by its stride).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="strides">Stride (the upsampling factor).</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="outputPadding">Extra steps on one side of the output (less than the stride); null for Keras's inference.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">Dilation (Keras refuses dilation above 1 with strides above 1).</param>
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
    /// <exception cref="ArgumentException">A bad argument, named: outputPadding not below the stride, strides and dilation both above 1, ...</exception>
    public static Conv1DTranspose Conv1DTranspose(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, int? outputPadding = null,
        string? dataFormat = null, int dilationRate = 1, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null) =>
        new(Transposed(Convolution(filters, LayerArgs.PositiveOne(kernelSize, nameof(kernelSize)), LayerArgs.PositiveOne(strides, nameof(strides)),
            LayerArgs.PaddingName(padding, nameof(padding)), dataFormat, LayerArgs.PositiveOne(dilationRate, nameof(dilationRate)),
            1, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint),
            outputPadding is { } o ? LayerArgs.Ints(LayerArgs.NonNegative(o, nameof(outputPadding))) : null),
            name);

    // Keras's BaseConvTranspose.get_config: BaseConv's keys without groups, output_padding after padding; its constructor's checks.
    private static JsonObject Transposed(JsonObject config, JsonArray? outputPadding)
    {
        var strides = (JsonArray)config["strides"]!;
        StridesOrDilation(strides, (JsonArray)config["dilation_rate"]!);
        if (outputPadding is not null && outputPadding.Zip(strides).Any(p => (int)p.First! >= (int)p.Second!))
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding.ToJsonString(),
                $"Expected outputPadding below strides {strides.ToJsonString()} on every axis; got {outputPadding.ToJsonString()}.");
        }
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

    // Keras's BaseConvTranspose and ConvLSTM refuse strides and dilation both above 1.
    private static void StridesOrDilation(JsonArray strides, JsonArray dilationRate)
    {
        if (strides.Any(s => (int)s! > 1) && dilationRate.Any(d => (int)d! > 1))
        {
            throw new ArgumentException($"Expected strides or dilationRate to be 1 (Keras cannot combine both above 1); got strides {strides.ToJsonString()} "
                + $"and dilationRate {dilationRate.ToJsonString()}.", nameof(dilationRate));
        }
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
        return LayerArgs.AddKernelBias(new JsonObject
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
        }, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint);
    }
}
