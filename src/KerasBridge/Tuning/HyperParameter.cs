using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// One hyperparameter of a search space, as keras_tuner's hp types (keras_tuner/engine/hyperparameters/hp_types):
/// its name, default (the first value a grid search tries), the values a grid search walks through and how a random
/// search samples it.
/// </summary>
public abstract class HyperParameter
{
    private protected HyperParameter(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a hyperparameter name; got {(name is null ? "null" : $"'{name}'")}.", nameof(name));
        }
        Name = name;
    }

    /// <summary>The name the value is recorded under.</summary>
    public string Name { get; }

    /// <summary>The default value (keras_tuner: min_value for Int/Float, the first choice, false).</summary>
    public abstract object Default { get; }

    /// <summary>The values a grid search tries, in keras_tuner's order (before the default is moved to the front).</summary>
    public abstract IReadOnlyList<object> Values { get; }

    /// <summary>A random value, from a probability in [0, 1) (keras_tuner's prob_to_value).</summary>
    internal abstract object FromProbability(double probability);

    /// <summary>The value decoded from a trial file.</summary>
    internal abstract object Read(JsonNode? node);

    internal abstract JsonObject ToConfig();

    internal static HyperParameter FromConfig(JsonObject config)
    {
        var c = config["config"]!.AsObject();
        var name = c["name"]!.GetValue<string>();
        return config["class_name"]!.GetValue<string>() switch
        {
            "Int" => new IntHyperParameter(name, c["min_value"]!.GetValue<int>(), c["max_value"]!.GetValue<int>(), c["step"]?.GetValue<int>(),
                c["sampling"]!.GetValue<string>(), c["default"]?.GetValue<int>()),
            "Float" => new FloatHyperParameter(name, c["min_value"]!.GetValue<double>(), c["max_value"]!.GetValue<double>(), c["step"]?.GetValue<double>(),
                c["sampling"]!.GetValue<string>(), c["default"]?.GetValue<double>()),
            "Boolean" => new BooleanHyperParameter(name, c["default"]!.GetValue<bool>()),
            "Choice" => ChoiceHyperParameter.FromConfig(name, c),
            var other => throw new InvalidDataException($"Unknown hyperparameter class '{other}' in a trial file."),
        };
    }

    /// <summary>Whether another registration of the same name describes the same hyperparameter.</summary>
    internal bool SameAs(HyperParameter other) => JsonNode.DeepEquals(ToConfig(), other.ToConfig());

    /// <summary>keras_tuner's prob_to_index: the bucket of <paramref name="probability"/> among <paramref name="count"/>.</summary>
    private protected static int ProbabilityToIndex(double probability, int count)
    {
        var index = (int)Math.Floor(probability / (1.0 / count));
        return index == count ? index - 1 : index;
    }
}

/// <summary>Linear, log or reverse-log spacing of a numeric hyperparameter (keras_tuner's <c>sampling</c>).</summary>
internal static class Sampling
{
    public static void Check(string sampling, double min, double max, double? step, string who)
    {
        if (sampling is not ("linear" or "log" or "reverse_log"))
        {
            throw new ArgumentException($"Expected sampling \"linear\", \"log\" or \"reverse_log\" for {who}; got '{sampling}'.", nameof(sampling));
        }
        if (sampling != "linear" && min <= 0)
        {
            throw new ArgumentException($"Expected minValue > 0 with sampling \"{sampling}\" for {who}; got {min}.", "minValue");
        }
        if (sampling != "linear" && step is { } s && s <= 1)
        {
            throw new ArgumentException($"Expected step > 1 with sampling \"{sampling}\" for {who}; got {s}.", nameof(step));
        }
    }

    /// <summary>numerical.py _get_n_values.</summary>
    public static int Count(string sampling, double min, double max, double step) => sampling == "linear"
        ? (int)(PythonFloat.FloorDiv(max - min, step) + 1)
        : (int)(Math.Log(max / min) / Math.Log(step) + 1e-8) + 1;

    /// <summary>numerical.py _get_value_by_index.</summary>
    public static double At(string sampling, double min, double max, double step, int index) => sampling switch
    {
        "linear" => min + index * step,
        "log" => min * Math.Pow(step, index),
        _ => max + min - min * Math.Pow(step, index),
    };

    /// <summary>numerical.py _sample_numerical_value.</summary>
    public static double Continuous(string sampling, double min, double max, double probability) => sampling switch
    {
        "linear" => probability * (max - min) + min,
        "log" => min * Math.Pow(max / min, probability),
        _ => max + min - min * Math.Pow(max / min, 1 - probability),
    };
}

