using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.RandomElasticTransform</c> (keras/src/layers/preprocessing/image_preprocessing/random_elastic_transform.py): while
    /// training, draws one distortion d ~ U[scale) for the batch and displaces each pixel of the images where U[0, 1) &lt; U[factor) by
    /// Gaussian noise blurred with sigma = min(H, W) * 0.05 d and scaled by alpha = max(H, W) * 0.1 d, then clips every image to
    /// valueRange. Nothing at inference.
    /// </summary>
    /// <param name="factor">f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="scale">The distortion's range: f for [0, f] (1.0 when null), or (lower, upper). Within [0, 1].</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="fillMode">How points outside the image are filled (<see cref="FillMode.Reflect"/> when null);
    /// <see cref="FillMode.Mirror"/> too.</param>
    /// <param name="fillValue">The value outside the image with <see cref="FillMode.Constant"/>.</param>
    /// <param name="valueRange">The images' (low, high), (0, 255) when null, written as given.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomElasticTransform RandomElasticTransform(FactorRange? factor = null, FactorRange? scale = null,
        string interpolation = "bilinear", FillMode? fillMode = null, double fillValue = 0.0, (double Min, double Max)? valueRange = null,
        int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor ?? 1.0, 0, 1, nameof(factor)),
            ["scale"] = AugmentationArgs.BaseFactor(scale ?? 1.0, 0, 1, nameof(scale)),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["fill_mode"] = (fillMode ?? FillMode.Reflect).Name,
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["seed"] = seed,
        }, name);

    /// <summary>
    /// <c>keras.layers.MaxNumBoundingBoxes</c> (keras/src/layers/preprocessing/image_preprocessing/max_num_bounding_box.py): Keras pads or
    /// cuts bounding boxes to maxNumber and passes the images through unchanged, training or not. A model here carries images only,
    /// so in it the layer is the identity (Keras's box fill value is not taken: Keras does not write it either).
    /// </summary>
    /// <param name="maxNumber">The number of boxes Keras keeps per image (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static MaxNumBoundingBoxes MaxNumBoundingBoxes(int maxNumber, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["max_number"] = maxNumber > 0
                ? maxNumber
                : throw new ArgumentOutOfRangeException(nameof(maxNumber), maxNumber, $"Expected maxNumber > 0; got {maxNumber}."),
        }, name);

    /// <summary>
    /// <c>keras.layers.ContrastLimitedAdaptiveHistogramEqualization</c> (keras/src/layers/preprocessing/image_preprocessing/clahe.py):
    /// equalizes each channel's histogram per tile of a tileGridSize grid, each tile's histogram clipped at int(clipLimit * tile area / 256)
    /// with the excess spread over all bins, the tiles' mappings blended bilinearly. At inference as in training (as in Keras).
    /// </summary>
    /// <param name="valueRange">The images' (low, high), (0, 255) when null, written as given.</param>
    /// <param name="clipLimit">The histogram clip limit relative to a flat histogram; 0 or less for none.</param>
    /// <param name="tileGridSize">The number of tiles (rows, columns), (8, 8) when null; positive.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ContrastLimitedAdaptiveHistogramEqualization ContrastLimitedAdaptiveHistogramEqualization(
        (double Min, double Max)? valueRange = null, double clipLimit = 4.0, Pair? tileGridSize = null, string? dataFormat = null,
        string? name = null)
    {
        var grid = tileGridSize ?? new Pair(8, 8);
        if (grid.First <= 0 || grid.Second <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tileGridSize), grid.ToString(), $"Expected tileGridSize positive; got {grid}.");
        }
        return new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["value_range"] = AugmentationArgs.ValueRange(valueRange, false, nameof(valueRange)),
            ["clip_limit"] = AugmentationArgs.FiniteValue(clipLimit, nameof(clipLimit)),
            ["tile_grid_size"] = LayerArgs.Ints(grid.First, grid.Second),
        }, name);
    }
}
