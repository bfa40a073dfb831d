using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.RandomContrast</c> (keras/src/layers/preprocessing/image_preprocessing/random_contrast.py): while training, (x - mean) * c + mean per image and channel, clipped to valueRange.</summary>
    /// <param name="factor">f for c in [1, 1 + f] (Keras's reading of a single number), or (lower, upper) for c in [1 - lower, 1 + upper]. Within [0, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first": which axes the mean is over (Keras takes it through **kwargs).</param>
    /// <param name="name">Layer name.</param>
    public static RandomContrast RandomContrast(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor, 0, 1, nameof(factor)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["seed"] = seed,
        }, name);

    /// <summary><c>keras.layers.RandomBrightness</c> (keras/src/layers/preprocessing/image_preprocessing/random_brightness.py): while training, adds d * (max - min) per image, clipped to valueRange.</summary>
    /// <param name="factor">f for d in [-f, f], or (lower, upper). Within [-1, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    /// <remarks>Keras writes the image data format in its config, though the sum does not depend on it.</remarks>
    public static RandomBrightness RandomBrightness(FactorRange factor, (double Min, double Max)? valueRange = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = "channels_last",
            ["factor"] = AugmentationArgs.BaseFactor(factor, -1, 1, nameof(factor)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, true, nameof(valueRange)),
            ["seed"] = seed,
        }, name);

    /// <summary><c>keras.layers.RandomGrayscale</c> (keras/src/layers/preprocessing/image_preprocessing/random_grayscale.py): while training, turns each RGB image gray with probability factor.</summary>
    /// <param name="factor">The probability, in [0, 1].</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed (Keras uses it but does not save it in its config).</param>
    /// <param name="name">Layer name.</param>
    public static RandomGrayscale RandomGrayscale(double factor = 0.5, string? dataFormat = null, int? seed = null, string? name = null)
    {
        if (factor is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"Expected factor in [0, 1]; got {LayerArgs.Text(factor)}.");
        }
        var config = new JsonObject { ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)), ["factor"] = factor };
        if (seed is not null)
        {
            config["seed"] = seed;
        }
        return new(config, name);
    }

    /// <summary><c>keras.layers.RandomInvert</c> (keras/src/layers/preprocessing/image_preprocessing/random_invert.py): while training, max - x for an image when U[0, 1) &lt; U[lower, upper).</summary>
    /// <param name="factor">f for [0, f] (1.0, Keras's default, when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomInvert RandomInvert(FactorRange? factor = null, (double Min, double Max)? valueRange = null, int? seed = null, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.Solarization</c> (keras/src/layers/preprocessing/image_preprocessing/solarization.py): while training, on a [0, 255]
    /// scale, adds a ~ U[lower, 255 upper) of additionFactor, clips, and takes 255 - x where x ≥ t ~ U[lower, 255 upper) of thresholdFactor.
    /// </summary>
    /// <param name="additionFactor">f for [0, f] (0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="thresholdFactor">f for [0, f] (0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    /// <remarks>Keras writes the image data format in its config, though the pixel-wise maths does not depend on it.</remarks>
    public static Solarization Solarization(FactorRange? additionFactor = null, FactorRange? thresholdFactor = null, (double Min, double Max)? valueRange = null,
        int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = "channels_last",
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, true, nameof(valueRange)),
            ["addition_factor"] = AugmentationArgs.UnitFactor(additionFactor ?? 0.0, nameof(additionFactor)),
            ["threshold_factor"] = AugmentationArgs.UnitFactor(thresholdFactor ?? 0.0, nameof(thresholdFactor)),
            ["seed"] = seed,
        }, name);
}
