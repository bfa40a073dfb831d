using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.RandomHue</c> (keras/src/layers/preprocessing/image_preprocessing/random_hue.py): while training, adds ±d / 2 to each RGB
    /// image's hue (d ~ U[lower, upper), the sign at random), on images brought to [0, 1] and back.
    /// </summary>
    /// <param name="factor">f for [0, f], or (lower, upper). Within [0, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomHue RandomHue(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null, string? dataFormat = null,
        string? name = null) =>
        new(ToneConfig(dataFormat, AugmentationArgs.BaseFactor(factor, 0, 1, nameof(factor)), valueRange, false, seed), name);

    /// <summary>
    /// <c>keras.layers.RandomSaturation</c> (keras/src/layers/preprocessing/image_preprocessing/random_saturation.py): while training, multiplies
    /// each RGB image's saturation by f / (1 - f + 1e-7), f ~ U[lower, upper) (0.5 keeps it), clipped to valueRange as Keras does.
    /// </summary>
    /// <param name="factor">f for [-f, f], or (lower, upper). Within [-1, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomSaturation RandomSaturation(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null,
        string? dataFormat = null, string? name = null) =>
        new(ToneConfig(dataFormat, AugmentationArgs.BaseFactor(factor, -1, 1, nameof(factor)), valueRange, true, seed), name);

    /// <summary>
    /// <c>keras.layers.RandomColorDegeneration</c> (keras/src/layers/preprocessing/image_preprocessing/random_color_degeneration.py): while
    /// training, x + f (gray - x) per RGB image, f ~ U[lower, upper), clipped to valueRange.
    /// </summary>
    /// <param name="factor">f for [-f, f], or (lower, upper). Within [-1, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomColorDegeneration RandomColorDegeneration(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null,
        string? dataFormat = null, string? name = null) =>
        new(ToneConfig(dataFormat, AugmentationArgs.BaseFactor(factor, -1, 1, nameof(factor)), valueRange, true, seed), name);

    /// <summary>
    /// <c>keras.layers.RandomSharpness</c> (keras/src/layers/preprocessing/image_preprocessing/random_sharpness.py): while training,
    /// x + (1 - 2f) (smoothed - x) per image, f ~ U[lower, upper), with Keras's 3x3 smoothing kernel, clipped to valueRange.
    /// </summary>
    /// <param name="factor">f for [0, f], or (lower, upper). Within [0, 1]; 0.5 keeps the image.</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomSharpness RandomSharpness(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null,
        string? dataFormat = null, string? name = null) =>
        new(ToneConfig(dataFormat, AugmentationArgs.BaseFactor(factor, 0, 1, nameof(factor)), valueRange, true, seed), name);

    /// <summary>
    /// <c>keras.layers.RandomPosterization</c> (keras/src/layers/preprocessing/image_preprocessing/random_posterization.py): while training,
    /// keeps the top b bits of each pixel on the [0, 255] scale, b drawn per image from [lower, upper) (lower when equal).
    /// </summary>
    /// <param name="factor">b for [1, b], or (lower, upper): whole numbers within [1, 8].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomPosterization RandomPosterization(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null,
        string? dataFormat = null, string? name = null) =>
        new(ToneConfig(dataFormat, AugmentationArgs.BitsFactor(factor, nameof(factor)), valueRange, true, seed), name);

    /// <summary>
    /// <c>keras.layers.RandomColorJitter</c> (keras/src/layers/preprocessing/image_preprocessing/random_color_jitter.py): while training,
    /// <see cref="RandomBrightness"/>, <see cref="RandomContrast"/>, <see cref="RandomSaturation"/> and <see cref="RandomHue"/> in that order,
    /// each only when its factor is given (Keras builds them with the default channels_last data format).
    /// </summary>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="brightnessFactor">RandomBrightness's factor, or null to skip it.</param>
    /// <param name="contrastFactor">RandomContrast's factor, or null to skip it.</param>
    /// <param name="saturationFactor">RandomSaturation's factor, or null to skip it.</param>
    /// <param name="hueFactor">RandomHue's factor, or null to skip it.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first" (written; Keras's parts do not use it).</param>
    /// <param name="name">Layer name.</param>
    public static RandomColorJitter RandomColorJitter((double Min, double Max)? valueRange = null, FactorRange? brightnessFactor = null,
        FactorRange? contrastFactor = null, FactorRange? saturationFactor = null, FactorRange? hueFactor = null, int? seed = null,
        string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["brightness_factor"] = AugmentationArgs.CheckedAsGiven(brightnessFactor, -1, 1, nameof(brightnessFactor)),
            ["contrast_factor"] = AugmentationArgs.CheckedAsGiven(contrastFactor, 0, 1, nameof(contrastFactor)),
            ["saturation_factor"] = AugmentationArgs.CheckedAsGiven(saturationFactor, -1, 1, nameof(saturationFactor)),
            ["hue_factor"] = AugmentationArgs.CheckedAsGiven(hueFactor, 0, 1, nameof(hueFactor)),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.AutoContrast</c> (keras/src/layers/preprocessing/image_preprocessing/auto_contrast.py): stretches each image so its
    /// minimum and maximum (over Keras's axes 1 and 2) become valueRange's; flat images stay as they are. Applies at inference too.
    /// </summary>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first" (Keras takes it through **kwargs and writes it).</param>
    /// <param name="name">Layer name.</param>
    public static AutoContrast AutoContrast((double Min, double Max)? valueRange = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, true, nameof(valueRange)),
        }, name);

    /// <summary>
    /// <c>keras.layers.Equalization</c> (keras/src/layers/preprocessing/image_preprocessing/equalization.py): while training, maps each
    /// channel (its histogram over the batch in <paramref name="bins"/> bins) through its cumulative distribution. Keras leaves the images
    /// as they are at inference, as the PyTorch engine does; Keras cannot place this layer in a model (its output spec is its input).
    /// </summary>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null; Keras sorts it.</param>
    /// <param name="bins">Histogram bins (&gt; 0), 256 by default.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Equalization Equalization((double Min, double Max)? valueRange = null, int bins = 256, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["bins"] = LayerArgs.Positive(bins, nameof(bins)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, true, nameof(valueRange)),
        }, name);

    // The order Keras's colour layers write: data_format, factor, value_range, seed.
    private static JsonObject ToneConfig(string? dataFormat, JsonArray factor, (double Min, double Max)? valueRange, bool sortRange, int? seed) =>
        new()
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, "dataFormat"),
            ["factor"] = factor,
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, sortRange, "valueRange"),
            ["seed"] = seed,
        };
}
