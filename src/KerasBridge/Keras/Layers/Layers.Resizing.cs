using System.Text.Json.Nodes;

namespace KerasBridge;

// keras.layers.Resizing (keras/src/layers/preprocessing/image_preprocessing/resizing.py), as a layer given by Keras's
// config: episode 5 uses it where the lesson's Lambda calls tf.image.resize_with_pad.
public static partial class Layers
{
    private static readonly HashSet<string> ResizingInterpolations = ["bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area"];

    /// <summary>
    /// <c>keras.layers.Resizing</c>: resizes images (batch, height, width, channels) to <paramref name="height"/> x
    /// <paramref name="width"/>. With <paramref name="padToAspectRatio"/> the image keeps its aspect ratio and is padded with
    /// <paramref name="fillValue"/> (as <c>tf.image.resize_with_pad</c>); with <paramref name="cropToAspectRatio"/> it is
    /// center-cropped to the target ratio instead.
    /// </summary>
    /// <exception cref="ArgumentException">A size not above 0, an unknown interpolation, or both aspect-ratio options.</exception>
    public static Layer Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false,
        bool padToAspectRatio = false, double fillValue = 0.0, bool antialias = false, string? name = null)
    {
        if (height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"Expected height > 0; got {height}.");
        }
        if (width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Expected width > 0; got {width}.");
        }
        if (interpolation is null || !ResizingInterpolations.Contains(interpolation))
        {
            throw new ArgumentException(
                $"Expected interpolation to be one of {string.Join(", ", ResizingInterpolations)}; got '{interpolation}'.", nameof(interpolation));
        }
        if (cropToAspectRatio && padToAspectRatio)
        {
            throw new ArgumentException("Expected at most one of cropToAspectRatio and padToAspectRatio; got both.", nameof(padToAspectRatio));
        }
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a non-empty layer name or null; got '{name}'.", nameof(name));
        }
        var config = new JsonObject
        {
            ["name"] = name ?? LayerNames.Next("resizing"),
            ["trainable"] = true,
            ["dtype"] = KerasConfig.DTypePolicy(),
            ["data_format"] = "channels_last",
            ["height"] = height,
            ["width"] = width,
            ["interpolation"] = interpolation,
            ["crop_to_aspect_ratio"] = cropToAspectRatio,
            ["pad_to_aspect_ratio"] = padToAspectRatio,
            ["fill_mode"] = "constant",
            ["fill_value"] = fillValue,
            ["antialias"] = antialias,
        };
        return new ConfiguredLayer("Resizing", config);
    }
}
