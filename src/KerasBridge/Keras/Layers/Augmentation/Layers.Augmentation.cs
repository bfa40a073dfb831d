using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.RandomFlip</c> (keras/src/layers/preprocessing/image_preprocessing/random_flip.py): while training, flips each image with probability 1/2.</summary>
    /// <param name="mode">Which flips: <see cref="FlipMode.Horizontal"/>, <see cref="FlipMode.Vertical"/> or both (Keras's default), or Keras's string for one.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomFlip RandomFlip(FlipMode? mode = null, int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["seed"] = seed,
            ["mode"] = (mode ?? FlipMode.HorizontalAndVertical).Name,
        }, name);

    /// <summary><c>keras.layers.RandomRotation</c> (keras/src/layers/preprocessing/image_preprocessing/random_rotation.py): while training, rotates each image about its center.</summary>
    /// <param name="factor">The angle as a fraction of a full turn: f for [-f, f], or (lower, upper); positive is counter-clockwise. Within [-1, 1].</param>
    /// <param name="fillMode">How points outside the image are filled (<see cref="FillMode.Reflect"/> when null).</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="fillValue">The value outside the image with <see cref="FillMode.Constant"/>.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomRotation RandomRotation(FactorRange factor, FillMode? fillMode = null, string interpolation = "bilinear", int? seed = null,
        double fillValue = 0.0, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["factor"] = AugmentationArgs.BaseFactor(factor, -1, 1, nameof(factor)),
            ["fill_mode"] = AugmentationArgs.AffineFillMode(fillMode),
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
        }, name);

    /// <summary><c>keras.layers.RandomZoom</c> (keras/src/layers/preprocessing/image_preprocessing/random_zoom.py): while training, scales each image about its center.</summary>
    /// <param name="heightFactor">The vertical zoom: f for [-f, f], or (lower, upper); the image is scaled by 1 + the draw, positive zooming out. Each bound in (-1, 1].</param>
    /// <param name="widthFactor">The horizontal zoom, the same way; null keeps the aspect ratio (the height's draw).</param>
    /// <param name="fillMode">How points outside the image are filled (<see cref="FillMode.Reflect"/> when null).</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="fillValue">The value outside the image with <see cref="FillMode.Constant"/>.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomZoom RandomZoom(FactorRange heightFactor, FactorRange? widthFactor = null, FillMode? fillMode = null, string interpolation = "bilinear",
        int? seed = null, double fillValue = 0.0, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["height_factor"] = AugmentationArgs.AsGiven(heightFactor, -1, 1, true, nameof(heightFactor)),
            ["width_factor"] = widthFactor is { } width ? AugmentationArgs.AsGiven(width, -1, 1, true, nameof(widthFactor)) : null,
            ["fill_mode"] = AugmentationArgs.AffineFillMode(fillMode),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
        }, name);

    /// <summary><c>keras.layers.RandomTranslation</c> (keras/src/layers/preprocessing/image_preprocessing/random_translation.py): while training, shifts each image.</summary>
    /// <param name="heightFactor">The vertical shift as a fraction of the height: f for [-f, f], or (lower, upper); positive moves down. Each bound in [-1, 1].</param>
    /// <param name="widthFactor">The horizontal shift as a fraction of the width, the same way; positive moves right.</param>
    /// <param name="fillMode">How points outside the image are filled (<see cref="FillMode.Reflect"/> when null).</param>
    /// <param name="interpolation">"bilinear" or "nearest".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="fillValue">The value outside the image with <see cref="FillMode.Constant"/>.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomTranslation RandomTranslation(FactorRange heightFactor, FactorRange widthFactor, FillMode? fillMode = null, string interpolation = "bilinear",
        int? seed = null, double fillValue = 0.0, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["height_factor"] = AugmentationArgs.AsGiven(heightFactor, -1, 1, false, nameof(heightFactor)),
            ["width_factor"] = AugmentationArgs.AsGiven(widthFactor, -1, 1, false, nameof(widthFactor)),
            ["fill_mode"] = AugmentationArgs.AffineFillMode(fillMode),
            ["interpolation"] = AugmentationArgs.Interpolation(interpolation, nameof(interpolation)),
            ["seed"] = seed,
            ["fill_value"] = AugmentationArgs.FiniteValue(fillValue, nameof(fillValue)),
        }, name);

    /// <summary>
    /// <c>keras.layers.RandomCrop</c> (keras/src/layers/preprocessing/image_preprocessing/random_crop.py): while training, a random
    /// (height, width) window of the batch (images no larger than that on an axis are center-cropped and resized). At inference Keras
    /// returns the images uncropped, as this does.
    /// </summary>
    /// <param name="height">Window height (&gt; 0).</param>
    /// <param name="width">Window width (&gt; 0).</param>
    /// <param name="seed">Optional seed; when null, the engine draws one and writes it in the model's config, as Keras does.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static RandomCrop RandomCrop(int height, int width, int? seed = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["height"] = LayerArgs.Positive(height, nameof(height)),
            ["width"] = LayerArgs.Positive(width, nameof(width)),
            ["seed"] = seed,
        }, name);
}
