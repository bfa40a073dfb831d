using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>A Keras callback given to <see cref="Model.Fit"/>.</summary>
public abstract class Callback
{
    internal abstract JsonObject ToConfig();
}

/// <summary>Which direction of the monitored quantity is an improvement.</summary>
public enum MonitorMode
{
    /// <summary>Inferred from the name, as Keras does (accuracies up, losses and errors down).</summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary><c>keras.callbacks.EarlyStopping</c>: stops training when the monitored quantity stops improving.</summary>
public sealed class EarlyStopping : Callback
{
    /// <summary>Creates the callback with Keras's defaults.</summary>
    /// <param name="monitor">The History key to watch, e.g. "val_loss".</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="mode">Whether lower or higher is better.</param>
    /// <param name="baseline">A value the quantity must beat, or null.</param>
    /// <param name="restoreBestWeights">Restore the weights of the best epoch when training ends.</param>
    /// <param name="startFromEpoch">Epochs to wait before monitoring starts.</param>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, MonitorMode mode = MonitorMode.Auto,
        double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        if (string.IsNullOrWhiteSpace(monitor))
        {
            throw new ArgumentException($"Expected a History key to monitor, e.g. \"val_loss\"; got '{monitor}'.", nameof(monitor));
        }
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"Expected patience >= 0; got {patience}.");
        }
        if (startFromEpoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startFromEpoch), startFromEpoch, $"Expected startFromEpoch >= 0; got {startFromEpoch}.");
        }
        Monitor = monitor;
        MinDelta = minDelta;
        Patience = patience;
        Mode = mode;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>The History key watched.</summary>
    public string Monitor { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public MonitorMode Mode { get; }

    /// <summary>The value to beat, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best epoch's weights are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs before monitoring starts.</summary>
    public int StartFromEpoch { get; }

    internal override JsonObject ToConfig() => KerasConfig.Serialized("keras.callbacks", "EarlyStopping", new JsonObject
    {
        ["monitor"] = Monitor,
        ["min_delta"] = MinDelta,
        ["patience"] = Patience,
        ["verbose"] = 0,
        ["mode"] = Mode.ToString().ToLowerInvariant(),
        ["baseline"] = Baseline,
        ["restore_best_weights"] = RestoreBestWeights,
        ["start_from_epoch"] = StartFromEpoch,
    });
}

/// <summary>Factories mirroring <c>keras.callbacks</c>.</summary>
public static partial class Callbacks
{
    /// <inheritdoc cref="KerasBridge.EarlyStopping(string, double, int, MonitorMode, double?, bool, int)"/>
    public static EarlyStopping EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0,
        MonitorMode mode = MonitorMode.Auto, double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0) =>
        new(monitor, minDelta, patience, mode, baseline, restoreBestWeights, startFromEpoch);
}
