using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Rescaling</c> (keras/src/layers/preprocessing/rescaling.py).</summary>
    /// <param name="scale">The factor, e.g. 1.0 / 255.</param>
    /// <param name="offset">Added after scaling.</param>
    /// <param name="name">Layer name.</param>
    public static Rescaling Rescaling(double scale, double offset = 0.0, string? name = null) =>
        new(new JsonObject { ["scale"] = scale, ["offset"] = offset }, name);

    /// <summary>
    /// <c>keras.layers.Normalization</c> (keras/src/layers/preprocessing/normalization.py) with known statistics. (Keras's adapt(),
    /// which computes them from data, is not offered: give the mean and variance of your training data.)
    /// </summary>
    /// <param name="mean">Per-feature means (one entry, or one per feature of the last axis).</param>
    /// <param name="variance">Per-feature variances (≥ 0), as many as means.</param>
    /// <param name="axis">The features axis.</param>
    /// <param name="invert">Undo the normalization instead: x * sqrt(variance) + mean.</param>
    /// <param name="name">Layer name.</param>
    public static Normalization Normalization(IReadOnlyList<double> mean, IReadOnlyList<double> variance, int axis = -1, bool invert = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (mean.Count == 0 || mean.Count != variance.Count)
        {
            throw new ArgumentException($"Expected as many variances as means (at least one); got {mean.Count} means and {variance.Count} variances.", nameof(variance));
        }
        foreach (var v in variance)
        {
            LayerArgs.NonNegative(v, nameof(variance));
        }
        return new(new JsonObject
        {
            ["axis"] = LayerArgs.Ints(axis),
            ["invert"] = invert,
            ["mean"] = new JsonArray(mean.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["variance"] = new JsonArray(variance.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        }, name);
    }

    /// <summary><c>keras.layers.Resizing</c> (keras/src/layers/preprocessing/image_preprocessing/resizing.py).</summary>
    /// <param name="height">Output height (&gt; 0).</param>
    /// <param name="width">Output width (&gt; 0).</param>
    /// <param name="interpolation">"bilinear", "nearest", "bicubic", "lanczos3", "lanczos5" or "area".</param>
    /// <param name="cropToAspectRatio">Crop to the target aspect ratio instead of distorting.</param>
    /// <param name="padToAspectRatio">Pad to the target aspect ratio instead of distorting.</param>
    /// <param name="fillMode">How padding is filled ("constant").</param>
    /// <param name="fillValue">The padding value.</param>
    /// <param name="antialias">Antialias when downsampling.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Resizing Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false,
        bool padToAspectRatio = false, string fillMode = "constant", double fillValue = 0.0, bool antialias = false, string? dataFormat = null,
        string? name = null)
    {
        if (interpolation is not ("bilinear" or "nearest" or "bicubic" or "lanczos3" or "lanczos5" or "area"))
        {
            throw new ArgumentException(
                $"Expected interpolation \"bilinear\", \"nearest\", \"bicubic\", \"lanczos3\", \"lanczos5\" or \"area\"; got \"{interpolation}\".", nameof(interpolation));
        }
        if (cropToAspectRatio && padToAspectRatio)
        {
            throw new ArgumentException("Expected at most one of cropToAspectRatio and padToAspectRatio; got both.", nameof(padToAspectRatio));
        }
        return new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["height"] = LayerArgs.Positive(height, nameof(height)),
            ["width"] = LayerArgs.Positive(width, nameof(width)),
            ["interpolation"] = interpolation,
            ["crop_to_aspect_ratio"] = cropToAspectRatio,
            ["pad_to_aspect_ratio"] = padToAspectRatio,
            ["fill_mode"] = fillMode,
            ["fill_value"] = fillValue,
            ["antialias"] = antialias,
        }, name);
    }

    /// <summary><c>keras.layers.CenterCrop</c> (keras/src/layers/preprocessing/image_preprocessing/center_crop.py).</summary>
    /// <param name="height">Output height (&gt; 0).</param>
    /// <param name="width">Output width (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static CenterCrop CenterCrop(int height, int width, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["height"] = LayerArgs.Positive(height, nameof(height)),
            ["width"] = LayerArgs.Positive(width, nameof(width)),
        }, name);
}
