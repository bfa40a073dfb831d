using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.ReversibleEmbedding</c>: an <see cref="Embedding"/> that can also run in reverse, projecting vectors of
/// output_dim back to logits over the input_dim ids (with the transposed embeddings, or reverse_embeddings of its own).
/// </summary>
public sealed class ReversibleEmbedding : KerasLayer
{
    internal ReversibleEmbedding(JsonObject config, string? name) : base("ReversibleEmbedding", config, name) { }

    /// <summary>Keras's call <c>layer(inputs, reverse=...)</c>; reverse=true gives logits (..., input_dim) for vectors (..., output_dim).</summary>
    /// <param name="inputs">Ids (forward), or vectors whose last axis is output_dim (reverse).</param>
    /// <param name="reverse">Project back to the vocabulary; Keras keeps the flag in the graph node.</param>
    /// <exception cref="ArgumentException">The layer cannot take tensors of this shape.</exception>
    public KerasTensor Apply(KerasTensor inputs, bool reverse)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var flags = reverse ? new JsonObject { ["reverse"] = true } : null;
        return SymbolicCall.Apply(this, [inputs], asList: false, training: null, callKwargs: flags)[0];
    }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.ReversibleEmbedding</c> (keras/src/layers/core/reversible_embedding.py).</summary>
    /// <param name="inputDim">Vocabulary size: ids are in [0, inputDim) (&gt; 0).</param>
    /// <param name="outputDim">Vector length (&gt; 0).</param>
    /// <param name="tieWeights">Reverse with the transposed embeddings; when false, a separate (outputDim, inputDim) matrix.</param>
    /// <param name="embeddingsInitializer">uniform (RandomUniform(-0.05, 0.05)) when null; also initializes reverse_embeddings.</param>
    /// <param name="embeddingsRegularizer">Penalty on the embeddings.</param>
    /// <param name="embeddingsConstraint">Constraint on the embeddings.</param>
    /// <param name="maskZero">Id 0 is padding: the forward output is masked there.</param>
    /// <param name="reverseDtype">The dtype of the reverse computation: null (the layer's) or "float32".</param>
    /// <param name="logitSoftCap">When set, reverse logits become tanh(logits / cap) * cap.</param>
    /// <param name="name">Layer name.</param>
    public static ReversibleEmbedding ReversibleEmbedding(int inputDim, int outputDim, bool tieWeights = true, Initializer? embeddingsInitializer = null,
        Regularizer? embeddingsRegularizer = null, Constraint? embeddingsConstraint = null, bool maskZero = false, string? reverseDtype = null,
        double? logitSoftCap = null, string? name = null)
    {
        if (reverseDtype is not (null or "float32"))
        {
            throw new ArgumentException($"Expected reverseDtype null or \"float32\"; got \"{reverseDtype}\".", nameof(reverseDtype));
        }
        if (logitSoftCap is 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(logitSoftCap), logitSoftCap, "Expected a non-zero logitSoftCap (or null); got 0.");
        }
        return new(new JsonObject
        {
            ["input_dim"] = LayerArgs.Positive(inputDim, nameof(inputDim)),
            ["output_dim"] = LayerArgs.Positive(outputDim, nameof(outputDim)),
            ["embeddings_initializer"] = LayerArgs.Init(embeddingsInitializer, () => Initializers.RandomUniform()),
            ["embeddings_regularizer"] = LayerArgs.Reg(embeddingsRegularizer),
            ["activity_regularizer"] = null,
            ["embeddings_constraint"] = LayerArgs.Con(embeddingsConstraint),
            ["mask_zero"] = maskZero,
            ["quantization_config"] = null,
            ["tie_weights"] = tieWeights,
            ["reverse_dtype"] = reverseDtype,
            ["logit_soft_cap"] = logitSoftCap,
        }, name);
    }
}
