using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.IntegerLookup</c>: maps integer tokens to vocabulary indices (or back, with invert), optionally encoded.
/// Keras runs it only with TensorFlow installed; the PyTorch engine runs it without.
/// </summary>
public sealed class IntegerLookup : KerasLayer
{
    internal IntegerLookup(JsonObject config, string? name) : base("IntegerLookup", config, name) { }
}

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.IntegerLookup</c> (keras/src/layers/preprocessing/integer_lookup.py): each token becomes its index in
    /// the vocabulary, after the mask slot (when <paramref name="maskToken"/> is set, "int" mode) and the OOV slots. Give the
    /// vocabulary, or leave it null and compute it from data with <see cref="Model.AdaptLayer"/> (most frequent first).
    /// Real Keras needs TensorFlow for this layer; the PyTorch engine runs it without (dense outputs only).
    /// </summary>
    /// <param name="maxTokens">The largest vocabulary (special tokens included) adapt may make; null for no cap (&gt; 1).</param>
    /// <param name="numOovIndices">How many OOV slots (≥ 0): 0 refuses unknown tokens, more than 1 spreads them by
    /// token mod numOovIndices.</param>
    /// <param name="maskToken">A token that stands for masked values: index 0 in "int" mode, dropped by the encodings.</param>
    /// <param name="oovToken">What invert returns for indices outside the vocabulary.</param>
    /// <param name="vocabulary">The tokens (without, or starting with, the mask and OOV tokens); null to adapt.</param>
    /// <param name="vocabularyDtype">The tokens' dtype: "int64", the only one Keras supports.</param>
    /// <param name="idfWeights">The tf_idf weights, one per vocabulary entry (outputMode "tf_idf" with a vocabulary).</param>
    /// <param name="invert">Map indices back to tokens ("int" mode only).</param>
    /// <param name="outputMode">"int", "one_hot", "multi_hot", "count" or "tf_idf".</param>
    /// <param name="sparse">Sparse outputs (TensorFlow only; the PyTorch engine refuses true).</param>
    /// <param name="padToMaxTokens">Encode over maxTokens entries whatever the vocabulary size (needs maxTokens).</param>
    /// <param name="oovMethod">How OOV tokens pick a slot: "floormod" (token mod numOovIndices) or "farmhash" (FarmHash64 of
    /// the token's text).</param>
    /// <param name="salt">With oovMethod "farmhash": hash with SipHash64 keyed by (salt, salt) instead.</param>
    /// <param name="name">Layer name.</param>
    public static IntegerLookup IntegerLookup(int? maxTokens = null, int numOovIndices = 1, int? maskToken = null, int oovToken = -1,
        IReadOnlyList<int>? vocabulary = null, string vocabularyDtype = "int64", IReadOnlyList<double>? idfWeights = null,
        bool invert = false, string outputMode = "int", bool sparse = false, bool padToMaxTokens = false,
        string oovMethod = "floormod", int? salt = null, string? name = null)
    {
        return new(IndexLookupConfig(invert, maxTokens, numOovIndices, oovToken, maskToken, outputMode, sparse, padToMaxTokens, vocabularyDtype,
            idfWeights, vocabulary is null ? null : new JsonArray(vocabulary.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()), oovMethod, salt), name);
    }
}
