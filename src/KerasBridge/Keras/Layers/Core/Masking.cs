using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.Masking</c>: a timestep whose features all equal the mask value is masked (its outputs are zeros), and
/// the layers after it that support masking skip it (recurrent layers keep their state, GlobalAveragePooling1D leaves it
/// out of the mean, a loss on a sequence output ignores it).
/// </summary>
public sealed class Masking : KerasLayer
{
    internal Masking(JsonObject config, string? name) : base("Masking", config, name) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.Masking</c> (keras/src/layers/core/masking.py).</summary>
    /// <param name="maskValue">The value marking padded timesteps (every feature of the step equal to it); Keras's default 0.0.</param>
    /// <param name="name">Layer name; masking, masking_1, ... when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maskValue"/> is NaN or infinite.</exception>
    public static Masking Masking(double maskValue = 0.0, string? name = null) =>
        new(new JsonObject
        {
            ["mask_value"] = double.IsFinite(maskValue)
                ? maskValue
                : throw new ArgumentOutOfRangeException(nameof(maskValue), maskValue,
                    $"Expected {nameof(maskValue)} to be a finite number; got {LayerArgs.Text(maskValue)}."),
        }, name);
}
