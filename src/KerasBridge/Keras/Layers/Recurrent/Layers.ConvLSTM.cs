using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.ConvLSTM1D</c> (keras/src/layers/rnn/conv_lstm1d.py): input (batch, time, steps, channels).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="strides">Stride of the input convolution (the recurrent one has stride 1).</param>
    /// <param name="padding">Valid or Same (the recurrent convolution is always Same).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">Dilation of the input convolution (not with strides &gt; 1).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="recurrentActivation">sigmoid when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="unitForgetBias">Add 1 to the forget gate's bias at initialization.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final states h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches (the Keras engine only).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Strides and dilation both above 1, or another bad argument (named).</exception>
    public static ConvLSTM1D ConvLSTM1D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid, string? dataFormat = null,
        int dilationRate = 1, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false,
        bool returnState = false, bool goBackwards = false, bool stateful = false, string? name = null) =>
        new(ConvLSTM(filters, LayerArgs.PositiveOne(kernelSize, nameof(kernelSize)), LayerArgs.PositiveOne(strides, nameof(strides)), padding,
            dataFormat, LayerArgs.PositiveOne(dilationRate, nameof(dilationRate)), activation, recurrentActivation, useBias, kernelInitializer,
            recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards,
            stateful), name);

    /// <summary><c>keras.layers.ConvLSTM2D</c> (keras/src/layers/rnn/conv_lstm2d.py): input (batch, time, rows, cols, channels).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (height, width), or one int for a square kernel.</param>
    /// <param name="strides">(height, width) strides of the input convolution; 1 when null (the recurrent one has stride 1).</param>
    /// <param name="padding">Valid or Same (the recurrent convolution is always Same).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(height, width) dilation of the input convolution; 1 when null (not with strides &gt; 1).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="recurrentActivation">sigmoid when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="unitForgetBias">Add 1 to the forget gate's bias at initialization.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final states h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches (the Keras engine only).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Strides and dilation both above 1, or another bad argument (named).</exception>
    public static ConvLSTM2D ConvLSTM2D(int filters, Pair kernelSize, Pair? strides = null, Padding padding = Padding.Valid, string? dataFormat = null,
        Pair? dilationRate = null, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false,
        bool returnState = false, bool goBackwards = false, bool stateful = false, string? name = null) =>
        new(ConvLSTM(filters, LayerArgs.PositivePair(kernelSize, nameof(kernelSize)), LayerArgs.PositivePair(strides ?? 1, nameof(strides)), padding,
            dataFormat, LayerArgs.PositivePair(dilationRate ?? 1, nameof(dilationRate)), activation, recurrentActivation, useBias, kernelInitializer,
            recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards,
            stateful), name);

    /// <summary><c>keras.layers.ConvLSTM3D</c> (keras/src/layers/rnn/conv_lstm3d.py): input (batch, time, depth, rows, cols, channels).</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel (depth, height, width), or one int for a cube.</param>
    /// <param name="strides">(depth, height, width) strides of the input convolution; 1 when null (the recurrent one has stride 1).</param>
    /// <param name="padding">Valid or Same (the recurrent convolution is always Same).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="dilationRate">(depth, height, width) dilation of the input convolution; 1 when null (not with strides &gt; 1).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="recurrentActivation">sigmoid when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="unitForgetBias">Add 1 to the forget gate's bias at initialization.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final states h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches (the Keras engine only).</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">Strides and dilation both above 1, or another bad argument (named).</exception>
    public static ConvLSTM3D ConvLSTM3D(int filters, Triple kernelSize, Triple? strides = null, Padding padding = Padding.Valid, string? dataFormat = null,
        Triple? dilationRate = null, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false,
        bool returnState = false, bool goBackwards = false, bool stateful = false, string? name = null) =>
        new(ConvLSTM(filters, LayerArgs.PositiveTriple(kernelSize, nameof(kernelSize)), LayerArgs.PositiveTriple(strides ?? 1, nameof(strides)), padding,
            dataFormat, LayerArgs.PositiveTriple(dilationRate ?? 1, nameof(dilationRate)), activation, recurrentActivation, useBias, kernelInitializer,
            recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards,
            stateful), name);

    // ConvLSTM.get_config (keras/src/layers/rnn/conv_lstm.py): the RNN's options, then the cell's in the cell's order.
    private static JsonObject ConvLSTM(int filters, JsonArray kernelSize, JsonArray strides, Padding padding, string? dataFormat,
        JsonArray dilationRate, Activation? activation, Activation? recurrentActivation, bool useBias, Initializer? kernelInitializer,
        Initializer? recurrentInitializer, Initializer? biasInitializer, bool unitForgetBias, Regularizer? kernelRegularizer,
        Regularizer? recurrentRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint,
        Constraint? recurrentConstraint, Constraint? biasConstraint, double dropout, double recurrentDropout, int? seed, bool returnSequences,
        bool returnState, bool goBackwards, bool stateful)
    {
        StridesOrDilation(strides, dilationRate);
        return new JsonObject
        {
            ["return_sequences"] = returnSequences,
            ["return_state"] = returnState,
            ["go_backwards"] = goBackwards,
            ["stateful"] = stateful,
            ["unroll"] = false,
            ["zero_output_for_mask"] = false,
            ["filters"] = LayerArgs.Positive(filters, nameof(filters)),
            ["kernel_size"] = kernelSize,
            ["strides"] = strides,
            ["padding"] = LayerArgs.PaddingName(padding, nameof(padding)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["dilation_rate"] = dilationRate,
            ["activation"] = LayerArgs.Act(activation, Activations.Tanh),
            ["recurrent_activation"] = LayerArgs.Act(recurrentActivation, Activations.Sigmoid),
            ["use_bias"] = useBias,
            ["kernel_initializer"] = LayerArgs.Init(kernelInitializer, () => Initializers.GlorotUniform()),
            ["recurrent_initializer"] = LayerArgs.Init(recurrentInitializer, () => Initializers.Orthogonal()),
            ["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros),
            ["unit_forget_bias"] = unitForgetBias,
            ["kernel_regularizer"] = LayerArgs.Reg(kernelRegularizer),
            ["recurrent_regularizer"] = LayerArgs.Reg(recurrentRegularizer),
            ["bias_regularizer"] = LayerArgs.Reg(biasRegularizer),
            ["activity_regularizer"] = LayerArgs.Reg(activityRegularizer),
            ["kernel_constraint"] = LayerArgs.Con(kernelConstraint),
            ["recurrent_constraint"] = LayerArgs.Con(recurrentConstraint),
            ["bias_constraint"] = LayerArgs.Con(biasConstraint),
            ["dropout"] = LayerArgs.Rate(dropout, nameof(dropout)),
            ["recurrent_dropout"] = LayerArgs.Rate(recurrentDropout, nameof(recurrentDropout)),
            ["seed"] = seed,
        };
    }
}
