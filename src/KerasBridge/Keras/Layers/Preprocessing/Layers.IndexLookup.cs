using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// IndexLookup's checks and get_config (keras/src/layers/preprocessing/index_lookup.py), shared by IntegerLookup and
    /// StringLookup: its keys in its order, without vocabulary_size (Keras computes it) and, for strings, without
    /// vocabulary_dtype (StringLookup.get_config drops it). Keras allows a salt without "farmhash" only for strings.
    /// </summary>
    private static JsonObject IndexLookupConfig(bool invert, int? maxTokens, int numOovIndices, JsonNode? oovToken, JsonNode? maskToken,
        string outputMode, bool sparse, bool padToMaxTokens, string? vocabularyDtype, IReadOnlyList<double>? idfWeights, JsonArray? vocabulary,
        string oovMethod, int? salt)
    {
        if (maxTokens is <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, $"Expected maxTokens > 1 or null; got {maxTokens}.");
        }
        if (numOovIndices < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numOovIndices), numOovIndices, $"Expected numOovIndices >= 0; got {numOovIndices}.");
        }
        Mode(outputMode, nameof(outputMode), "int", "one_hot", "multi_hot", "count", "tf_idf");
        Mode(oovMethod, nameof(oovMethod), "floormod", "farmhash");
        if (invert && outputMode != "int")
        {
            throw new ArgumentException($"Expected outputMode \"int\" when invert is true; got \"{outputMode}\".", nameof(invert));
        }
        if (sparse && outputMode == "int")
        {
            throw new ArgumentException("Expected sparse only with outputMode \"one_hot\", \"multi_hot\", \"count\" or \"tf_idf\"; got outputMode \"int\".", nameof(sparse));
        }
        if (padToMaxTokens && maxTokens is null)
        {
            throw new ArgumentException("Expected maxTokens when padToMaxTokens is true; got null.", nameof(padToMaxTokens));
        }
        if (idfWeights is not null && outputMode != "tf_idf")
        {
            throw new ArgumentException($"Expected idfWeights only with outputMode \"tf_idf\"; got outputMode \"{outputMode}\".", nameof(idfWeights));
        }
        if (vocabulary is not null && outputMode == "tf_idf" && idfWeights is null)
        {
            throw new ArgumentException("Expected idfWeights with a vocabulary in outputMode \"tf_idf\"; got null.", nameof(idfWeights));
        }
        if (salt is not null && vocabularyDtype is not null && oovMethod != "farmhash")
        {
            throw new ArgumentException($"Expected salt only with oovMethod \"farmhash\"; got oovMethod \"{oovMethod}\".", nameof(salt));
        }
        var config = new JsonObject
        {
            ["invert"] = invert,
            ["max_tokens"] = maxTokens,
            ["num_oov_indices"] = numOovIndices,
            ["oov_token"] = oovToken,
            ["mask_token"] = maskToken,
            ["output_mode"] = outputMode,
            ["sparse"] = sparse,
            ["pad_to_max_tokens"] = padToMaxTokens,
        };
        if (vocabularyDtype is not null)
        {
            config["vocabulary_dtype"] = vocabularyDtype;
        }
        config["idf_weights"] = idfWeights is null ? null : new JsonArray(idfWeights.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        config["vocabulary"] = vocabulary;
        config["oov_method"] = oovMethod;
        config["salt"] = salt is { } s ? new JsonArray(s, s) : null;
        return config;
    }
}
