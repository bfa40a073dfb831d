using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.RandomShear</c> (keras/src/layers/preprocessing/image_preprocessing/random_shear.py): while training, the output
    /// pixel (x, y) reads the input at (x + s_x y, s_y x + y), s ~ U[lower, upper) per axis, both negated together at random.
    /// </summary>
    /// <param name="xFactor">f for [-f, f] (0 when null), or (lower, upper): numbers in [0, 1]. Keras writes f as [-f, f], a pair its own
    /// loader then refuses for f &gt; 0; give a pair of non-negative bounds for files Keras reloads (the PyTorch engine loads either).</param>
    /// <param name="yFactor">The vertical shear, the same way.</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="fillMode">How points outside the image are filled (<see cref="FillMode.Reflect"/> when null).</param>
    /// <param name="fillValue">The value outside the image with <see cref="FillMode.Constant"/>.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static RandomShear RandomShear(FactorRange? xFactor = null, FactorRange? yFactor = null, string interpolation = "bilinear",
        FillMode? fillMode = null, double fillValue = 0.0, string? dataFormat = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["x_factor"] = AugmentationArgs.SymmetricFactor(xFactor ?? 0.0, nameof(xFactor)),
            ["y_factor"] = AugmentationArgs.SymmetricFactor(yFactor ?? 0.0, nameof(yFactor)),
            ["fill_mode"] = AugmentationArgs.AffineFillMode(fillMode),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
        }, name);

    /// <summary>
    /// <c>keras.layers.RandomErasing</c> (keras/src/layers/preprocessing/image_preprocessing/random_erasing.py): while training, for each
    /// image where U[0, 1) &lt; U[lower, upper) of factor, fills a box whose sides are sqrt(U[scale)) of the image's, placed at random.
    /// </summary>
    /// <param name="factor">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="scale">The box's share of each side, squared: f for [0, f], or (lower, upper) ((0.02, 0.33) when null). Within [0, 1].</param>
    /// <param name="fillValue">Null for Gaussian noise N(0, 1) times valueRange's max; one value; or three, one per channel (channels last).
    /// Clipped to valueRange.</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomErasing RandomErasing(FactorRange? factor = null, FactorRange? scale = null, double[]? fillValue = null,
        (double Min, double Max)? valueRange = null, int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["scale"] = AugmentationArgs.BaseFactor(scale ?? (0.02, 0.33), 0, 1, nameof(scale)),
            ["fill_value"] = ErasingFill(fillValue),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.RandomGaussianBlur</c> (keras/src/layers/preprocessing/image_preprocessing/random_gaussian_blur.py): while training,
    /// blurs each image where U[0, 1) &lt; U[lower, upper) of factor with a Gaussian kernel of one (sigma_x, sigma_y) drawn for the batch,
    /// and clips the images to valueRange.
    /// </summary>
    /// <param name="factor">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="kernelSize">Odd kernel size, or (height, width) (3 when null).</param>
    /// <param name="sigma">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="valueRange">The images' (min, max), (0, 255) when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static RandomGaussianBlur RandomGaussianBlur(FactorRange? factor = null, Pair? kernelSize = null, FactorRange? sigma = null,
        (double Min, double Max)? valueRange = null, string? dataFormat = null, int? seed = null, string? name = null)
    {
        var size = kernelSize ?? 3;
        if (size.First <= 0 || size.Second <= 0 || size.First % 2 == 0 || size.Second % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), size.ToString(), $"Expected kernelSize odd and positive; got {size}.");
        }
        return new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["kernel_size"] = LayerArgs.Ints(size.First, size.Second),
            ["sigma"] = AugmentationArgs.BaseFactor(sigma ?? 1.0, 0, 1, nameof(sigma)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["seed"] = seed,
        }, name);
    }

    /// <summary>
    /// <c>keras.layers.RandomPerspective</c> (keras/src/layers/preprocessing/image_preprocessing/random_perspective.py): while training,
    /// for each image where U[0, 1) &lt; U[lower, upper) of factor, moves each corner by U[-scale/2, scale/2) of its coordinates and warps
    /// the image to match, filling outside with fillValue.
    /// </summary>
    /// <param name="factor">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="scale">How far the corners move, in [0, 1].</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="fillValue">The value outside the image.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomPerspective RandomPerspective(FactorRange? factor = null, double scale = 1.0, string interpolation = "bilinear",
        double fillValue = 0.0, int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["scale"] = scale is >= 0 and <= 1
                ? scale
                : throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Expected scale in [0, 1]; got {LayerArgs.Text(scale)}."),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
            ["seed"] = seed,
        }, name);

    private static JsonNode? ErasingFill(double[]? fillValue) => fillValue switch
    {
        null => null,
        [var one] => AugmentationArgs.FiniteValue(one, nameof(fillValue)),
        [_, _, _] => new JsonArray(fillValue.Select(v => (JsonNode)AugmentationArgs.FiniteValue(v, nameof(fillValue))).ToArray()),
        _ => throw new ArgumentException($"Expected fillValue null, one value or three; got {fillValue.Length} values.", nameof(fillValue)),
    };
}
