using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>A callback that runs inside the engine: Keras's own class on the Keras engine, its port on the PyTorch engine.</summary>
public abstract class KerasCallback : Callback
{
    private protected KerasCallback()
    {
    }

    internal override bool NeedsDispatch => false;

    internal sealed override JsonObject ToConfig(int index) => KerasConfig.Serialized("keras.callbacks", GetType().Name, Config(index));

    /// <summary>The Keras config of the callback.</summary>
    private protected abstract JsonObject Config(int index);

    internal static string CheckMonitor(string monitor, string parameterName) =>
        string.IsNullOrWhiteSpace(monitor)
            ? throw new ArgumentException($"Expected a History key to monitor, e.g. \"val_loss\"; got '{monitor}'.", parameterName)
            : monitor;

    internal static string ModeName(MonitorMode mode) => mode switch
    {
        MonitorMode.Auto => "auto",
        MonitorMode.Min => "min",
        MonitorMode.Max => "max",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Expected Auto, Min or Max; got {mode}."),
    };
}
