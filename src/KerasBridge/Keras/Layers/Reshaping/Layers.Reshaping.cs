using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Reshape</c> (keras/src/layers/reshaping/reshape.py).</summary>
    /// <param name="targetShape">The shape of one sample after the layer; at most one entry -1 (inferred).</param>
    /// <param name="name">Layer name.</param>
    public static Reshape Reshape(int[] targetShape, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Length == 0 || targetShape.Any(d => d == 0 || d < -1) || targetShape.Count(d => d == -1) > 1)
        {
            throw new ArgumentException(
                $"Expected targetShape of positive dimensions with at most one -1; got [{string.Join(", ", targetShape)}].", nameof(targetShape));
        }
        return new(new JsonObject { ["target_shape"] = LayerArgs.Ints(targetShape) }, name);
    }

    /// <summary><c>keras.layers.Permute</c> (keras/src/layers/reshaping/permute.py).</summary>
    /// <param name="dims">A permutation of 1..rank (the batch axis is not counted), e.g. [2, 1].</param>
    /// <param name="name">Layer name.</param>
    public static Permute Permute(int[] dims, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length == 0 || !dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
        {
            throw new ArgumentException($"Expected dims to be a permutation of 1..{dims.Length}; got [{string.Join(", ", dims)}].", nameof(dims));
        }
        return new(new JsonObject { ["dims"] = LayerArgs.Ints(dims) }, name);
    }

    /// <summary><c>keras.layers.RepeatVector</c> (keras/src/layers/reshaping/repeat_vector.py).</summary>
    /// <param name="n">How many times to repeat (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    public static RepeatVector RepeatVector(int n, string? name = null) =>
        new(new JsonObject { ["n"] = LayerArgs.Positive(n, nameof(n)) }, name);

    /// <summary><c>keras.layers.UpSampling2D</c> (keras/src/layers/reshaping/up_sampling2d.py).</summary>
    /// <param name="size">(rows, columns) factors; 2 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="interpolation">"nearest", "bilinear", "bicubic", "lanczos3" or "lanczos5".</param>
    /// <param name="name">Layer name.</param>
    public static UpSampling2D UpSampling2D(Pair? size = null, string? dataFormat = null, string interpolation = "nearest", string? name = null)
    {
        if (interpolation is not ("nearest" or "bilinear" or "bicubic" or "lanczos3" or "lanczos5"))
        {
            throw new ArgumentException(
                $"Expected interpolation \"nearest\", \"bilinear\", \"bicubic\", \"lanczos3\" or \"lanczos5\"; got \"{interpolation}\".", nameof(interpolation));
        }
        return new(new JsonObject
        {
            ["size"] = LayerArgs.PositivePair(size ?? 2, nameof(size)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["interpolation"] = interpolation,
        }, name);
    }

    /// <summary><c>keras.layers.ZeroPadding2D</c> (keras/src/layers/reshaping/zero_padding2d.py), symmetric.</summary>
    /// <param name="padding">(rows, columns) added on each side; 1 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ZeroPadding2D ZeroPadding2D(Pair? padding = null, string? dataFormat = null, string? name = null)
    {
        var p = padding ?? 1;
        return ZeroPadding2D(((p.First, p.First), (p.Second, p.Second)), dataFormat, name);
    }

    /// <summary><c>keras.layers.ZeroPadding2D</c> with ((top, bottom), (left, right)) padding.</summary>
    /// <param name="padding">((top, bottom), (left, right)) rows and columns of zeros.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ZeroPadding2D ZeroPadding2D(((int Top, int Bottom), (int Left, int Right)) padding, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["padding"] = Edges(padding, nameof(padding)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.Cropping2D</c> (keras/src/layers/reshaping/cropping2d.py), symmetric.</summary>
    /// <param name="cropping">(rows, columns) removed on each side; 0 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Cropping2D Cropping2D(Pair? cropping = null, string? dataFormat = null, string? name = null)
    {
        var c = cropping ?? 0;
        return Cropping2D(((c.First, c.First), (c.Second, c.Second)), dataFormat, name);
    }

    /// <summary><c>keras.layers.Cropping2D</c> with ((top, bottom), (left, right)) cropping.</summary>
    /// <param name="cropping">((top, bottom), (left, right)) rows and columns removed.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static Cropping2D Cropping2D(((int Top, int Bottom), (int Left, int Right)) cropping, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["cropping"] = Edges(cropping, nameof(cropping)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    private static JsonArray Edges(((int, int), (int, int)) edges, string parameterName) =>
        EdgeList(parameterName, edges.Item1, edges.Item2);

    // [[before, after], ...] per spatial axis, each checked non-negative.
    private static JsonArray EdgeList(string parameterName, params (int Before, int After)[] edges) =>
        new(edges.Select(e => (JsonNode)LayerArgs.Ints(LayerArgs.NonNegative(e.Before, parameterName), LayerArgs.NonNegative(e.After, parameterName))).ToArray());
}
