using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.StringLookup</c>: maps strings to vocabulary indices, optionally encoded (one_hot, multi_hot...).
/// It takes a string Input (<c>Keras.Input(shape: [1], dtype: "string")</c>), fed from C# with <c>string[,]</c> arrays.
/// Keras runs it only with TensorFlow installed; the PyTorch engine runs it without.
/// </summary>
public sealed class StringLookup : KerasLayer
{
    internal StringLookup(JsonObject config, string? name) : base("StringLookup", config, name) { }
}

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.StringLookup</c> (keras/src/layers/preprocessing/string_lookup.py): each string becomes its index in
    /// the vocabulary, after the mask slot (when <paramref name="maskToken"/> is set, "int" mode) and the OOV slots. Give the
    /// vocabulary, or leave it null and compute it from data with <see cref="Model.AdaptLayer"/> (most frequent first).
    /// On the PyTorch engine it must be the one layer a string Input feeds; real Keras needs TensorFlow for this layer.
    /// </summary>
    /// <param name="maxTokens">The largest vocabulary (special tokens included) adapt may make; null for no cap (&gt; 1).</param>
    /// <param name="numOovIndices">How many OOV slots (≥ 0): 0 refuses unknown strings, more than 1 spreads them by a hash
    /// of the string.</param>
    /// <param name="maskToken">A string that stands for masked values: index 0 in "int" mode, dropped by the encodings.</param>
    /// <param name="oovToken">What invert returns for indices outside the vocabulary.</param>
    /// <param name="vocabulary">The strings (without, or starting with, the mask and OOV tokens); null to adapt.</param>
    /// <param name="idfWeights">The tf_idf weights, one per vocabulary entry (outputMode "tf_idf" with a vocabulary).</param>
    /// <param name="invert">Map indices back to strings ("int" mode; a PyTorch-engine model refuses it, strings cannot leave it).</param>
    /// <param name="outputMode">"int", "one_hot", "multi_hot", "count" or "tf_idf".</param>
    /// <param name="padToMaxTokens">Encode over maxTokens entries whatever the vocabulary size (needs maxTokens).</param>
    /// <param name="sparse">Sparse outputs (TensorFlow only; the PyTorch engine refuses true).</param>
    /// <param name="encoding">The text encoding of byte strings, e.g. "utf-8".</param>
    /// <param name="name">Layer name.</param>
    /// <param name="salt">With more than one OOV slot: hash with SipHash64 keyed by (salt, salt) instead of FarmHash64.</param>
    public static StringLookup StringLookup(int? maxTokens = null, int numOovIndices = 1, string? maskToken = null, string oovToken = "[UNK]",
        IReadOnlyList<string>? vocabulary = null, IReadOnlyList<double>? idfWeights = null, bool invert = false, string outputMode = "int",
        bool padToMaxTokens = false, bool sparse = false, string encoding = "utf-8", string? name = null, int? salt = null)
    {
        ArgumentNullException.ThrowIfNull(oovToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(encoding);
        var tokens = StringTokens(vocabulary, nameof(vocabulary));
        // StringLookup's constructor passes no oov_method (IndexLookup's default "floormod" is written) and adds encoding.
        var config = IndexLookupConfig(invert, maxTokens, numOovIndices, oovToken, maskToken, outputMode, sparse, padToMaxTokens,
            vocabularyDtype: null, idfWeights, tokens, "floormod", salt);
        config["encoding"] = encoding;
        return new(config, name);
    }

    /// <summary>A string vocabulary as its JSON list (null stays null); a null token is refused, named by its index.</summary>
    private static JsonArray? StringTokens(IReadOnlyList<string>? vocabulary, string parameterName)
    {
        if (vocabulary is null)
        {
            return null;
        }
        var nullAt = vocabulary.Select((t, i) => (t, i)).FirstOrDefault(p => p.t is null, (t: "", i: -1)).i;
        if (nullAt >= 0)
        {
            throw new ArgumentException($"Expected a string at every index of {parameterName}; {parameterName}[{nullAt}] is null.", parameterName);
        }
        return new JsonArray(vocabulary.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
    }
}
