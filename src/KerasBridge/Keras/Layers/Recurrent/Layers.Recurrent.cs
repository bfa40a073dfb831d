using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.SimpleRNN</c> (keras/src/layers/rnn/simple_rnn.py).</summary>
    /// <param name="units">Output size (&gt; 0).</param>
    /// <param name="activation">tanh when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="recurrentInitializer">orthogonal when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="recurrentRegularizer">Penalty on the recurrent kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final state.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches.</param>
    /// <param name="unroll">Unroll the loop.</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Layer name.</param>
    public static SimpleRNN SimpleRNN(int units, Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0.0,
        double recurrentDropout = 0.0, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
        bool unroll = false, int? seed = null, string? name = null)
    {
        var config = Recurrent(units, activation, null, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout,
            recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll);
        // Keras's SimpleRNN.get_config writes no seed; the seed still reaches the cell when given.
        if (seed is not null)
        {
            config["seed"] = seed;
        }
        return new(config, name);
    }

    /// <summary><c>keras.layers.LSTM</c> (keras/src/layers/rnn/lstm.py).</summary>
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
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final state.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches.</param>
    /// <param name="unroll">Unroll the loop.</param>
    /// <param name="name">Layer name.</param>
    public static LSTM LSTM(int units, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null, bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false,
        bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false, string? name = null)
    {
        var config = Recurrent(units, activation, recurrentActivation ?? Activations.Sigmoid, useBias, kernelInitializer, recurrentInitializer,
            biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint,
            biasConstraint, dropout, recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll);
        config["unit_forget_bias"] = unitForgetBias;
        config["seed"] = seed;
        return new(config, name);
    }

    /// <summary><c>keras.layers.GRU</c> (keras/src/layers/rnn/gru.py).</summary>
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
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="recurrentConstraint">Constraint on the recurrent kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="dropout">Dropout on the inputs, in [0, 1).</param>
    /// <param name="recurrentDropout">Dropout on the recurrent state, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="returnSequences">Return every step's output, not only the last.</param>
    /// <param name="returnState">Also return the final state.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the state across batches.</param>
    /// <param name="unroll">Unroll the loop.</param>
    /// <param name="resetAfter">Apply the reset gate after the matrix product (Keras's and cuDNN's default).</param>
    /// <param name="name">Layer name.</param>
    public static GRU GRU(int units, Activation? activation = null, Activation? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
        Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false,
        bool returnState = false, bool goBackwards = false, bool stateful = false, bool unroll = false, bool resetAfter = true, string? name = null)
    {
        var config = Recurrent(units, activation, recurrentActivation ?? Activations.Sigmoid, useBias, kernelInitializer, recurrentInitializer,
            biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, recurrentConstraint,
            biasConstraint, dropout, recurrentDropout, returnSequences, returnState, goBackwards, stateful, unroll);
        config["reset_after"] = resetAfter;
        config["seed"] = seed;
        return new(config, name);
    }

    /// <summary><c>keras.layers.Bidirectional</c> (keras/src/layers/rnn/bidirectional.py).</summary>
    /// <param name="layer">The recurrent layer (SimpleRNN, LSTM, GRU, ...) run forwards.</param>
    /// <param name="mergeMode">"concat", "sum", "mul", "ave", or null for a list of both outputs.</param>
    /// <param name="backwardLayer">The layer run backwards (goBackwards: true); null for a copy of <paramref name="layer"/>.</param>
    /// <param name="name">Layer name.</param>
    public static Bidirectional Bidirectional(Layer layer, string? mergeMode = "concat", Layer? backwardLayer = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (mergeMode is not (null or "concat" or "sum" or "mul" or "ave"))
        {
            throw new ArgumentException($"Expected mergeMode \"concat\", \"sum\", \"mul\", \"ave\" or null; got \"{mergeMode}\".", nameof(mergeMode));
        }
        var config = new JsonObject { ["merge_mode"] = mergeMode, ["layer"] = layer.ToConfig() };
        if (backwardLayer is not null)
        {
            config["backward_layer"] = backwardLayer.ToConfig();
        }
        return new(config, name);
    }

    /// <summary><c>keras.layers.TimeDistributed</c> (keras/src/layers/rnn/time_distributed.py).</summary>
    /// <param name="layer">The layer applied to each time step.</param>
    /// <param name="name">Layer name.</param>
    public static TimeDistributed TimeDistributed(Layer layer, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new(new JsonObject { ["layer"] = layer.ToConfig() }, name);
    }

    // The config Keras's RNN and cell get_config write together (keras/src/layers/rnn/rnn.py and the cells).
    private static JsonObject Recurrent(int units, Activation? activation, Activation? recurrentActivation, bool useBias, Initializer? kernelInitializer,
        Initializer? recurrentInitializer, Initializer? biasInitializer, Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer,
        Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint, Constraint? recurrentConstraint,
        Constraint? biasConstraint, double dropout, double recurrentDropout, bool returnSequences, bool returnState, bool goBackwards,
        bool stateful, bool unroll)
    {
        var config = new JsonObject
        {
            ["return_sequences"] = returnSequences,
            ["return_state"] = returnState,
            ["go_backwards"] = goBackwards,
            ["stateful"] = stateful,
            ["unroll"] = unroll,
            ["zero_output_for_mask"] = false,
        };
        // Then the cell's own entries, with the layer's activity_regularizer after the bias_regularizer.
        foreach (var (key, value) in Cell(units, activation, recurrentActivation, useBias, null, kernelInitializer, recurrentInitializer,
            biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
            dropout, recurrentDropout))
        {
            config[key] = value?.DeepClone();
            if (key == "bias_regularizer")
            {
                config["activity_regularizer"] = LayerArgs.Reg(activityRegularizer);
            }
        }
        return config;
    }
}
