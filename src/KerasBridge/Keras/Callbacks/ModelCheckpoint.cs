using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.ModelCheckpoint</c>: saves the model at the end of every epoch (Keras's <c>save_freq="epoch"</c>)
/// or every <see cref="SaveFreq"/> batches. The path is formatted as Keras formats it, with Python's format syntax:
/// <c>{epoch:02d}</c> (1-based), <c>{batch}</c> (1-based, when saving by batches) and any log key, e.g.
/// <c>"ckpt/model-{epoch:02d}-{val_loss:.2f}.keras"</c>. Files are written atomically (a failed write leaves the
/// previous file); missing folders are created.
/// </summary>
public sealed class ModelCheckpoint : KerasCallback
{
    /// <summary>Creates the callback with Keras's defaults.</summary>
    /// <param name="filepath">Where to save: ends in ".keras" (the whole model), or ".weights.h5" with <paramref name="saveWeightsOnly"/>.</param>
    /// <param name="monitor">The History key that decides what is best (with <paramref name="saveBestOnly"/>).</param>
    /// <param name="saveBestOnly">Save only when the monitored quantity improved (always when it is missing from the logs).</param>
    /// <param name="saveWeightsOnly">Save only the weights (<c>model.save_weights</c>).</param>
    /// <param name="mode">Whether lower or higher is better.</param>
    /// <param name="initialValueThreshold">The value the first save must beat with <paramref name="saveBestOnly"/>, or null.</param>
    /// <param name="saveFreq">Null to save after every epoch; n to save every n training batches (counted across epochs), with
    /// the batch's running logs (so a "val_" monitor is missing there).</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", bool saveBestOnly = false, bool saveWeightsOnly = false,
        MonitorMode mode = MonitorMode.Auto, double? initialValueThreshold = null, int? saveFreq = null)
    {
        if (saveFreq is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(saveFreq), saveFreq, $"Expected saveFreq >= 1 (batches) or null (every epoch); got {saveFreq}.");
        }
        if (string.IsNullOrWhiteSpace(filepath))
        {
            throw new ArgumentException($"Expected a file path ending in .keras or .weights.h5; got '{filepath}'.", nameof(filepath));
        }
        var ending = saveWeightsOnly ? ".weights.h5" : ".keras";
        if (!filepath.EndsWith(ending, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                saveWeightsOnly
                    ? $"Expected a filepath ending in .weights.h5 with saveWeightsOnly (Keras's weights format); got '{filepath}'."
                    : $"Expected a filepath ending in .keras (the Keras model format; .weights.h5 needs saveWeightsOnly: true); got '{filepath}'.",
                nameof(filepath));
        }
        Filepath = filepath;
        Monitor = CheckMonitor(monitor, nameof(monitor));
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        Mode = mode;
        _ = ModeName(mode);
        InitialValueThreshold = initialValueThreshold;
        SaveFreq = saveFreq;
    }

    /// <summary>The path pattern.</summary>
    public string Filepath { get; }

    /// <summary>The History key that decides what is best.</summary>
    public string Monitor { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the weights are saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>Whether lower or higher is better.</summary>
    public MonitorMode Mode { get; }

    /// <summary>The value the first save must beat, or null.</summary>
    public double? InitialValueThreshold { get; }

    /// <summary>Batches between saves, or null for every epoch.</summary>
    public int? SaveFreq { get; }

    private protected override JsonObject Config(int index) => new()
    {
        ["filepath"] = Filepath,
        ["monitor"] = Monitor,
        ["verbose"] = 0,
        ["save_best_only"] = SaveBestOnly,
        ["save_weights_only"] = SaveWeightsOnly,
        ["mode"] = ModeName(Mode),
        ["save_freq"] = SaveFreq is { } batches ? batches : "epoch",
        ["initial_value_threshold"] = InitialValueThreshold,
    };
}
