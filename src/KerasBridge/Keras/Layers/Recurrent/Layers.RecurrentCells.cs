using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.RNN</c> (keras/src/layers/rnn/rnn.py): runs <paramref name="cell"/> over the time axis.</summary>
    /// <param name="cell">The cell: <see cref="SimpleRNNCell"/>, <see cref="LSTMCell"/>, <see cref="GRUCell"/> or <see cref="StackedRNNCells"/>.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final states (h, and c for an LSTM cell; each cell's in turn for a stack).</param>
    /// <param name="goBackwards">Process the sequence backwards (and return the outputs in that order).</param>
    /// <param name="stateful">Carry the state across batches (the Keras engine only).</param>
    /// <param name="unroll">Unroll the loop (needs a fixed number of steps).</param>
    /// <param name="zeroOutputForMask">With a mask and returnSequences, write zeros at the masked steps.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cell"/> is null.</exception>
    public static RNN RNN(RNNCell cell, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
        bool unroll = false, bool zeroOutputForMask = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new(new JsonObject
        {
            ["return_sequences"] = returnSequences,
            ["return_state"] = returnState,
            ["go_backwards"] = goBackwards,
            ["stateful"] = stateful,
            ["unroll"] = unroll,
            ["zero_output_for_mask"] = zeroOutputForMask,
            ["cell"] = cell.ToConfig(),
        }, name);
    }

    /// <summary><c>keras.layers.RNN([cells])</c>: a list of cells is stacked, as Keras wraps it in a <see cref="StackedRNNCells"/>.</summary>
    /// <param name="cell">The cells, first to last (at least one).</param>
    /// <param name="returnSequences">Return every step's output of the last cell, not only the last step's.</param>
    /// <param name="returnState">Also return the final states of every cell, in order.</param>
    /// <param name="goBackwards">Process the sequence backwards (and return the outputs in that order).</param>
    /// <param name="stateful">Carry the state across batches (the Keras engine only).</param>
    /// <param name="unroll">Unroll the loop (needs a fixed number of steps).</param>
    /// <param name="zeroOutputForMask">With a mask and returnSequences, write zeros at the masked steps.</param>
    /// <param name="name">Layer name.</param>
    /// <exception cref="ArgumentException">No cells, or a null among them.</exception>
    public static RNN RNN(IEnumerable<RNNCell> cell, bool returnSequences = false, bool returnState = false, bool goBackwards = false,
        bool stateful = false, bool unroll = false, bool zeroOutputForMask = false, string? name = null) =>
        RNN(StackedRNNCells(cell), returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, name);

    /// <summary><c>keras.layers.StackedRNNCells</c> (keras/src/layers/rnn/stacked_rnn_cells.py): the cells run in turn at each step.</summary>
    /// <param name="cells">The cells, first to last (at least one).</param>
    /// <param name="name">The stack's name.</param>
    /// <exception cref="ArgumentException">No cells, or a null among them.</exception>
    public static StackedRNNCells StackedRNNCells(IEnumerable<RNNCell> cells, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var list = cells.ToList();
        if (list.Count == 0 || list.Any(c => c is null))
        {
            throw new ArgumentException($"Expected one or more cells (none null); got {list.Count} cell(s){(list.Count > 0 ? " with a null" : "")}.", nameof(cells));
        }
        return new(new JsonObject { ["cells"] = new JsonArray(list.Select(c => (JsonNode)c.ToConfig()).ToArray()) }, name);
    }

    /// <summary><c>keras.layers.SimpleRNNCell</c> (keras/src/layers/rnn/simple_rnn.py).</summary>
    /// <param name="units">Output size (&gt; 0).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Cell name.</param>
    public static SimpleRNNCell SimpleRNNCell(int units, Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0,
        int? seed = null, string? name = null)
    {
        var config = Cell(units, activation, null, useBias, null, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout);
        config["seed"] = seed;
        return new(config, name);
    }

    /// <summary><c>keras.layers.LSTMCell</c> (keras/src/layers/rnn/lstm.py).</summary>
    /// <param name="units">Output size (&gt; 0).</param>
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
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Cell name.</param>
    public static LSTMCell LSTMCell(int units, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0.0,
        double recurrentDropout = 0.0, int? seed = null, string? name = null)
    {
        var config = Cell(units, activation, recurrentActivation ?? Activations.Sigmoid, useBias, unitForgetBias, kernelInitializer,
            recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint,
            biasConstraint, dropout, recurrentDropout);
        config["seed"] = seed;
        return new(config, name);
    }

    /// <summary><c>keras.layers.GRUCell</c> (keras/src/layers/rnn/gru.py).</summary>
    /// <param name="units">Output size (&gt; 0).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="recurrentActivation">sigmoid when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="resetAfter">Apply the reset gate after the matrix product (Keras's and cuDNN's default).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Cell name.</param>
    public static GRUCell GRUCell(int units, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0.0,
        double recurrentDropout = 0.0, bool resetAfter = true, int? seed = null, string? name = null)
    {
        var config = Cell(units, activation, recurrentActivation ?? Activations.Sigmoid, useBias, null, kernelInitializer, recurrentInitializer,
            biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
            dropout, recurrentDropout);
        config["reset_after"] = resetAfter;
        config["seed"] = seed;
        return new(config, name);
    }

    // A cell's own get_config, in Keras's order (the cells write no RNN options and no activity_regularizer).
    private static JsonObject Cell(int units, Activation? activation, Activation? recurrentActivation, bool useBias, bool? unitForgetBias,
        Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer, Regularizer? kernelRegularizer,
        Regularizer? recurrentRegularizer, Regularizer? biasRegularizer, Constraint? kernelConstraint, Constraint? recurrentConstraint,
        Constraint? biasConstraint, double dropout, double recurrentDropout)
    {
        var config = new JsonObject
        {
            ["units"] = LayerArgs.Positive(units, nameof(units)),
            ["activation"] = LayerArgs.Act(activation, Activations.Tanh),
        };
        if (recurrentActivation is not null)
        {
            config["recurrent_activation"] = recurrentActivation.Name;
        }
        config["use_bias"] = useBias;
        if (unitForgetBias is { } forget)
        {
            config["unit_forget_bias"] = forget;
        }
        config["kernel_initializer"] = LayerArgs.Init(kernelInitializer, () => Initializers.GlorotUniform());
        config["recurrent_initializer"] = LayerArgs.Init(recurrentInitializer, () => Initializers.Orthogonal());
        config["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros);
        config["kernel_regularizer"] = LayerArgs.Reg(kernelRegularizer);
        config["recurrent_regularizer"] = LayerArgs.Reg(recurrentRegularizer);
        config["bias_regularizer"] = LayerArgs.Reg(biasRegularizer);
        config["kernel_constraint"] = LayerArgs.Con(kernelConstraint);
        config["recurrent_constraint"] = LayerArgs.Con(recurrentConstraint);
        config["bias_constraint"] = LayerArgs.Con(biasConstraint);
        config["dropout"] = LayerArgs.Rate(dropout, nameof(dropout));
        config["recurrent_dropout"] = LayerArgs.Rate(recurrentDropout, nameof(recurrentDropout));
        return config;
    }
}
