using System.Collections;
using System.Text.Json;

namespace KerasBridge;

/// <summary>
/// What <see cref="Model.Evaluate(Array, Array, int, Verbosity, float[])"/> (and its overload by input and output name) returns: the loss and metrics by name (Keras's <c>return_dict=True</c>), in the
/// order Keras's <c>model.evaluate</c> returns them as a list (the loss, then the metrics in compile order), so it also
/// unpacks as the lesson does: <c>var (loss, accuracy) = model.Evaluate(x, y);</c>.
/// </summary>
public sealed class EvaluationResult : IReadOnlyDictionary<string, double>
{
    private readonly IReadOnlyList<KeyValuePair<string, double>> _ordered;
    private readonly Dictionary<string, double> _byName;

    internal EvaluationResult(IReadOnlyList<KeyValuePair<string, double>> ordered, IReadOnlyDictionary<string, IReadOnlyList<double>>? vectors = null)
    {
        _ordered = ordered;
        _byName = ordered.ToDictionary(kv => kv.Key, kv => kv.Value);
        Vectors = vectors ?? new Dictionary<string, IReadOnlyList<double>>();
    }

    internal static EvaluationResult FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var entries = document.RootElement.EnumerateObject().ToList();
        return new(
            entries.Where(p => p.Value.ValueKind != JsonValueKind.Array).Select(p => KeyValuePair.Create(p.Name, History.ReadNumber(p.Value))).ToList(),
            entries.Where(p => p.Value.ValueKind == JsonValueKind.Array).ToDictionary(p => p.Name, p => History.ReadVector(p.Value)));
    }

    /// <summary>
    /// The vector-valued metrics (one number per class or threshold: <c>F1Score(average: null)</c>, <c>TruePositives([0.3, 0.6])</c>, ...),
    /// as Keras returns arrays for them. They are not among the scalar entries (<see cref="Names"/>, <see cref="ToList"/>, the indexer).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Vectors { get; }

    /// <summary>The loss.</summary>
    public double Loss => _byName.TryGetValue("loss", out var loss) ? loss : _ordered[0].Value;

    /// <summary>The names in Keras's order (Keras's <c>model.metrics_names</c>): "loss" first.</summary>
    public IReadOnlyList<string> Names => _ordered.Select(kv => kv.Key).ToList();

    /// <summary>The values in Keras's order (what <c>model.evaluate(...)</c> returns as a list).</summary>
    public IReadOnlyList<double> ToList() => _ordered.Select(kv => kv.Value).ToList();

    /// <summary>Unpacks a result with just the loss and one metric: <c>var (loss, accuracy) = ...</c>.</summary>
    public void Deconstruct(out double loss, out double metric)
    {
        Require(2);
        (loss, metric) = (_ordered[0].Value, _ordered[1].Value);
    }

    /// <summary>Unpacks the loss and two metrics.</summary>
    public void Deconstruct(out double loss, out double metric1, out double metric2)
    {
        Require(3);
        (loss, metric1, metric2) = (_ordered[0].Value, _ordered[1].Value, _ordered[2].Value);
    }

    /// <summary>Unpacks the loss and three metrics.</summary>
    public void Deconstruct(out double loss, out double metric1, out double metric2, out double metric3)
    {
        Require(4);
        (loss, metric1, metric2, metric3) = (_ordered[0].Value, _ordered[1].Value, _ordered[2].Value, _ordered[3].Value);
    }

    private void Require(int count)
    {
        if (_ordered.Count != count)
        {
            throw new InvalidOperationException(
                $"Cannot unpack {_ordered.Count} value(s) ({string.Join(", ", Names)}) into {count} variables; Evaluate returns the loss and each compiled metric.");
        }
    }

    /// <inheritdoc />
    public double this[string key] => _byName.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"Evaluate has no key '{key}'. Keys: {string.Join(", ", Names)}.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => Names;

    /// <inheritdoc />
    public IEnumerable<double> Values => ToList();

    /// <inheritdoc />
    public int Count => _ordered.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _byName.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out double value) => _byName.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => _ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(" - ", _ordered.Select(kv => $"{kv.Key}: {kv.Value:0.####}"));
}
