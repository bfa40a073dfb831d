using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.UpSampling3D</c> (keras/src/layers/reshaping/up_sampling3d.py): repeats each depth slice,
    /// row and column of a volume.</summary>
    /// <param name="size">(depth, height, width) factors, or one int; 2 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static UpSampling3D UpSampling3D(Triple? size = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["size"] = LayerArgs.PositiveTriple(size ?? 2, nameof(size)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.ZeroPadding3D</c> (keras/src/layers/reshaping/zero_padding3d.py), symmetric.</summary>
    /// <param name="padding">(depth, height, width) zeros added on each side, or one int; 1 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ZeroPadding3D ZeroPadding3D(Triple? padding = null, string? dataFormat = null, string? name = null)
    {
        var p = padding ?? 1;
        return ZeroPadding3D(((p.First, p.First), (p.Second, p.Second), (p.Third, p.Third)), dataFormat, name);
    }

    /// <summary><c>keras.layers.ZeroPadding3D</c> with ((front, back), (top, bottom), (left, right)) padding.</summary>
    /// <param name="padding">((front, back), (top, bottom), (left, right)) zeros added on each side of each axis.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ZeroPadding3D ZeroPadding3D(((int Front, int Back), (int Top, int Bottom), (int Left, int Right)) padding, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["padding"] = EdgeList(nameof(padding), padding.Item1, padding.Item2, padding.Item3),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.Cropping3D</c> (keras/src/layers/reshaping/cropping3d.py), symmetric.</summary>
    /// <param name="cropping">(depth, height, width) cells removed on each side, or one int; 1 when null (Keras's default).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Cropping3D Cropping3D(Triple? cropping = null, string? dataFormat = null, string? name = null)
    {
        var c = cropping ?? 1;
        return Cropping3D(((c.First, c.First), (c.Second, c.Second), (c.Third, c.Third)), dataFormat, name);
    }

    /// <summary><c>keras.layers.Cropping3D</c> with ((front, back), (top, bottom), (left, right)) cropping.</summary>
    /// <param name="cropping">((front, back), (top, bottom), (left, right)) cells removed on each side of each axis.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Cropping3D Cropping3D(((int Front, int Back), (int Top, int Bottom), (int Left, int Right)) cropping, string? dataFormat = null,
        string? name = null) =>
        new(new JsonObject
        {
            ["cropping"] = EdgeList(nameof(cropping), cropping.Item1, cropping.Item2, cropping.Item3),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);
}
