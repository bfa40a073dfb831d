using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.EarlyStopping</c>: stops training when the monitored quantity has not improved by more than
/// <see cref="MinDelta"/> for <see cref="Patience"/> epochs (never on the first epoch); with
/// <see cref="RestoreBestWeights"/> the best epoch's weights are put back when training ends.
/// </summary>
public sealed class EarlyStopping : KerasCallback
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
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"Expected patience >= 0; got {patience}.");
        }
        if (startFromEpoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startFromEpoch), startFromEpoch, $"Expected startFromEpoch >= 0; got {startFromEpoch}.");
        }
        if (!double.IsFinite(minDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"Expected a finite minDelta; got {minDelta}.");
        }
        Monitor = CheckMonitor(monitor, nameof(monitor));
        MinDelta = minDelta;
        Patience = patience;
        Mode = mode;
        _ = ModeName(mode);
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

    private protected override JsonObject Config(int index) => new()
    {
        ["monitor"] = Monitor,
        ["min_delta"] = MinDelta,
        ["patience"] = Patience,
        ["verbose"] = 0,
        ["mode"] = ModeName(Mode),
        ["baseline"] = Baseline,
        ["restore_best_weights"] = RestoreBestWeights,
        ["start_from_epoch"] = StartFromEpoch,
    };
}
