using System.Globalization;
using System.Text.Json;

namespace KerasBridge;

/// <summary>What <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/> returns: Keras's History (epochs and one series per log key).</summary>
public sealed class History
{
    internal History(IReadOnlyList<int> epoch, IReadOnlyDictionary<string, IReadOnlyList<double>> values, bool cancelled, bool stoppedEarly,
        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<double>>>? vectors = null)
    {
        Epoch = epoch;
        Values = values;
        Cancelled = cancelled;
        StoppedEarly = stoppedEarly;
        Vectors = vectors ?? new Dictionary<string, IReadOnlyList<IReadOnlyList<double>>>();
    }

    /// <summary>The epochs that ran (Keras's <c>history.epoch</c>), 0-based.</summary>
    public IReadOnlyList<int> Epoch { get; }

    /// <summary>
    /// One series per key, named exactly as Keras names them ("loss", "val_loss", "accuracy",
    /// "root_mean_squared_error", ...): Keras's <c>history.history</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Values { get; }

    /// <summary>
    /// The vector-valued series: metrics whose value is one number per class or per threshold (<c>F1Score(average: null)</c>,
    /// <c>TruePositives([0.3, 0.6])</c>, ...), one array per epoch as in Keras's <c>history.history</c>. They are not in <see cref="Values"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<double>>> Vectors { get; }

    /// <summary>The keys of <see cref="Values"/>.</summary>
    public IEnumerable<string> Keys => Values.Keys;

    /// <summary>The series for a key, e.g. <c>history["val_loss"]</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such key; the message lists the keys there are.</exception>
    public IReadOnlyList<double> this[string key] =>
        Values.TryGetValue(key, out var series)
            ? series
            : throw new KeyNotFoundException($"History has no key '{key}'. Keys: {string.Join(", ", Values.Keys)}.");

    /// <summary>True when training was cancelled through the CancellationToken (the finished epochs are kept).</summary>
    public bool Cancelled { get; }

    /// <summary>True when a callback such as EarlyStopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    internal static History FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var epochs = root.GetProperty("epochs").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var values = new Dictionary<string, IReadOnlyList<double>>();
        var vectors = new Dictionary<string, IReadOnlyList<IReadOnlyList<double>>>();
        foreach (var series in root.GetProperty("history").EnumerateObject())
        {
            var entries = series.Value.EnumerateArray().ToList();
            if (entries.Count > 0 && entries[0].ValueKind == JsonValueKind.Array)
            {
                vectors[series.Name] = entries.Select(ReadVector).ToList();
            }
            else
            {
                values[series.Name] = entries.Select(ReadNumber).ToList();
            }
        }
        return new History(epochs, values,
            root.TryGetProperty("cancelled", out var c) && c.GetBoolean(),
            root.TryGetProperty("stopped_early", out var s) && s.GetBoolean(), vectors);
    }

    /// <summary>A vector-valued metric's value (one number per class or threshold).</summary>
    internal static IReadOnlyList<double> ReadVector(JsonElement element) => element.EnumerateArray().Select(ReadNumber).ToList();

    /// <summary>Numbers cross as JSON numbers, or as "NaN"/"Infinity" strings.</summary>
    internal static double ReadNumber(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? double.Parse(element.GetString()!, CultureInfo.InvariantCulture)
            : element.GetDouble();

    /// <summary>An epoch's or batch's logs; vector-valued metrics are left out (the History keeps them in <see cref="Vectors"/>).</summary>
    internal static IReadOnlyDictionary<string, double> ReadLogs(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Array)
            .ToDictionary(p => p.Name, p => ReadNumber(p.Value));
    }
}

/// <summary>Reported to an <see cref="IProgress{T}"/> after each epoch of <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>.</summary>
/// <param name="Epoch">The epoch that just finished, 0-based.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="Logs">That epoch's logs, keyed as History keys (loss, val_loss, accuracy, ...).</param>
public sealed record EpochProgress(int Epoch, int Epochs, IReadOnlyDictionary<string, double> Logs);
