using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.MultiHeadAttention</c>: scaled dot-product attention over several heads (called on query and value, and optionally key).</summary>
public sealed class MultiHeadAttention : AttentionLayer
{
    internal MultiHeadAttention(JsonObject config, string? name) : base("MultiHeadAttention", config, name, inputsAsList: false) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.MultiHeadAttention</c> (keras/src/layers/attention/multi_head_attention.py).</summary>
    /// <param name="numHeads">Number of heads (&gt; 0).</param>
    /// <param name="keyDim">Size of each head for query and key (&gt; 0).</param>
    /// <param name="valueDim">Size of each head for value; keyDim when null.</param>
    /// <param name="dropout">Dropout on the attention weights, in [0, 1).</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="outputShape">The output's last dimensions; the query's when null.</param>
    /// <param name="attentionAxes">Axes attention is applied over; all but batch, heads and features when null.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernels.</param>
    /// <param name="biasRegularizer">Penalty on the biases.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernels.</param>
    /// <param name="biasConstraint">Constraint on the biases.</param>
    /// <param name="useGate">Gate the attention output with a sigmoid of the query.</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Layer name.</param>
    public static MultiHeadAttention MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0.0, bool useBias = true,
        int[]? outputShape = null, int[]? attentionAxes = null, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
        Constraint? kernelConstraint = null, Constraint? biasConstraint = null, bool useGate = false, int? seed = null, string? name = null)
    {
        var config = new JsonObject
        {
            ["num_heads"] = LayerArgs.Positive(numHeads, nameof(numHeads)),
            ["key_dim"] = LayerArgs.Positive(keyDim, nameof(keyDim)),
            // Keras's get_config writes the value size it resolved (key_dim when None).
            ["value_dim"] = valueDim is { } v ? LayerArgs.Positive(v, nameof(valueDim)) : keyDim,
            ["dropout"] = LayerArgs.Rate(dropout, nameof(dropout)),
            ["use_bias"] = useBias,
            ["use_gate"] = useGate,
            ["output_shape"] = outputShape is null ? null : LayerArgs.Ints(outputShape),
            ["attention_axes"] = attentionAxes is null ? null : LayerArgs.Ints(attentionAxes),
            ["sliding_window"] = null,
        };
        LayerArgs.AddKernelBias(config, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint)["seed"] = seed;
        return new(config, name);
    }
}
