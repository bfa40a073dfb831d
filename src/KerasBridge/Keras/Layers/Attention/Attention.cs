using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.Attention</c>: dot-product (Luong-style) attention, called on [query, value] or [query, value, key]
/// (<c>attention.Apply(query, value)</c> is Keras's <c>Attention()([query, value])</c>).
/// </summary>
public sealed class Attention : AttentionLayer
{
    internal Attention(JsonObject config, string? name) : base("Attention", config, name, inputsAsList: true) { }
}

/// <summary>
/// <c>keras.layers.AdditiveAttention</c>: additive (Bahdanau-style) attention, called on [query, value] or
/// [query, value, key] like <see cref="KerasBridge.Attention"/>.
/// </summary>
public sealed class AdditiveAttention : AttentionLayer
{
    internal AdditiveAttention(JsonObject config, string? name) : base("AdditiveAttention", config, name, inputsAsList: true) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.Attention</c> (keras/src/layers/attention/attention.py).</summary>
    /// <param name="useScale">Learn a scalar that scales the scores.</param>
    /// <param name="scoreMode">"dot" (query · key) or "concat" (sum of tanh(query + key)).</param>
    /// <param name="dropout">Dropout on the attention weights while training, in [0, 1).</param>
    /// <param name="seed">Seed for the dropout.</param>
    /// <param name="name">Layer name; attention, attention_1, ... when null.</param>
    /// <exception cref="ArgumentException">scoreMode is neither "dot" nor "concat".</exception>
    /// <exception cref="ArgumentOutOfRangeException">dropout is outside [0, 1).</exception>
    public static Attention Attention(bool useScale = false, string scoreMode = "dot", double dropout = 0.0, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["use_scale"] = useScale,
            ["score_mode"] = scoreMode is "dot" or "concat"
                ? scoreMode
                : throw new ArgumentException($"Expected scoreMode \"dot\" or \"concat\"; got \"{scoreMode}\".", nameof(scoreMode)),
            ["dropout"] = LayerArgs.Rate(dropout, nameof(dropout)),
            ["seed"] = seed,
        }, name);

    /// <summary><c>keras.layers.AdditiveAttention</c> (keras/src/layers/attention/additive_attention.py).</summary>
    /// <param name="useScale">Learn a per-feature vector that scales the scores.</param>
    /// <param name="dropout">Dropout on the attention weights while training, in [0, 1).</param>
    /// <param name="name">Layer name; additive_attention, ... when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">dropout is outside [0, 1).</exception>
    public static AdditiveAttention AdditiveAttention(bool useScale = true, double dropout = 0.0, string? name = null) =>
        new(new JsonObject
        {
            ["use_scale"] = useScale,
            ["dropout"] = LayerArgs.Rate(dropout, nameof(dropout)),
            ["seed"] = null,
        }, name);
}
