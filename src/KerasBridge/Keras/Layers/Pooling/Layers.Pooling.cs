using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.MaxPooling1D</c> (keras/src/layers/pooling/max_pooling1d.py).</summary>
    /// <param name="poolSize">Window length (&gt; 0).</param>
    /// <param name="strides">Stride; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static MaxPooling1D MaxPooling1D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositiveOne(poolSize, nameof(poolSize)), LayerArgs.PositiveOne(strides ?? poolSize, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.MaxPooling2D</c> (keras/src/layers/pooling/max_pooling2d.py).</summary>
    /// <param name="poolSize">Window (height, width), or one int; 2 when null.</param>
    /// <param name="strides">(height, width) strides; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static MaxPooling2D MaxPooling2D(Pair? poolSize = null, Pair? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositivePair(poolSize ?? 2, nameof(poolSize)), LayerArgs.PositivePair(strides ?? poolSize ?? 2, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.AveragePooling1D</c> (keras/src/layers/pooling/average_pooling1d.py).</summary>
    /// <param name="poolSize">Window length (&gt; 0).</param>
    /// <param name="strides">Stride; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AveragePooling1D AveragePooling1D(int poolSize, int? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositiveOne(poolSize, nameof(poolSize)), LayerArgs.PositiveOne(strides ?? poolSize, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.AveragePooling2D</c> (keras/src/layers/pooling/average_pooling2d.py).</summary>
    /// <param name="poolSize">Window (height, width), or one int.</param>
    /// <param name="strides">(height, width) strides; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AveragePooling2D AveragePooling2D(Pair poolSize, Pair? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositivePair(poolSize, nameof(poolSize)), LayerArgs.PositivePair(strides ?? poolSize, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.MaxPooling3D</c> (keras/src/layers/pooling/max_pooling3d.py).</summary>
    /// <param name="poolSize">Window (depth, height, width), or one int; 2 when null.</param>
    /// <param name="strides">(depth, height, width) strides; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static MaxPooling3D MaxPooling3D(Triple? poolSize = null, Triple? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositiveTriple(poolSize ?? 2, nameof(poolSize)), LayerArgs.PositiveTriple(strides ?? poolSize ?? 2, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.AveragePooling3D</c> (keras/src/layers/pooling/average_pooling3d.py).</summary>
    /// <param name="poolSize">Window (depth, height, width), or one int.</param>
    /// <param name="strides">(depth, height, width) strides; the pool size when null.</param>
    /// <param name="padding">Valid or Same.</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="name">Layer name.</param>
    public static AveragePooling3D AveragePooling3D(Triple poolSize, Triple? strides = null, Padding padding = Padding.Valid, string? dataFormat = null, string? name = null) =>
        new(Pooling(LayerArgs.PositiveTriple(poolSize, nameof(poolSize)), LayerArgs.PositiveTriple(strides ?? poolSize, nameof(strides)), padding, dataFormat), name);

    /// <summary><c>keras.layers.GlobalMaxPooling1D</c> (keras/src/layers/pooling/global_max_pooling1d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalMaxPooling1D GlobalMaxPooling1D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    /// <summary><c>keras.layers.GlobalMaxPooling2D</c> (keras/src/layers/pooling/global_max_pooling2d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalMaxPooling2D GlobalMaxPooling2D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    /// <summary><c>keras.layers.GlobalAveragePooling1D</c> (keras/src/layers/pooling/global_average_pooling1d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalAveragePooling1D GlobalAveragePooling1D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    /// <summary><c>keras.layers.GlobalAveragePooling2D</c> (keras/src/layers/pooling/global_average_pooling2d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalAveragePooling2D GlobalAveragePooling2D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    /// <summary><c>keras.layers.GlobalMaxPooling3D</c> (keras/src/layers/pooling/global_max_pooling3d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalMaxPooling3D GlobalMaxPooling3D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    /// <summary><c>keras.layers.GlobalAveragePooling3D</c> (keras/src/layers/pooling/global_average_pooling3d.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="keepdims">Keep the pooled axes with size 1.</param>
    /// <param name="name">Layer name.</param>
    public static GlobalAveragePooling3D GlobalAveragePooling3D(string? dataFormat = null, bool keepdims = false, string? name = null) =>
        new(GlobalPooling(dataFormat, keepdims), name);

    // The config Keras's BaseGlobalPooling.get_config writes (keras/src/layers/pooling/base_global_pooling.py).
    private static JsonObject GlobalPooling(string? dataFormat, bool keepdims) =>
        new() { ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)), ["keepdims"] = keepdims };

    // The config Keras's BasePooling.get_config writes (keras/src/layers/pooling/base_pooling.py).
    private static JsonObject Pooling(JsonArray poolSize, JsonArray strides, Padding padding, string? dataFormat) => new()
    {
        ["pool_size"] = poolSize,
        ["padding"] = LayerArgs.PaddingName(padding, nameof(padding)),
        ["strides"] = strides,
        ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
    };
}
