using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.SpectralNormalization</c>: wraps a layer with a kernel (Dense, Conv*) or embeddings and, in training,
/// divides that kernel by its spectral norm, estimated by power iteration with a non-trainable vector <c>vector_u</c>.
/// </summary>
public sealed class SpectralNormalization : KerasLayer
{
    internal SpectralNormalization(JsonObject config, string? name) : base("SpectralNormalization", config, name) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.SpectralNormalization</c> (keras/src/layers/normalization/spectral_normalization.py).</summary>
    /// <param name="layer">The wrapped layer: one with a <c>kernel</c> (Dense, Conv2D, ...) or <c>embeddings</c> (Embedding).</param>
    /// <param name="powerIterations">Power iterations per training step (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    public static SpectralNormalization SpectralNormalization(Layer layer, int powerIterations = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new(new JsonObject
        {
            ["layer"] = layer.ToConfig(),
            ["power_iterations"] = LayerArgs.Positive(powerIterations, nameof(powerIterations)),
        }, name);
    }
}
