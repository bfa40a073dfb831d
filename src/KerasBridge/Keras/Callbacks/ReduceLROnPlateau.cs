using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.ReduceLROnPlateau</c>: after <see cref="Patience"/> epochs without an improvement of more than
/// <see cref="MinDelta"/>, multiplies the optimizer's learning rate by <see cref="Factor"/> (not below
/// <see cref="MinLr"/>), then waits <see cref="Cooldown"/> epochs. Each epoch's logs (and the History) get
/// "learning_rate", the rate in force during that epoch.
/// </summary>
public sealed class ReduceLROnPlateau : KerasCallback
{
    /// <summary>Creates the callback with Keras's defaults.</summary>
    /// <param name="monitor">The History key to watch, e.g. "val_loss".</param>
    /// <param name="factor">The factor the learning rate is multiplied by, in [0, 1).</param>
    /// <param name="patience">Epochs without improvement before reducing.</param>
    /// <param name="mode">Whether lower or higher is better.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again.</param>
    /// <param name="minLr">The lowest learning rate.</param>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, MonitorMode mode = MonitorMode.Auto,
        double minDelta = 1e-4, int cooldown = 0, double minLr = 0.0)
    {
        if (!(factor >= 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"Expected factor in [0, 1) (ReduceLROnPlateau does not support a factor >= 1.0); got {factor}.");
        }
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"Expected patience >= 0; got {patience}.");
        }
        if (cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"Expected cooldown >= 0; got {cooldown}.");
        }
        if (!(minLr >= 0) || double.IsPositiveInfinity(minLr))
        {
            throw new ArgumentOutOfRangeException(nameof(minLr), minLr, $"Expected a finite minLr >= 0; got {minLr}.");
        }
        if (!double.IsFinite(minDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"Expected a finite minDelta; got {minDelta}.");
        }
        Monitor = CheckMonitor(monitor, nameof(monitor));
        Factor = factor;
        Patience = patience;
        Mode = mode;
        _ = ModeName(mode);
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinLr = minLr;
    }

    /// <summary>The History key watched.</summary>
    public string Monitor { get; }

    /// <summary>The factor the learning rate is multiplied by.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public MonitorMode Mode { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest learning rate.</summary>
    public double MinLr { get; }

    private protected override JsonObject Config(int index) => new()
    {
        ["monitor"] = Monitor,
        ["factor"] = Factor,
        ["patience"] = Patience,
        ["verbose"] = 0,
        ["mode"] = ModeName(Mode),
        ["min_delta"] = MinDelta,
        ["cooldown"] = Cooldown,
        ["min_lr"] = MinLr,
    };
}
