using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.ProgbarLogger</c>: Fit's progress output (Keras 3.15.1 takes no arguments). Fit adds one after the
/// given callbacks when its <c>verbose</c> is not 0; given here, it replaces that one and prints, with Fit's
/// <c>verbose</c> (0: nothing), at its place in the list: the epoch's logs as the callbacks before it left them (one given
/// before a <see cref="ReduceLROnPlateau"/> does not print the learning rate that callback adds).
/// </summary>
public sealed class ProgbarLogger : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    public ProgbarLogger()
    {
    }

    private protected override JsonObject Config(int index) => [];
}