/// <summary><c>hp.Int</c>: integers from minValue to maxValue (inclusive) by step.</summary>
public sealed class IntHyperParameter : HyperParameter
{
    internal IntHyperParameter(string name, int minValue, int maxValue, int? step, string sampling, int? @default) : base(name)
    {
        if (minValue > maxValue)
        {
            throw new ArgumentException($"Expected minValue <= maxValue for hp.Int('{name}'); got {minValue} > {maxValue}.", nameof(minValue));
        }
        if (step is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Expected step > 0 for hp.Int('{name}'); got {step}.");
        }
        Sampling.Check(sampling, minValue, maxValue, step, $"hp.Int('{name}')");
        if (@default is { } d && (d < minValue || d > maxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(@default), d, $"Expected a default in [{minValue}, {maxValue}] for hp.Int('{name}'); got {d}.");
        }
        MinValue = minValue;
        MaxValue = maxValue;
        // keras_tuner: a linear Int without a step moves by 1.
        Step = step ?? (sampling == "linear" ? 1 : null);
        SamplingMode = sampling;
        DefaultValue = @default;
    }

    /// <summary>The smallest value.</summary>
    public int MinValue { get; }

    /// <summary>The largest value.</summary>
    public int MaxValue { get; }

    /// <summary>The distance (linear) or factor (log) between values; null: any.</summary>
    public int? Step { get; }

    /// <summary>"linear", "log" or "reverse_log".</summary>
    public string SamplingMode { get; }

    private int? DefaultValue { get; }

    /// <inheritdoc />
    public override object Default => DefaultValue ?? MinValue;

    /// <inheritdoc />
    public override IReadOnlyList<object> Values => Step is { } step
        ? Enumerable.Range(0, Sampling.Count(SamplingMode, MinValue, MaxValue, step))
            .Select(i => (object)(int)Sampling.At(SamplingMode, MinValue, MaxValue, step, i)).ToList()
        : Enumerable.Range(0, 10).Select(i => FromProbability(i * 0.1 + 0.05)).Distinct().OrderBy(v => (int)v).ToList();

    internal override object FromProbability(double probability) => Step is { } step
        ? (int)Sampling.At(SamplingMode, MinValue, MaxValue, step, ProbabilityToIndex(probability, Sampling.Count(SamplingMode, MinValue, MaxValue, step)))
        : (int)Sampling.Continuous(SamplingMode, MinValue, MaxValue + 1, probability);

    internal override object Read(JsonNode? node) => node!.GetValue<int>();

    internal override JsonObject ToConfig() => new()
    {
        ["class_name"] = "Int",
        ["config"] = new JsonObject
        {
            ["name"] = Name, ["default"] = DefaultValue, ["min_value"] = MinValue, ["max_value"] = MaxValue, ["step"] = Step, ["sampling"] = SamplingMode,
        },
    };
}

/// <summary><c>hp.Float</c>: numbers from minValue to maxValue, by step when given.</summary>
public sealed class FloatHyperParameter : HyperParameter
{
    internal FloatHyperParameter(string name, double minValue, double maxValue, double? step, string sampling, double? @default) : base(name)
    {
        if (!double.IsFinite(minValue) || !double.IsFinite(maxValue) || minValue > maxValue)
        {
            throw new ArgumentException($"Expected finite minValue <= maxValue for hp.Float('{name}'); got {minValue} and {maxValue}.", nameof(minValue));
        }
        if (step is { } s && !(s > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Expected step > 0 for hp.Float('{name}'); got {step}.");
        }
        Sampling.Check(sampling, minValue, maxValue, step, $"hp.Float('{name}')");
        if (@default is { } d && (d < minValue || d > maxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(@default), d, $"Expected a default in [{minValue}, {maxValue}] for hp.Float('{name}'); got {d}.");
        }
        MinValue = minValue;
        MaxValue = maxValue;
        Step = step;
        SamplingMode = sampling;
        DefaultValue = @default;
    }

    /// <summary>The smallest value.</summary>
    public double MinValue { get; }

    /// <summary>The largest value.</summary>
    public double MaxValue { get; }

    /// <summary>The distance (linear) or factor (log) between values; null: continuous.</summary>
    public double? Step { get; }

    /// <summary>"linear", "log" or "reverse_log".</summary>
    public string SamplingMode { get; }

    private double? DefaultValue { get; }

    /// <inheritdoc />
    public override object Default => DefaultValue ?? MinValue;

    /// <summary>
    /// With a step, minValue + i·step (linear) up to maxValue, as keras_tuner; without, the 10 values at the
    /// middles of 10 equal probability buckets (keras_tuner takes them as a Python set; here they are in ascending order).
    /// </summary>
    public override IReadOnlyList<object> Values => Step is { } step
        ? Enumerable.Range(0, Sampling.Count(SamplingMode, MinValue, MaxValue, step))
            .Select(i => (object)Sampling.At(SamplingMode, MinValue, MaxValue, step, i)).ToList()
        : Enumerable.Range(0, 10).Select(i => FromProbability(i * 0.1 + 0.05)).Distinct().OrderBy(v => (double)v).ToList();

    internal override object FromProbability(double probability) => Step is { } step
        ? Sampling.At(SamplingMode, MinValue, MaxValue, step, ProbabilityToIndex(probability, Sampling.Count(SamplingMode, MinValue, MaxValue, step)))
        : Sampling.Continuous(SamplingMode, MinValue, MaxValue, probability);

    internal override object Read(JsonNode? node) => node!.GetValue<double>();

    internal override JsonObject ToConfig() => new()
    {
        ["class_name"] = "Float",
        ["config"] = new JsonObject
        {
            ["name"] = Name, ["default"] = DefaultValue, ["min_value"] = MinValue, ["max_value"] = MaxValue, ["step"] = Step, ["sampling"] = SamplingMode,
        },
    };
}

/// <summary><c>hp.Boolean</c>: false or true.</summary>
public sealed class BooleanHyperParameter : HyperParameter
{
    private readonly bool _default;

