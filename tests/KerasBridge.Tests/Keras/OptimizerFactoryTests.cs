using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The typed factories (Optimizers, Schedules, Losses, Metrics) against Keras 3.15.1's catalog
/// (fixtures/keras-3.15.1/catalog-defaults.json, taken from ../shared/keras-api/keras-3.15.1-catalog.json):
/// every C# parameter is one of Keras's, in C# casing, with Keras's default (checked on the config the factory
/// writes), and every Keras parameter is offered unless listed below with the reason. Plus argument errors and
/// the typed forms of the training fixtures' optimizers.
/// </summary>
public sealed class OptimizerFactoryTests
{
    // Keras parameters the typed factories do not offer, and why.
    private static readonly Dictionary<string, string[]> NotOffered = new()
    {
        ["*"] = ["name", "dtype", "reduction"], // name: offered where Keras has no fixed default; dtype: float32 only; reduction: the default
        ["optimizers"] = ["loss_scale_factor", "gradient_accumulation_steps"], // not supported by the PyTorch engine
        ["AUC"] = ["multi_label", "num_labels", "label_weights"], // multi-label AUC: not supported by the PyTorch engine
        ["BinaryCrossentropy"] = ["axis"],
        ["CategoricalCrossentropy"] = ["axis"],
        ["SparseCategoricalCrossentropy"] = ["ignore_class", "axis"], // refused by the PyTorch engine
    };

    // Keys Keras's get_config leaves out at their default (so the factories do too).
    private static readonly HashSet<string> OmittedWhenDefault = ["AUC.thresholds", "CosineSimilarity.axis", "Huber.delta"];

    // Defaults Keras's __init__ turns into another value, which its get_config writes (Muon: exclude_layers or []).
    private static readonly Dictionary<string, string> WrittenForDefault = new() { ["Muon.exclude_layers"] = "[]" };

