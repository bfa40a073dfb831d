using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A layer called on query, value and optionally key (Attention, AdditiveAttention, MultiHeadAttention, GroupQueryAttention),
/// with Keras's call flags <c>use_causal_mask</c> and <c>return_attention_scores</c>, which Keras keeps in the graph node
/// and both engines read back.
/// </summary>
public abstract class AttentionLayer : KerasLayer
{
    // Attention and AdditiveAttention take [query, value, key] as one list; the others as positional arguments.
    private readonly bool _inputsAsList;

    private protected AttentionLayer(string className, JsonObject config, string? name, bool inputsAsList) : base(className, config, name) =>
        _inputsAsList = inputsAsList;

    /// <summary>Keras's call on query, value (and key), e.g. <c>layer(query, value, use_causal_mask=True)</c>: the attention output.</summary>
    /// <param name="query">Query tensor (batch, Tq, features).</param>
    /// <param name="value">Value tensor (batch, Tv, features).</param>
    /// <param name="key">Key tensor (batch, Tv, features); the value when null.</param>
    /// <param name="useCausalMask">Position i may attend only to positions j &lt;= i (decoder self-attention).</param>
    /// <exception cref="ArgumentException">The layer cannot take tensors of these shapes (the message names the layer and the shapes).</exception>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null, bool useCausalMask = false) =>
        Call(query, value, key, useCausalMask, returnAttentionScores: false)[0];

    /// <summary>
    /// Keras's call with <c>return_attention_scores=True</c>: the output and the attention scores ((batch, Tq, Tv) for
    /// Attention and AdditiveAttention, (batch, heads, Tq, Tv) for the multi-head layers).
    /// </summary>
    /// <param name="query">Query tensor (batch, Tq, features).</param>
    /// <param name="value">Value tensor (batch, Tv, features).</param>
    /// <param name="key">Key tensor (batch, Tv, features); the value when null.</param>
    /// <param name="useCausalMask">Position i may attend only to positions j &lt;= i.</param>
    /// <exception cref="ArgumentException">The layer cannot take tensors of these shapes.</exception>
    public (KerasTensor Output, KerasTensor Scores) ApplyWithScores(KerasTensor query, KerasTensor value, KerasTensor? key = null,
        bool useCausalMask = false)
    {
        var outputs = Call(query, value, key, useCausalMask, returnAttentionScores: true);
        return (outputs[0], outputs[1]);
    }

    private IReadOnlyList<KerasTensor> Call(KerasTensor query, KerasTensor value, KerasTensor? key, bool useCausalMask, bool returnAttentionScores)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        var flags = new JsonObject();
        if (useCausalMask)
        {
            flags["use_causal_mask"] = true;
        }
        if (returnAttentionScores)
        {
            flags["return_attention_scores"] = true;
        }
        KerasTensor[] inputs = key is null ? [query, value] : [query, value, key];
        return SymbolicCall.Apply(this, inputs, _inputsAsList, training: null, callKwargs: flags.Count > 0 ? flags : null);
    }
}
