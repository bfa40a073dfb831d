using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// keras_tuner's <c>hp</c>: what a model-building function asks for (<c>hp.Int("units", 16, 64, step: 16)</c>) and
/// gets back as the value of the current trial. The first request of a name registers it in the search space; a
/// name not yet given a value in this trial gets its default.
/// </summary>
public sealed class HyperParameters
{
    private readonly List<HyperParameter> _space;
    private readonly Dictionary<string, object> _values;

    internal HyperParameters(IEnumerable<HyperParameter> space, IReadOnlyDictionary<string, object> values)
    {
        _space = space.ToList();
        _values = new Dictionary<string, object>(values);
    }

    /// <summary>Every hyperparameter registered so far, in the order they were first asked for.</summary>
    public IReadOnlyList<HyperParameter> Space => _space;

    /// <summary>The values of this trial, by name, in the order of <see cref="Space"/>.</summary>
    public IReadOnlyDictionary<string, object> Values =>
        _space.Where(h => _values.ContainsKey(h.Name)).ToDictionary(h => h.Name, h => _values[h.Name]);

    /// <summary>A value by name, e.g. <c>best["units"]</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such hyperparameter; the message lists those there are.</exception>
    public object this[string name] => _values.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"No hyperparameter '{name}'; there are: {string.Join(", ", _space.Select(h => h.Name))}.");

    /// <summary>A value by name as <typeparamref name="T"/>, e.g. <c>best.Get&lt;int&gt;("units")</c>.</summary>
    public T Get<T>(string name) => (T)this[name];

    /// <summary><c>hp.Int(name, min_value, max_value, step=None, sampling="linear", default=None)</c>.</summary>
    public int Int(string name, int minValue, int maxValue, int? step = null, string sampling = "linear", int? @default = null) =>
        (int)Register(new IntHyperParameter(name, minValue, maxValue, step, sampling, @default));

    /// <summary><c>hp.Float(name, min_value, max_value, step=None, sampling="linear", default=None)</c>.</summary>
    public double Float(string name, double minValue, double maxValue, double? step = null, string sampling = "linear", double? @default = null) =>
        (double)Register(new FloatHyperParameter(name, minValue, maxValue, step, sampling, @default));

    /// <summary><c>hp.Choice(name, values, default=None)</c> among strings, e.g. <c>hp.Choice("optimizer", ["adam", "sgd"])</c>.</summary>
    public string Choice(string name, IReadOnlyList<string> values, string? @default = null) =>
        (string)Register(new ChoiceHyperParameter(name, (values ?? throw new ArgumentNullException(nameof(values))).Cast<object>().ToList(), @default));

    /// <summary><c>hp.Choice(name, values, default=None)</c> among integers.</summary>
    public int Choice(string name, IReadOnlyList<int> values, int? @default = null) =>
        (int)Register(new ChoiceHyperParameter(name, (values ?? throw new ArgumentNullException(nameof(values))).Cast<object>().ToList(), @default));

    /// <summary><c>hp.Choice(name, values, default=None)</c> among numbers.</summary>
    public double Choice(string name, IReadOnlyList<double> values, double? @default = null) =>
        (double)Register(new ChoiceHyperParameter(name, (values ?? throw new ArgumentNullException(nameof(values))).Cast<object>().ToList(), @default));

    /// <summary><c>hp.Boolean(name, default=False)</c>.</summary>
    public bool Boolean(string name, bool @default = false) => (bool)Register(new BooleanHyperParameter(name, @default));

    private object Register(HyperParameter hp)
    {
        var known = _space.FirstOrDefault(h => h.Name == hp.Name);
        if (known is null)
        {
            _space.Add(hp);
        }
        else if (!known.SameAs(hp))
        {
            throw new ArgumentException($"Hyperparameter '{hp.Name}' was already defined differently ({known.ToConfig().ToJsonString()}); "
                + $"got {hp.ToConfig().ToJsonString()}.", "name");
        }
        if (!_values.TryGetValue(hp.Name, out var value))
        {
            value = (known ?? hp).Default;
            _values[hp.Name] = value;
        }
        return value;
    }

    internal JsonObject ToJson() => new()
    {
        ["space"] = new JsonArray(_space.Select(h => (JsonNode?)h.ToConfig()).ToArray()),
        ["values"] = new JsonObject(Values.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
    };

    internal static HyperParameters FromJson(JsonObject json)
    {
        var space = json["space"]!.AsArray().Select(n => HyperParameter.FromConfig(n!.AsObject())).ToList();
        var values = new Dictionary<string, object>();
        foreach (var (name, node) in json["values"]!.AsObject())
        {
            var hp = space.Single(h => h.Name == name);
            values[name] = hp.Read(node);
        }
        return new HyperParameters(space, values);
    }

    internal static JsonNode? ToNode(object value) => value switch
    {
        string s => JsonValue.Create(s),
        int i => JsonValue.Create(i),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        _ => throw new ArgumentException($"Unsupported hyperparameter value {value}."),
    };

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Values.Select(kv => $"{kv.Key}: {PythonFloat.Str(kv.Value)}"));
}
