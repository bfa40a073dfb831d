using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.TensorBoard</c>: writes TensorBoard event files while a model trains, in Keras's layout:
/// <c>logDir/train</c> and <c>logDir/validation</c>, scalars <c>epoch_loss</c>, <c>epoch_&lt;metric&gt;</c> and
/// <c>epoch_learning_rate</c> every epoch (<c>batch_...</c> every batch or every N batches with
/// <see cref="UpdateFreq"/>), weight histograms every <see cref="HistogramFreq"/> epochs, and the model's
/// conceptual graph. View them with <c>tensorboard --logdir logs</c>. On the Keras engine Keras's own callback is
/// used when TensorFlow is installed; otherwise, and on the PyTorch engine, KerasBridge writes the same files.
/// </summary>
public sealed class TensorBoard : KerasCallback
{
    /// <summary>Creates the callback with Keras's defaults.</summary>
    /// <param name="logDir">The folder to write to (one per run, e.g. "logs/run1").</param>
    /// <param name="histogramFreq">Write weight histograms every this many epochs (0: never).</param>
    /// <param name="writeGraph">Write the model's graph (the "keras" summary TensorBoard's Graphs tab shows).</param>
    /// <param name="updateFreq">"epoch" (default), "batch", or a number of batches between batch-level scalars.</param>
    public TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = true, UpdateFrequency updateFreq = default)
    {
        if (string.IsNullOrWhiteSpace(logDir))
        {
            throw new ArgumentException($"Expected a folder for the logs, e.g. \"logs\"; got {(logDir is null ? "null" : $"'{logDir}'")}.", nameof(logDir));
        }
        if (histogramFreq < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(histogramFreq), histogramFreq, $"Expected histogramFreq >= 0; got {histogramFreq}.");
        }
        LogDir = Path.GetFullPath(logDir);
        HistogramFreq = histogramFreq;
        WriteGraph = writeGraph;
        UpdateFreq = updateFreq;
    }

    /// <summary>The folder written to (full path).</summary>
    public string LogDir { get; }

    /// <summary>Epochs between weight histograms (0: none).</summary>
    public int HistogramFreq { get; }

    /// <summary>Whether the model's graph is written.</summary>
    public bool WriteGraph { get; }

    /// <summary>When scalars are written: every epoch, or every N batches as well.</summary>
    public UpdateFrequency UpdateFreq { get; }

    private protected override JsonObject Config(int index) => new()
    {
        ["log_dir"] = LogDir,
        ["histogram_freq"] = HistogramFreq,
        ["write_graph"] = WriteGraph,
        ["update_freq"] = UpdateFreq.ToJson(),
    };
}

/// <summary>TensorBoard's <c>update_freq</c>: "epoch", "batch" (every batch) or every N batches. Converts from a string or an int.</summary>
public readonly record struct UpdateFrequency
{
    private readonly int _batches; // 0: epoch

    private UpdateFrequency(int batches) => _batches = batches;

    /// <summary>Scalars once per epoch (Keras's default).</summary>
    public static UpdateFrequency Epoch => default;

    /// <summary>Scalars after every batch as well.</summary>
    public static UpdateFrequency Batch => new(1);

    /// <summary>Scalars every <paramref name="batches"/> batches as well.</summary>
    public static UpdateFrequency EveryBatches(int batches) => batches > 0
        ? new(batches)
        : throw new ArgumentOutOfRangeException(nameof(batches), batches, $"Expected updateFreq > 0 batches; got {batches}.");

    /// <summary>Batches between batch-level scalars, or null for "epoch".</summary>
    public int? Batches => _batches == 0 ? null : _batches;

    /// <summary>"epoch" or "batch" (any case).</summary>
    public static implicit operator UpdateFrequency(string text) => text?.ToLowerInvariant() switch
    {
        "epoch" => Epoch,
        "batch" => Batch,
        _ => throw new ArgumentException($"Expected updateFreq \"epoch\", \"batch\" or a number of batches; got {(text is null ? "null" : $"'{text}'")}.", "updateFreq"),
    };

    /// <summary>Every <paramref name="batches"/> batches.</summary>
    public static implicit operator UpdateFrequency(int batches) => EveryBatches(batches);

    internal JsonNode ToJson() => _batches == 0 ? JsonValue.Create("epoch") : JsonValue.Create(_batches);

    /// <inheritdoc />
    public override string ToString() => _batches == 0 ? "epoch" : _batches == 1 ? "batch" : _batches.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// keras.callbacks.TensorBoard as a factory (the rest of Callbacks is in Callbacks.cs).
public static partial class Callbacks
{
    /// <inheritdoc cref="KerasBridge.TensorBoard(string, int, bool, UpdateFrequency)"/>
    public static TensorBoard TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = true, UpdateFrequency updateFreq = default) =>
        new(logDir, histogramFreq, writeGraph, updateFreq);
}
