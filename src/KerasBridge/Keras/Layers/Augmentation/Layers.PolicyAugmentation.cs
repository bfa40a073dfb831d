using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.RandAugment</c> (keras/src/layers/preprocessing/image_preprocessing/rand_augment.py): while training, applies numOps
    /// layers picked at random (each pick for the whole batch) from RandomShear, RandomTranslation, RandomRotation, RandomBrightness,
    /// RandomColorDegeneration, RandomContrast, RandomSharpness, RandomPosterization, Solarization, AutoContrast and Equalization, all
    /// built from factor; a layer picked twice applies its one draw twice (as in Keras). Nothing at inference.
    /// </summary>
    /// <param name="valueRange">The images' (low, high), (0, 255) when null, written as given.</param>
    /// <param name="numOps">How many layers to apply in turn (&gt;= 0).</param>
    /// <param name="factor">The strength: f for [0, f] (0.5 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="interpolation">"bilinear" or "nearest", for the shear, translation and rotation.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandAugment RandAugment((double Min, double Max)? valueRange = null, int numOps = 2, FactorRange? factor = null,
        string interpolation = "bilinear", int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["num_ops"] = numOps >= 0
                ? numOps
                : throw new ArgumentOutOfRangeException(nameof(numOps), numOps, $"Expected numOps >= 0; got {numOps}."),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 0.5, 0, 1, nameof(factor)),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.AugMix</c> (keras/src/layers/preprocessing/image_preprocessing/aug_mix.py): while training, runs numChains chains of
    /// up to chainDepth layers (each step one of RandomShear, RandomTranslation, RandomRotation, RandomPosterization, Solarization,
    /// AutoContrast, Equalization and, with allOps, RandomBrightness, RandomColorDegeneration, RandomContrast, RandomSharpness, or none,
    /// picked uniformly) and returns m x + (1 - m) sum w_i chain_i(x), w ~ Dirichlet(alpha), m ~ Beta(alpha, alpha), clipped to
    /// valueRange. Nothing at inference.
    /// </summary>
    /// <param name="valueRange">The images' (low, high), (0, 255) when null, written as given.</param>
    /// <param name="numChains">How many chains are mixed (&gt;= 1).</param>
    /// <param name="chainDepth">The most layers per chain (&gt;= 0).</param>
    /// <param name="factor">The strength: f for [0, f] (0.3 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="alpha">The Dirichlet and Beta concentration (&gt; 0).</param>
    /// <param name="allOps">Whether the four colour layers are among the choices.</param>
    /// <param name="interpolation">"bilinear" or "nearest", for the shear, translation and rotation.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AugMix AugMix((double Min, double Max)? valueRange = null, int numChains = 3, int chainDepth = 3, FactorRange? factor = null,
        double alpha = 1.0, bool allOps = true, string interpolation = "bilinear", int? seed = null, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["num_chains"] = numChains >= 1
                ? numChains
                : throw new ArgumentOutOfRangeException(nameof(numChains), numChains, $"Expected numChains >= 1; got {numChains}."),
            ["chain_depth"] = chainDepth >= 0
                ? chainDepth
                : throw new ArgumentOutOfRangeException(nameof(chainDepth), chainDepth, $"Expected chainDepth >= 0; got {chainDepth}."),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 0.3, 0, 1, nameof(factor)),
            ["alpha"] = alpha > 0 && double.IsFinite(alpha)
                ? alpha
                : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Expected alpha > 0; got {LayerArgs.Text(alpha)}."),
            ["all_ops"] = allOps,
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
        }, name);
}
