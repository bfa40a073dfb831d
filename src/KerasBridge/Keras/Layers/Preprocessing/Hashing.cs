using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.Hashing</c>: hashes each integer or string value into one of numBins bins, optionally encoded.
/// Keras runs it only with TensorFlow installed; the PyTorch engine runs it without.
/// </summary>
public sealed class Hashing : KerasLayer
{
    internal Hashing(JsonObject config, string? name) : base("Hashing", config, name) { }
}

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.Hashing</c> (keras/src/layers/preprocessing/hashing.py): each value's bin is TensorFlow's FarmHash64
    /// of its text (an integer's decimal digits, a string's UTF-8 bytes) modulo numBins, or SipHash64 keyed by the
    /// salt. Takes integer inputs, or a string Input (dtype "string") that feeds this one layer. Real Keras needs
    /// TensorFlow for this layer; the PyTorch engine runs it without (dense outputs only).
    /// </summary>
    /// <param name="numBins">How many bins (≥ 1), the mask's bin 0 included when <paramref name="maskValue"/> is set.</param>
    /// <param name="maskValue">A value (a string, or an integer) that takes bin 0; the others hash into bins 1 to numBins − 1.
    /// Null for no mask.</param>
    /// <param name="salt">Hash with SipHash64 keyed by the salt instead of FarmHash64: one value s (Keras's salt=s, the key
    /// [s, s]) or two values (the key).</param>
    /// <param name="outputMode">"int" (the bins), "one_hot" (inputs with a last axis of 1), "multi_hot" or "count" (each
    /// over numBins entries).</param>
    /// <param name="sparse">Sparse outputs (TensorFlow only; the PyTorch engine refuses true).</param>
    /// <param name="dtype">The outputs' dtype: null for Keras's default, "int64" in "int" mode (which takes "int32" or
    /// "int64") and "float32" otherwise.</param>
    /// <param name="name">Layer name.</param>
    public static Hashing Hashing(int numBins, object? maskValue = null, IReadOnlyList<long>? salt = null, string outputMode = "int",
        bool sparse = false, string? dtype = null, string? name = null)
    {
        if (numBins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numBins), numBins, $"Expected numBins >= 1; got {numBins}.");
        }
        JsonNode? mask = maskValue switch
        {
            null => null,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            _ => throw new ArgumentException($"Expected maskValue to be a string, an int or a long; got {maskValue.GetType().Name}.", nameof(maskValue)),
        };
        if (salt is { Count: not (1 or 2) })
        {
            throw new ArgumentException($"Expected one or two salt values; got {salt.Count}.", nameof(salt));
        }
        Mode(outputMode, nameof(outputMode), "int", "one_hot", "multi_hot", "count");
        if (sparse && outputMode == "int")
        {
            throw new ArgumentException("Expected sparse only with outputMode \"one_hot\", \"multi_hot\" or \"count\"; got outputMode \"int\".", nameof(sparse));
        }
        if (outputMode == "int" && dtype is not (null or "int32" or "int64"))
        {
            throw new ArgumentException($"Expected dtype \"int32\" or \"int64\" with outputMode \"int\"; got \"{dtype}\".", nameof(dtype));
        }
        // Hashing.__init__ makes int64 the default dtype in "int" mode; get_config writes the policy and salt as a pair.
        return new(new JsonObject
        {
            ["dtype"] = KerasConfig.Serialized("keras", "DTypePolicy", new JsonObject { ["name"] = dtype ?? (outputMode == "int" ? "int64" : "float32") }),
            ["num_bins"] = numBins,
            ["salt"] = salt is null ? null : new JsonArray(salt[0], salt[^1]),
            ["mask_value"] = mask,
            ["output_mode"] = outputMode,
            ["sparse"] = sparse,
        }, name);
    }
}
