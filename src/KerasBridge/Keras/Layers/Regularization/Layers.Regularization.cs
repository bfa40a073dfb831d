using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Dropout</c> (keras/src/layers/regularization/dropout.py).</summary>
    /// <param name="rate">Fraction of inputs to drop while training, in [0, 1).</param>
    /// <param name="noiseShape">The shape of the dropout mask (1 where it is shared, null entries for the input's size); null for the input's shape.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static Dropout Dropout(double rate, IReadOnlyList<int?>? noiseShape = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["rate"] = LayerArgs.Rate(rate, nameof(rate)),
            ["seed"] = seed,
            ["noise_shape"] = noiseShape is null ? null : KerasConfig.Shape(noiseShape),
        }, name);

    /// <summary><c>keras.layers.SpatialDropout1D</c> (keras/src/layers/regularization/spatial_dropout.py).</summary>
    /// <param name="rate">Fraction of channels to drop while training, in [0, 1).</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static SpatialDropout1D SpatialDropout1D(double rate, int? seed = null, string? name = null) =>
        new(new JsonObject { ["rate"] = LayerArgs.Rate(rate, nameof(rate)), ["seed"] = seed }, name);

    /// <summary><c>keras.layers.SpatialDropout2D</c> (keras/src/layers/regularization/spatial_dropout.py).</summary>
    /// <param name="rate">Fraction of channels to drop while training, in [0, 1).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static SpatialDropout2D SpatialDropout2D(double rate, string? dataFormat = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["rate"] = LayerArgs.Rate(rate, nameof(rate)),
            ["seed"] = seed,
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.GaussianNoise</c> (keras/src/layers/regularization/gaussian_noise.py).</summary>
    /// <param name="stddev">The noise's standard deviation (≥ 0).</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static GaussianNoise GaussianNoise(double stddev, int? seed = null, string? name = null) =>
        new(new JsonObject { ["stddev"] = LayerArgs.NonNegative(stddev, nameof(stddev)), ["seed"] = seed }, name);

    /// <summary><c>keras.layers.GaussianDropout</c> (keras/src/layers/regularization/gaussian_dropout.py).</summary>
    /// <param name="rate">Drop probability in [0, 1); the noise's stddev is sqrt(rate / (1 - rate)).</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static GaussianDropout GaussianDropout(double rate, int? seed = null, string? name = null) =>
        new(new JsonObject { ["rate"] = LayerArgs.Rate(rate, nameof(rate)), ["seed"] = seed }, name);

    /// <summary><c>keras.layers.SpatialDropout3D</c> (keras/src/layers/regularization/spatial_dropout.py).</summary>
    /// <param name="rate">Fraction of channels to drop while training, in [0, 1).</param>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first".</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static SpatialDropout3D SpatialDropout3D(double rate, string? dataFormat = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["rate"] = LayerArgs.Rate(rate, nameof(rate)),
            ["seed"] = seed,
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
        }, name);

    /// <summary><c>keras.layers.AlphaDropout</c> (keras/src/layers/regularization/alpha_dropout.py).</summary>
    /// <param name="rate">Fraction of inputs to drop while training, in [0, 1).</param>
    /// <param name="noiseShape">The shape of the dropout mask (1 where it is shared, null entries for the input's size); null for the input's shape.</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static AlphaDropout AlphaDropout(double rate, IReadOnlyList<int?>? noiseShape = null, int? seed = null, string? name = null) =>
        new(new JsonObject
        {
            ["rate"] = LayerArgs.Rate(rate, nameof(rate)),
            ["seed"] = seed,
            ["noise_shape"] = noiseShape is null ? null : KerasConfig.Shape(noiseShape),
        }, name);

    /// <summary><c>keras.layers.ActivityRegularization</c> (keras/src/layers/regularization/activity_regularization.py): passes its
    /// input through and adds l1 * sum(|x|) + l2 * sum(x²) of it (averaged over the batch) to the training loss.</summary>
    /// <param name="l1">The L1 factor (≥ 0).</param>
    /// <param name="l2">The L2 factor (≥ 0).</param>
    /// <param name="name">Layer name.</param>
    public static ActivityRegularization ActivityRegularization(double l1 = 0.0, double l2 = 0.0, string? name = null) =>
        new(new JsonObject { ["l1"] = LayerArgs.NonNegative(l1, nameof(l1)), ["l2"] = LayerArgs.NonNegative(l2, nameof(l2)) }, name);
}
