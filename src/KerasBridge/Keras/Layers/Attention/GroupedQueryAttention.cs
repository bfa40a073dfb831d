using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.GroupQueryAttention</c> (Python class GroupedQueryAttention): multi-head attention whose key and value
/// heads are shared by groups of query heads, called on query and value, and optionally key.
/// </summary>
public sealed class GroupedQueryAttention : AttentionLayer
{
    // Keras writes the export name as the class name and names the layer after the Python class (grouped_query_attention).
    internal GroupedQueryAttention(JsonObject config, string? name)
        : base("GroupQueryAttention", config, name ?? LayerNames.Next("grouped_query_attention"), inputsAsList: false) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.GroupQueryAttention</c> (keras/src/layers/attention/grouped_query_attention.py).</summary>
    /// <param name="headDim">Size of each attention head (&gt; 0).</param>
    /// <param name="numQueryHeads">Number of query heads (&gt; 0), a multiple of numKeyValueHeads.</param>
    /// <param name="numKeyValueHeads">Number of key and value heads (&gt; 0): 1 is multi-query attention, numQueryHeads multi-head attention.</param>
    /// <param name="dropout">Dropout on the attention scores while training, in [0, 1).</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="kernelInitializer">glorot_uniform when null.</param>
    /// <param name="biasInitializer">zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernels.</param>
    /// <param name="biasRegularizer">Penalty on the biases.</param>
    /// <param name="activityRegularizer">Penalty on the projections' outputs.</param>
    /// <param name="kernelConstraint">Constraint on the kernels.</param>
    /// <param name="biasConstraint">Constraint on the biases.</param>
    /// <param name="useGate">Gate the attention output with a sigmoid projection of the query.</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Layer name; grouped_query_attention, ... when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or dropout is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">numQueryHeads is not a multiple of numKeyValueHeads.</exception>
    public static GroupedQueryAttention GroupedQueryAttention(int headDim, int numQueryHeads, int numKeyValueHeads, double dropout = 0.0,
        bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, bool useGate = false, int? seed = null, string? name = null)
    {
        LayerArgs.Positive(numKeyValueHeads, nameof(numKeyValueHeads));
        if (LayerArgs.Positive(numQueryHeads, nameof(numQueryHeads)) % numKeyValueHeads != 0)
        {
            throw new ArgumentException(
                $"Expected numQueryHeads to be a multiple of numKeyValueHeads ({numKeyValueHeads}); got {numQueryHeads}.", nameof(numQueryHeads));
        }
        var config = new JsonObject
        {
            ["head_dim"] = LayerArgs.Positive(headDim, nameof(headDim)),
            ["num_query_heads"] = numQueryHeads,
            ["num_key_value_heads"] = numKeyValueHeads,
            ["use_bias"] = useBias,
            ["use_gate"] = useGate,
            ["sliding_window"] = null,
            ["dropout"] = LayerArgs.Rate(dropout, nameof(dropout)),
        };
        LayerArgs.AddKernelBias(config, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint)["seed"] = seed;
        return new(config, name);
    }
}