    private static readonly JsonElement Catalog =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Keras3Fixtures, "catalog-defaults.json"))).RootElement.GetProperty("groups");

    public static TheoryData<string, string> Factories()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in Catalog.EnumerateObject())
        {
            foreach (var cls in group.Value.EnumerateObject())
            {
                data.Add(group.Name, cls.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void FactoryDefaultsAndParametersAreKeras(string group, string className)
    {
        var type = group switch
        {
            "optimizers" => typeof(Optimizers),
            "schedules" => typeof(Schedules),
            "losses" => typeof(Losses),
            _ => typeof(Metrics),
        };
        var method = type.GetMethod(className, BindingFlags.Public | BindingFlags.Static)
            ?? throw new Xunit.Sdk.XunitException($"{type.Name}.{className} is missing");
        var keras = Catalog.GetProperty(group).GetProperty(className);
        var parameters = method.GetParameters();

        // Every C# parameter is a Keras parameter.
        foreach (var p in parameters)
        {
            Assert.True(keras.TryGetProperty(SnakeCase(p.Name!), out _), $"{className}: C# parameter {p.Name} ({SnakeCase(p.Name!)}) is not one of Keras's");
        }

        // Every Keras parameter is offered (or listed as not offered, with the reason).
        var offered = parameters.Select(p => SnakeCase(p.Name!)).ToHashSet();
        var skipped = NotOffered["*"].Concat(NotOffered.GetValueOrDefault(group, [])).Concat(NotOffered.GetValueOrDefault(className, [])).ToHashSet();
        foreach (var kerasParameter in keras.EnumerateObject())
        {
            Assert.True(offered.Contains(kerasParameter.Name) || skipped.Contains(kerasParameter.Name),
                $"{className}: Keras parameter {kerasParameter.Name} is not offered");
        }

        // The config written with only the required arguments holds Keras's defaults.
        var arguments = parameters.Select(p => p.HasDefaultValue ? Type.Missing : RequiredValue(p)).ToArray();
        var config = ConfigOf(method.Invoke(null, BindingFlags.OptionalParamBinding, null, arguments, null)!);
        foreach (var p in parameters.Where(p => p.HasDefaultValue && p.Name != "name"))
        {
            var kerasParameter = keras.GetProperty(SnakeCase(p.Name!));
            Assert.True(kerasParameter.TryGetProperty("default", out var expected), $"{className}: {p.Name} has a C# default but is required in Keras");
            var key = SnakeCase(p.Name!);
            if (!config.ContainsKey(key) && OmittedWhenDefault.Contains($"{className}.{key}"))
            {
                continue;
            }
            Assert.True(config.ContainsKey(key), $"{className}: config has no {key}");
            var actual = config[key];
            if (WrittenForDefault.TryGetValue($"{className}.{key}", out var written))
            {
                Assert.Equal(written, actual?.ToJsonString());
                continue;
            }
            Assert.True(SameValue(expected, actual), $"{className}.{p.Name}: Keras's default is {expected.GetRawText()}, the factory writes {actual?.ToJsonString() ?? "null"}");
        }
        var defaultName = keras.TryGetProperty("name", out var n) && n.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (defaultName is not null && group != "metrics")
        {
            Assert.Equal(defaultName, config["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public void TheIssuesExampleBuildsTheFixturesOptimizer()
    {
        var optimizer = Optimizers.SGD(learningRate: Schedules.ExponentialDecay(0.1, 3, 0.5), momentum: 0.9, nesterov: true, name: "sgd");
        AssertSameConfig("sgd_nesterov_schedule_binary_auc", optimizer.ToConfig());
        Assert.Equal(0.1, optimizer.LearningRate);
        Assert.Equal("ExponentialDecay", optimizer.Schedule!.ClassName);
        AssertSameConfig("adamw_mse", Optimizers.AdamW(learningRate: 0.01, weightDecay: 0.01, name: "adam_w").ToConfig());
        AssertSameConfig("adagrad_poisson", Optimizers.Adagrad(learningRate: 0.1, name: "adagrad").ToConfig());
        AssertSameConfig("nadam_categorical_precision_recall", Optimizers.Nadam(learningRate: 0.01, name: "nadam").ToConfig());
    }

    [Fact]
    public void FromConfigAcceptsEveryOptimizerAndSchedule()
    {
        foreach (var name in new[] { "sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion", "ftrl", "adafactor", "muon", "schedulefreeadamw" })
        {
            var optimizer = Optimizer.Parse(name);
            var again = Optimizer.FromConfig(KerasJson.Serialize(optimizer.ToConfig()));
            Assert.Equal(optimizer.ClassName, again.ClassName);
        }
        var scheduled = Optimizer.FromConfig(KerasJson.Serialize(Optimizers.Adam(learningRate: Schedules.CosineDecay(0.0, 10, warmupTarget: 0.01, warmupSteps: 2)).ToConfig()));
        Assert.Equal("CosineDecay", scheduled.Schedule!.ClassName);
        var e = Assert.Throws<ArgumentException>(() => Optimizer.FromConfig("""{"class_name": "SGD", "config": {"learning_rate": {"class_name": "Nope", "config": {}}}}"""));
        Assert.Contains("ExponentialDecay", e.Message);
        Assert.Equal("Lion", Optimizer.FromConfig("""{"class_name": "Lion", "config": {"learning_rate": 0.001}}""").ClassName);
        Assert.Equal("Lamb", Optimizer.FromConfig("""{"class_name": "Lamb", "config": {"learning_rate": 0.001}}""").ClassName);
        // As Keras's optimizers.get: Lamb has no string name (keras/src/optimizers/__init__.py ALL_OBJECTS leaves it out).
        Assert.Contains("adafactor", Assert.Throws<ArgumentException>(() => Optimizer.Parse("lamb")).Message);
        Assert.Equal("Poisson", ((JsonObject)Loss.FromConfig("""{"class_name": "Poisson", "config": {"name": "poisson"}}""").ToConfig())["class_name"]!.GetValue<string>());
        Assert.Equal("auc", Metric.FromConfig("""{"class_name": "AUC", "config": {}}""").Name);
        Assert.Equal("kld", Loss.Parse("kld").Name);
        Assert.Equal("auc", Metric.Parse("auc").Name);
    }

    [Fact]
    public void BadArgumentsNameTheParameterWithExpectedAndGiven()
    {
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.SGD(momentum: 1.5), "momentum", "[0, 1]", "1.5");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Adam(learningRate: -0.1), "learningRate", "> 0", "-0.1");
        AssertBad<ArgumentException>(() => Optimizers.Adam(clipnorm: 1.0, clipvalue: 0.5), "clipvalue", "at most one", "clipnorm=1");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.RMSprop(globalClipnorm: 0.0), "globalClipnorm", "> 0", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.AdamW(weightDecay: -1), "weightDecay", ">= 0", "-1");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Nadam(useEma: true, emaMomentum: 2), "emaMomentum", "[0, 1]", "2");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Adam(useEma: true, emaOverwriteFrequency: 0), "emaOverwriteFrequency", ">= 1", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Lion(beta1: 0), "beta1", "(0, 1]", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Ftrl(learningRatePower: 0.5), "learningRatePower", "<= 0", "0.5");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Lamb(beta2: 1), "beta2", "[0, 1)", "1");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Adafactor(clipThreshold: 0), "clipThreshold", "> 0", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Adafactor(beta2Decay: double.NaN), "beta2Decay", "finite", "NaN");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Muon(nsSteps: -1), "nsSteps", ">= 0", "-1");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Muon(muonA: double.PositiveInfinity), "muonA", "finite", "Infinity");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Muon(rmsRate: 0), "rmsRate", "> 0", "0");
        AssertBad<ArgumentException>(() => Optimizers.Muon(excludeLayers: ["output", ""]), "excludeLayers", "non-empty regular expressions", "\"\"");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.ScheduleFreeAdamW(beta1: 0), "beta1", "(0, 1]", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.ScheduleFreeAdamW(warmupSteps: -3), "warmupSteps", ">= 0", "-3");
        AssertBad<ArgumentOutOfRangeException>(() => Optimizers.Adagrad(initialAccumulatorValue: -0.1), "initialAccumulatorValue", ">= 0", "-0.1");
        AssertBad<ArgumentOutOfRangeException>(() => Schedules.ExponentialDecay(0.1, 0, 0.5), "decaySteps", "> 0", "0");
        AssertBad<ArgumentException>(() => Schedules.PiecewiseConstantDecay([2, 5], [0.1, 0.01]), "values", "one more value", "2 boundaries");
        AssertBad<ArgumentOutOfRangeException>(() => Schedules.CosineDecay(0.1, 10, alpha: 2), "alpha", "[0, 1]", "2");
        AssertBad<ArgumentOutOfRangeException>(() => Metrics.Precision(thresholds: 1.5), "thresholds", "[0, 1]", "1.5");
        AssertBad<ArgumentOutOfRangeException>(() => Metrics.Recall(topK: 0), "topK", ">= 1", "0");
        AssertBad<ArgumentOutOfRangeException>(() => Metrics.AUC(numThresholds: 1), "numThresholds", "> 1", "1");
        AssertBad<ArgumentException>(() => Metrics.AUC(curve: "PRGAIN"), "curve", "\"ROC\"", "PRGAIN");
    }

    public static TheoryData<int> TypedCases() => new(Enumerable.Range(0, TypedOptimizers().Length));

    private static (Func<Optimizer> Optimizer, Func<Loss> Loss)[] TypedOptimizers() =>
    [
        (() => Optimizers.Lion(learningRate: Schedules.CosineDecayRestarts(0.01, 2), clipnorm: 1.0), Losses.SquaredHinge),
        (() => Optimizers.Ftrl(learningRate: 0.1, l1RegularizationStrength: 0.01, beta: 0.1), Losses.Hinge),
        (() => Optimizers.Adamax(globalClipnorm: 0.5, useEma: true, emaOverwriteFrequency: 2), Losses.Poisson),
        (() => Optimizers.Adadelta(learningRate: Schedules.PiecewiseConstantDecay([2], [1.0, 0.5]), clipvalue: 0.1, weightDecay: 0.01), Losses.LogCosh),
        (() => Optimizers.RMSprop(learningRate: Schedules.PolynomialDecay(0.01, 4, cycle: true), centered: true, momentum: 0.5), Losses.MeanSquaredLogarithmicError),
        (() => Optimizers.Adam(learningRate: Schedules.InverseTimeDecay(0.01, 2, 0.5), amsgrad: true, useEma: true), Losses.KLDivergence),
        (() => Optimizers.Nadam(learningRate: Schedules.CosineDecay(0.0, 4, warmupTarget: 0.01, warmupSteps: 2)), () => Losses.CosineSimilarity()),
        (() => Optimizers.AdamW(weightDecay: 0.1, clipnorm: 0.5), Losses.MeanAbsolutePercentageError),
        (() => Optimizers.Adagrad(learningRate: Schedules.ExponentialDecay(0.1, 2, 0.5, staircase: true)), Losses.CategoricalHinge),
        (() => Optimizers.SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01), () => Losses.BinaryCrossentropy()),
        (() => Optimizers.Lamb(learningRate: 0.02, beta1: 0.8, weightDecay: 0.01), () => Losses.BinaryCrossentropy()),
        (() => Optimizers.Adafactor(learningRate: Schedules.ExponentialDecay(0.05, 2, 0.5), clipThreshold: 0.5), Losses.Hinge),
        (() => Optimizers.Adafactor(learningRate: 0.02, relativeStep: false, beta2Decay: -0.5), Losses.Poisson),
        (() => Optimizers.Muon(learningRate: 0.02), () => Losses.BinaryCrossentropy()),
        (() => Optimizers.Muon(learningRate: Schedules.ExponentialDecay(0.05, 2, 0.5), nesterov: false, rmsRate: null, adamLrRatio: 0.5,
            weightDecay: null, excludeLayers: ["/bias$"]), Losses.Hinge),
        (() => Optimizers.ScheduleFreeAdamW(learningRate: 0.02, warmupSteps: 4, weightDecay: 0.01), () => Losses.BinaryCrossentropy()),
        (() => Optimizers.ScheduleFreeAdamW(learningRate: Schedules.CosineDecay(0.05, 6), beta1: 0.8, clipnorm: 0.5), Losses.SquaredHinge),
    ];

    /// <summary>
    /// The typed factories' configs train identically on both engines: the same initial weights, the same data, no
    /// shuffling; history and final weights within 1e-4 relative (1e-6 absolute floor). Without Keras, the PyTorch
    /// engine's run is only checked to be finite.
    /// </summary>
    [Theory]
    [MemberData(nameof(TypedCases))]
    public void TypedOptionsTrainTheSameOnBothEngines(int index)
    {
        var (makeOptimizer, makeLoss) = TypedOptimizers()[index];
        var rows = new float[24, 3];
        var labels = new float[24, 1];
        for (var i = 0; i < 24; i++)
        {
            rows[i, 0] = i % 5 / 5f;
            rows[i, 1] = i % 3 / 3f;
            rows[i, 2] = i % 7 / 7f - 0.5f;
            labels[i, 0] = rows[i, 0] + rows[i, 2] > 0.2f ? 1f : 0f;
        }
        List<Array>? initial = null;
        var runs = new List<(History History, IReadOnlyList<Array> Weights)>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            if (engine == EngineKind.Keras && !EngineSupport.KerasAvailable)
            {
                break;
            }
            using var model = Sequential([Input(shape: [3]), Layers.Dense(4, activation: "tanh"), Layers.Dense(1, activation: "sigmoid")], engine: engine);
            if (initial is null)
            {
                initial = model.GetWeights().ToList();
            }
            else
            {
                model.SetWeights(initial);
            }
            model.Compile(makeOptimizer(), makeLoss(), [Metrics.Precision(), Metrics.Recall(thresholds: 0.4), Metrics.AUC(curve: "PR")]);
            var history = model.Fit(rows, labels, epochs: 3, batchSize: 8, shuffle: false);
            Assert.Equal(["auc", "loss", "precision", "recall"], history.Keys.Order(StringComparer.Ordinal));
            Assert.All(history.Values.Values.SelectMany(v => v), v => Assert.True(double.IsFinite(v)));
            runs.Add((history, model.GetWeights()));
        }
        if (runs.Count < 2)
        {
            return;
        }
        var (torch, keras) = (runs[0], runs[1]);
        foreach (var key in keras.History.Keys)
        {
            for (var epoch = 0; epoch < keras.History[key].Count; epoch++)
            {
                AssertClose(keras.History[key][epoch], torch.History[key][epoch], $"{key}[{epoch}]");
            }
        }
        for (var w = 0; w < keras.Weights.Count; w++)
        {
            var expected = keras.Weights[w].Cast<float>().ToArray();
            var actual = torch.Weights[w].Cast<float>().ToArray();
            for (var k = 0; k < expected.Length; k++)
            {
                AssertClose(expected[k], actual[k], $"weight {w} element {k}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1e-4 * Math.Abs(expected), 1e-6), $"{what}: Keras engine {expected:R}, PyTorch engine {actual:R}");

    private static void AssertSameConfig(string fixture, JsonObject actual)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Keras3Fixtures, "training", fixture + ".json")));
        var expected = JsonNode.Parse(json.RootElement.GetProperty("compile").GetProperty("optimizer").GetProperty("config").GetRawText())!.AsObject();
        var written = JsonNode.Parse(KerasJson.Serialize(actual["config"]))!.AsObject();
        foreach (var (key, value) in expected)
        {
            Assert.True(written.ContainsKey(key), $"{fixture}: the typed optimizer writes no {key}");
            var a = written[key];
            if (value is JsonValue v && v.TryGetValue<double>(out var e) && a is JsonValue av && av.TryGetValue<double>(out var g))
            {
                // Keras writes the float32 learning rate variable back as a double (0.009999999776482582).
                Assert.True(Math.Abs(e - g) <= 1e-7 * Math.Max(1, Math.Abs(e)), $"{fixture}: {key} {g} != {e}");
            }
            else if (value is JsonObject schedule)
            {
                var ours = (JsonObject)a!;
                Assert.Equal(schedule["class_name"]!.ToJsonString(), ours["class_name"]!.ToJsonString());
                Assert.True(JsonNode.DeepEquals(schedule["config"], ours["config"]), $"{fixture}: schedule {ours["config"]!.ToJsonString()} != {schedule["config"]!.ToJsonString()}");
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(value, a), $"{fixture}: {key} {a?.ToJsonString()} != {value?.ToJsonString()}");
            }
        }
        Assert.Equal(expected.Count, written.Count);
    }

    private static void AssertBad<T>(Action call, string parameter, string expected, string given) where T : ArgumentException
    {
        var e = Assert.Throws<T>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(expected, e.Message);
        Assert.Contains(given, e.Message);
    }

    private static JsonObject ConfigOf(object made) => made switch
    {
        Optimizer o => o.Config,
        LearningRateSchedule s => s.Config,
        Loss l => (JsonObject)((JsonObject)l.ToConfig())["config"]!,
        Metric m => (JsonObject)((JsonObject)m.ToConfig())["config"]!,
        _ => throw new InvalidOperationException(made.GetType().Name),
    };

    private static object RequiredValue(ParameterInfo p) =>
        p.ParameterType == typeof(double) ? 0.1
        : p.ParameterType == typeof(int) ? 3
        : p.ParameterType == typeof(IReadOnlyList<int>) ? new[] { 2 }
        : p.ParameterType == typeof(IReadOnlyList<double>) ? new[] { 0.1, 0.01 }
        : throw new InvalidOperationException($"no sample value for {p.Name}");

    private static bool SameValue(JsonElement expected, JsonNode? actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                return actual is null;
            case JsonValueKind.True or JsonValueKind.False:
                return actual is JsonValue b && b.TryGetValue<bool>(out var flag) && flag == expected.GetBoolean();
            case JsonValueKind.String:
                return actual is JsonValue s && s.TryGetValue<string>(out var text) && text == expected.GetString();
            case JsonValueKind.Number:
                return actual is JsonValue n && (n.TryGetValue<double>(out var d) || TryInt(n, out d)) && d == expected.GetDouble();
            default:
                return false;
        }
    }

    private static bool TryInt(JsonValue value, out double result)
    {
        var ok = value.TryGetValue<int>(out var i);
        result = i;
        return ok;
    }

    /// <summary>C# casing to Keras's: beta1 → beta_1, globalClipnorm → global_clipnorm, l1RegularizationStrength → l1_regularization_strength.</summary>
    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else if (char.IsDigit(c) && i > 1 && char.IsLower(name[i - 1]) && char.IsLower(name[i - 2]))  // beta1 → beta_1, beta2Decay → beta_2_decay; l1 stays
            {
                builder.Append('_').Append(c);
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