    internal BooleanHyperParameter(string name, bool @default) : base(name) => _default = @default;

    /// <inheritdoc />
    public override object Default => _default;

    /// <inheritdoc />
    public override IReadOnlyList<object> Values => [true, false];

    internal override object FromProbability(double probability) => probability < 0.5;

    internal override object Read(JsonNode? node) => node!.GetValue<bool>();

    internal override JsonObject ToConfig() => new() { ["class_name"] = "Boolean", ["config"] = new JsonObject { ["name"] = Name, ["default"] = _default } };
}

/// <summary><c>hp.Choice</c>: one of a list of strings, integers or numbers.</summary>
public sealed class ChoiceHyperParameter : HyperParameter
{
    private readonly object? _default;

    internal ChoiceHyperParameter(string name, IReadOnlyList<object> values, object? @default) : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException($"Expected at least one value for hp.Choice('{name}'); got none.", nameof(values));
        }
        if (values.Any(v => v is null) || values.Distinct().Count() != values.Count)
        {
            throw new ArgumentException($"Expected distinct, non-null values for hp.Choice('{name}'); got [{string.Join(", ", values)}].", nameof(values));
        }
        if (@default is not null && !values.Contains(@default))
        {
            throw new ArgumentException($"Expected the default of hp.Choice('{name}') to be one of [{string.Join(", ", values)}]; got {@default}.", nameof(@default));
        }
        Values = values;
        _default = @default;
    }

    /// <inheritdoc />
    public override object Default => _default ?? Values[0];

    /// <inheritdoc />
    public override IReadOnlyList<object> Values { get; }

    internal override object FromProbability(double probability) => Values[ProbabilityToIndex(probability, Values.Count)];

    internal override object Read(JsonNode? node) => Values[0] switch
    {
        string => node!.GetValue<string>(),
        int => node!.GetValue<int>(),
        bool => node!.GetValue<bool>(),
        _ => node!.GetValue<double>(),
    };

    internal static ChoiceHyperParameter FromConfig(string name, JsonObject config)
    {
        var raw = config["values"]!.AsArray();
        var kind = config["value_type"]?.GetValue<string>() ?? "str";
        object Decode(JsonNode? n) => kind switch
        {
            "int" => n!.GetValue<int>(),
            "float" => n!.GetValue<double>(),
            "bool" => n!.GetValue<bool>(),
            _ => n!.GetValue<string>(),
        };
        return new ChoiceHyperParameter(name, raw.Select(Decode).ToList(), config["default"] is { } d ? Decode(d) : null);
    }

    internal override JsonObject ToConfig() => new()
    {
        ["class_name"] = "Choice",
        ["config"] = new JsonObject
        {
            ["name"] = Name,
            ["default"] = _default is null ? null : HyperParameters.ToNode(_default),
            ["values"] = new JsonArray(Values.Select(HyperParameters.ToNode).ToArray()),
            ["value_type"] = Values[0] switch { string => "str", int => "int", bool => "bool", _ => "float" },
        },
    };
}
