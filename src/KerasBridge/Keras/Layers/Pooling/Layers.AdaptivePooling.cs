using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.AdaptiveAveragePooling1D</c> (keras/src/layers/pooling/adaptive_average_pooling1d.py): the
    /// mean over windows sized so that the output has <paramref name="outputSize"/> steps, whatever the input length.</summary>
    /// <param name="outputSize">Output length (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveAveragePooling1D AdaptiveAveragePooling1D(int outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositiveOne(outputSize, nameof(outputSize)), dataFormat), name);

    /// <summary><c>keras.layers.AdaptiveAveragePooling2D</c> (keras/src/layers/pooling/adaptive_average_pooling2d.py): the
    /// mean over windows sized so that the output has <paramref name="outputSize"/> rows and columns.</summary>
    /// <param name="outputSize">Output (height, width), or one int.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveAveragePooling2D AdaptiveAveragePooling2D(Pair outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositivePair(outputSize, nameof(outputSize)), dataFormat), name);

    /// <summary><c>keras.layers.AdaptiveAveragePooling3D</c> (keras/src/layers/pooling/adaptive_average_pooling3d.py): the
    /// mean over windows sized so that the output volume has <paramref name="outputSize"/>.</summary>
    /// <param name="outputSize">Output (depth, height, width), or one int.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveAveragePooling3D AdaptiveAveragePooling3D(Triple outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositiveTriple(outputSize, nameof(outputSize)), dataFormat), name);

    /// <summary><c>keras.layers.AdaptiveMaxPooling1D</c> (keras/src/layers/pooling/adaptive_max_pooling1d.py): the maximum
    /// over windows sized so that the output has <paramref name="outputSize"/> steps, whatever the input length.</summary>
    /// <param name="outputSize">Output length (&gt; 0).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveMaxPooling1D AdaptiveMaxPooling1D(int outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositiveOne(outputSize, nameof(outputSize)), dataFormat), name);

    /// <summary><c>keras.layers.AdaptiveMaxPooling2D</c> (keras/src/layers/pooling/adaptive_max_pooling2d.py): the maximum
    /// over windows sized so that the output has <paramref name="outputSize"/> rows and columns.</summary>
    /// <param name="outputSize">Output (height, width), or one int.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveMaxPooling2D AdaptiveMaxPooling2D(Pair outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositivePair(outputSize, nameof(outputSize)), dataFormat), name);

    /// <summary><c>keras.layers.AdaptiveMaxPooling3D</c> (keras/src/layers/pooling/adaptive_max_pooling3d.py): the maximum
    /// over windows sized so that the output volume has <paramref name="outputSize"/>.</summary>
    /// <param name="outputSize">Output (depth, height, width), or one int.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AdaptiveMaxPooling3D AdaptiveMaxPooling3D(Triple outputSize, string? dataFormat = null, string? name = null) =>
        new(AdaptivePooling(LayerArgs.PositiveTriple(outputSize, nameof(outputSize)), dataFormat), name);

    // The config Keras's BaseAdaptivePooling.get_config writes (keras/src/layers/pooling/base_adaptive_pooling.py).
    private static JsonObject AdaptivePooling(JsonArray outputSize, string? dataFormat) => new()
    {
        ["output_size"] = outputSize,
        ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
    };
}
