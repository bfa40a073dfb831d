namespace KerasBridge;

public static partial class Plots
{
    /// <summary>
    /// The training curves of a <see cref="KerasBridge.History"/>: one line per key over the epochs (numbered from 1;
    /// with few epochs every epoch is also marked as a point, so a one-epoch History shows its one value),
    /// as the lesson plots <c>history.history["loss"]</c> and <c>["val_loss"]</c>.
    /// </summary>
    /// <param name="history">What <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/> returned (at least one epoch).</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="keys">The History keys to draw; null means "loss" and, when present, "val_loss".</param>
    /// <param name="title">The chart's title; null means "Training history".</param>
    /// <param name="yLabel">The y axis label; null means "loss" when every key is a loss, else the keys joined.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">No epochs, an empty key list, a key the History does not have (the message lists its keys), or a bad path.</exception>
    public static string History(History history, string path, IReadOnlyList<string>? keys = null, string? title = null, string? yLabel = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epoch.Count == 0)
        {
            throw new ArgumentException("Expected a History with at least one epoch; got none (training was stopped before the first epoch ended).", nameof(history));
        }
        var chosen = keys ?? (history.Values.ContainsKey("val_loss") ? ["loss", "val_loss"] : ["loss"]);
        if (chosen.Count == 0)
        {
            throw new ArgumentException("Expected at least one History key to plot, or null for loss and val_loss; got none.", nameof(keys));
        }
        foreach (var key in chosen)
        {
            if (key is null || !history.Values.ContainsKey(key))
            {
                throw new ArgumentException(
                    $"Expected History keys ({string.Join(", ", history.Keys)}); got '{key ?? "null"}'.", nameof(keys));
            }
        }
        var epochs = history.Epoch.Select(e => (double)(e + 1)).ToArray();
        var label = yLabel ?? (chosen.All(k => k.EndsWith("loss", StringComparison.Ordinal)) ? "loss" : string.Join(" / ", chosen.Select(k => k.StartsWith("val_", StringComparison.Ordinal) ? k[4..] : k).Distinct()));
        return Lines(epochs, chosen.Select(k => new Series(k, history[k])).ToArray(), path, title ?? "Training history", "epoch", label);
    }
}
