using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.MixUp</c> (keras/src/layers/preprocessing/image_preprocessing/mix_up.py): while training, w x + (1 - w) x[perm]
    /// per image, w ~ Beta(alpha, alpha), perm a random permutation of the batch. Inside a model only the images are mixed.
    /// </summary>
    /// <param name="alpha">The Beta distribution's parameter (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static MixUp MixUp(double alpha = 0.2, string? dataFormat = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["alpha"] = alpha > 0 && double.IsFinite(alpha)
                ? alpha
                : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Expected alpha > 0; got {LayerArgs.Text(alpha)}."),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.CutMix</c> (keras/src/layers/preprocessing/image_preprocessing/cut_mix.py): while training, each image takes a box
    /// from another image of the batch, its sides sqrt(1 - w) of the image's, w ~ Beta(a, a), a ~ U[lower, upper) for the batch.
    /// </summary>
    /// <param name="factor">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static CutMix CutMix(FactorRange? factor = null, int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["seed"] = seed,
        }, name);
}
