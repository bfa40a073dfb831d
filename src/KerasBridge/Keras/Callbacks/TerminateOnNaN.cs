using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.TerminateOnNaN</c>: stops training after a batch whose running loss is NaN or infinite (or, with
/// <see cref="RaiseError"/>, ends the Fit with an error).
/// </summary>
public sealed class TerminateOnNaN : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="raiseError">Throw instead of stopping quietly.</param>
    public TerminateOnNaN(bool raiseError = false)
    {
        RaiseError = raiseError;
    }

    /// <summary>Whether a NaN loss ends the Fit with an error.</summary>
    public bool RaiseError { get; }

    private protected override JsonObject Config(int index) => new() { ["raise_error"] = RaiseError };
}
