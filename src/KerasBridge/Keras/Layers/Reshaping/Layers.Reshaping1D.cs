using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.UpSampling1D</c> (keras/src/layers/reshaping/up_sampling1d.py): repeats each step of
    /// (samples, steps, features) <paramref name="size"/> times.</summary>
    /// <param name="size">How many times each step is repeated (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    public static UpSampling1D UpSampling1D(int size = 2, string? name = null) =>
        new(new JsonObject { ["size"] = LayerArgs.Positive(size, nameof(size)) }, name);

    /// <summary><c>keras.layers.ZeroPadding1D</c> (keras/src/layers/reshaping/zero_padding1d.py): zero steps at the start and end of
    /// a sequence.</summary>
    /// <param name="padding">Zero steps added at (start, end), or one int for both; 1 when null.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static ZeroPadding1D ZeroPadding1D(Pair? padding = null, string? dataFormat = null, string? name = null) =>
        new(new JsonObject
        {
            ["padding"] = NonNegativePair(padding ?? 1, nameof(padding)),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.Cropping1D</c> (keras/src/layers/reshaping/cropping1d.py): removes steps at the start and end of a
    /// sequence (samples, steps, features).</summary>
    /// <param name="cropping">Steps removed at (start, end), or one int for both; 1 when null (Keras's default (1, 1)).</param>
    /// <param name="name">Layer name.</param>
    public static Cropping1D Cropping1D(Pair? cropping = null, string? name = null) =>
        new(new JsonObject { ["cropping"] = NonNegativePair(cropping ?? 1, nameof(cropping)) }, name);

    private static JsonArray NonNegativePair(Pair pair, string parameterName) =>
        LayerArgs.Ints(LayerArgs.NonNegative(pair.First, parameterName), LayerArgs.NonNegative(pair.Second, parameterName));
}
