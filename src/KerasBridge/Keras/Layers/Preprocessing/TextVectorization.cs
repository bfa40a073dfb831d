using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.TextVectorization</c>: turns each string into token indices (or a multi_hot/count/tf_idf vector) after
/// standardizing, splitting and making ngrams. It takes a string Input (<c>Keras.Input(shape: [1], dtype: "string")</c>),
/// fed from C# with <c>string[]</c>, <c>string[,]</c> or <c>string[][]</c> arrays. Keras runs it only with TensorFlow
/// installed; the PyTorch engine runs it without.
/// </summary>
public sealed class TextVectorization : KerasLayer
{
    internal TextVectorization(JsonObject config, string? name) : base("TextVectorization", config, name) { }
}

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.TextVectorization</c> (keras/src/layers/preprocessing/text_vectorization.py): each string is
    /// standardized, split into tokens, recombined into ngrams and looked up in the vocabulary (index 0 pads, 1 is OOV in
    /// "int" mode). Give the vocabulary, or leave it null and compute it from data with <see cref="Model.AdaptLayer"/>
    /// (most frequent first). On the PyTorch engine it must be the one layer a string Input feeds; real Keras needs
    /// TensorFlow for this layer.
    /// </summary>
    /// <param name="maxTokens">The largest vocabulary (the pad and OOV tokens included) adapt may make; null for no cap (&gt; 1).</param>
    /// <param name="standardize">"lower_and_strip_punctuation", "lower" (ASCII letters), "strip_punctuation" or null for none.</param>
    /// <param name="split">"whitespace", "character" or null (each string is one token).</param>
    /// <param name="ngrams">Null, n (ngrams of widths 1 to n) or the widths (e.g. <c>new[] { 2, 3 }</c>).</param>
    /// <param name="outputMode">"int", "multi_hot", "count", "tf_idf" or "one_hot".</param>
    /// <param name="outputSequenceLength">"int" mode: cut or pad (with 0) every sequence to this length; null pads to the longest.</param>
    /// <param name="padToMaxTokens">Encode over maxTokens entries whatever the vocabulary size (needs maxTokens).</param>
    /// <param name="vocabulary">The tokens (without, or starting with, the pad and OOV tokens); null to adapt.</param>
    /// <param name="idfWeights">The tf_idf weights, one per vocabulary entry (outputMode "tf_idf" with a vocabulary).</param>
    /// <param name="sparse">Sparse outputs (TensorFlow only; the PyTorch engine refuses true).</param>
    /// <param name="ragged">Ragged "int" outputs (TensorFlow only; the PyTorch engine refuses true).</param>
    /// <param name="encoding">The text encoding of byte strings, e.g. "utf-8".</param>
    /// <param name="name">Layer name.</param>
    public static TextVectorization TextVectorization(int? maxTokens = null, string? standardize = "lower_and_strip_punctuation",
        string? split = "whitespace", NGrams? ngrams = null, string outputMode = "int", int? outputSequenceLength = null,
        bool padToMaxTokens = false, IReadOnlyList<string>? vocabulary = null, IReadOnlyList<double>? idfWeights = null, bool sparse = false,
        bool ragged = false, string encoding = "utf-8", string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(encoding);
        if (standardize is not null)
        {
            Mode(standardize, nameof(standardize), "lower_and_strip_punctuation", "lower", "strip_punctuation");
        }
        if (split is not null)
        {
            Mode(split, nameof(split), "whitespace", "character");
        }
        if (outputSequenceLength is not null && outputMode != "int")
        {
            throw new ArgumentException($"Expected outputSequenceLength only with outputMode \"int\"; got outputMode \"{outputMode}\".", nameof(outputSequenceLength));
        }
        if (outputSequenceLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSequenceLength), outputSequenceLength, $"Expected outputSequenceLength >= 0 or null; got {outputSequenceLength}.");
        }
        if (ragged && outputMode != "int")
        {
            throw new ArgumentException($"Expected ragged only with outputMode \"int\"; got outputMode \"{outputMode}\".", nameof(ragged));
        }
        var tokens = StringTokens(vocabulary, nameof(vocabulary));
        // The inner StringLookup's checks (mask_token "", one OOV index); its config is not written.
        IndexLookupConfig(false, maxTokens, 1, "[UNK]", "", outputMode, sparse, padToMaxTokens, vocabularyDtype: null, idfWeights,
            (JsonArray?)tokens?.DeepClone(), "floormod", null);
        // TextVectorization.get_config's keys in its order, without vocabulary_size (Keras computes it).
        return new(new JsonObject
        {
            ["max_tokens"] = maxTokens,
            ["standardize"] = standardize,
            ["split"] = split,
            ["ngrams"] = ngrams?.ToJson(nameof(ngrams)),
            ["output_mode"] = outputMode,
            ["output_sequence_length"] = outputSequenceLength,
            ["pad_to_max_tokens"] = padToMaxTokens,
            ["sparse"] = sparse,
            ["ragged"] = ragged,
            ["vocabulary"] = tokens,
            ["idf_weights"] = idfWeights is null ? null : new JsonArray(idfWeights.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
            ["encoding"] = encoding,
        }, name);
    }
}
