namespace KerasBridge;

public sealed partial class Model
{
    // > 0 while a C# callback of this model's Fit runs (on the Python thread, while the Fit caller holds _gate).
    private int _callbackDepth;

    /// <summary>
    /// Keras's <c>model.stop_training</c>: set it to true from a <see cref="Callback"/> hook to end training after the
    /// current batch (batch hooks) or epoch; Fit then reports <see cref="History.StoppedEarly"/>. Fit resets it when it
    /// starts; hooks see the value the engine's callbacks (EarlyStopping, ...) left.
    /// </summary>
    public bool StopTraining { get; set; }

    // Fit's Python call; an exception a C# callback threw comes out as itself, not as the PythonError it unwound as.
    private static string RunFit(FitCallbacks callbacks, Func<string> fit)
    {
        try
        {
            return PythonRuntime.Run(fit, mayRunBetweenBatches: false);
        }
        catch (Exception) when (callbacks.Failure is not null)
        {
            callbacks.Failure.Throw();
            throw; // unreachable: Throw always throws
        }
    }

    /// <summary>Marks a C# callback hook of this model's Fit as running, so the model's methods may be called from it.</summary>
    internal CallbackScope EnterCallback()
    {
        _callbackDepth++;
        return new CallbackScope(this);
    }

    /// <summary>True on the Python thread while one of this model's callbacks runs: the Fit caller holds the model's
    /// lock and waits for this very thread, so a call from the callback runs at once instead of being refused.</summary>
    private bool InOwnCallback => _callbackDepth > 0 && PythonRuntime.IsPythonThread;

    internal readonly struct CallbackScope(Model model) : IDisposable
    {
        public void Dispose() => model._callbackDepth--;
    }
}
