using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Compile's weightedMetrics (Keras's weighted_metrics) on both engines: the sample weights of Fit, Evaluate and
/// classWeight weigh them, plain metrics stay unweighted, a name already taken becomes weighted_&lt;name&gt;, and the
/// histories of the two engines agree key for key and value for value. Also R2Score(classAggregation: null) as a
/// vector in History.Vectors.
/// </summary>
public sealed class WeightedMetricsTests
{
    private static readonly string TwoHeadsPath = Path.Combine(TestPaths.Keras3Fixtures, "training", "multi_io", "functional_two_heads.json");

    private static float[] Weights() => Enumerable.Range(0, Samples).Select(i => 0.25f + (i % 5) * 0.5f).ToArray();

    private static Model Weighted(EngineKind engine)
    {
        var model = Classifier(engine, Optimizers.Adam(learningRate: 0.05));
        model.Compile(Optimizers.Adam(learningRate: 0.05), "sparse_categorical_crossentropy", ["accuracy"],
            weightedMetrics: ["accuracy", "accuracy", "sparse_categorical_crossentropy", "acc"]);
        return model;
    }

    private static History Fit(EngineKind engine, float[]? sampleWeight, IReadOnlyDictionary<int, double>? classWeight)
    {
        using var model = Weighted(engine);
        return model.Fit(X(), Y(), epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false,
            sampleWeight: sampleWeight, classWeight: classWeight);
    }

    [Fact]
    public void WeightedMetricsAreNamedAndWeightedAsKerasDoes()
    {
        var history = Fit(EngineKind.Torch, Weights(), null);
        // The repeated "accuracy" becomes weighted_accuracy, then weighted_accuracy_1; "acc" is a name of its own.
        string[] train = ["acc", "accuracy", "loss", "sparse_categorical_crossentropy", "weighted_accuracy", "weighted_accuracy_1"];
        Assert.Equal(train.Concat(train.Select(k => "val_" + k)).Order(StringComparer.Ordinal), history.Keys.Order(StringComparer.Ordinal));
        Assert.NotEqual(history["accuracy"][0], history["weighted_accuracy"][0]);
        Assert.Equal(history["weighted_accuracy"], history["weighted_accuracy_1"]);
        // Without weights a weighted metric is the plain one.
        var unweighted = Fit(EngineKind.Torch, null, null);
        Assert.Equal(unweighted["weighted_accuracy"], unweighted["accuracy"]);
        Assert.Equal(unweighted["val_weighted_accuracy"], unweighted["val_accuracy"]);
    }

    [Fact]
    public void TorchEngineHistoryAndEvaluateEqualKeras()
    {
        EngineSupport.RequireKeras();
        AssertSameHistory(Fit(EngineKind.Keras, Weights(), null), Fit(EngineKind.Torch, Weights(), null));
        var classWeight = new Dictionary<int, double> { [0] = 3.0, [2] = 0.5 };
        AssertSameHistory(Fit(EngineKind.Keras, null, classWeight), Fit(EngineKind.Torch, null, classWeight));

        using var keras = Weighted(EngineKind.Keras);
        using var torch = Weighted(EngineKind.Torch);
        var expected = keras.Evaluate(X(), Y(), batchSize: 16, sampleWeight: Weights());
        var actual = torch.Evaluate(X(), Y(), batchSize: 16, sampleWeight: Weights());
        Assert.Equal(expected.Names, actual.Names);
        foreach (var name in expected.Names)
        {
            AssertClose(expected[name], actual[name], $"evaluate {name}");
        }
        Assert.NotEqual(actual["accuracy"], actual["weighted_accuracy"]);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void TwoOutputsTakeWeightedMetricsPerOutput(EngineKind engine)
    {
        Require(engine);
        using var doc = JsonDocument.Parse(File.ReadAllText(TwoHeadsPath));
        var history = TwoHeads(engine, doc.RootElement);
        Assert.Contains("species_weighted_accuracy", history.Keys);
        Assert.Contains("mass_mae", history.Keys);
        Assert.Contains("val_mass_weighted_mae", history.Keys);
        if (engine == EngineKind.Keras)
        {
            AssertSameHistory(history, TwoHeads(EngineKind.Torch, doc.RootElement));
        }
    }

    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static History TwoHeads(EngineKind engine, JsonElement root)
    {
        using var model = Models.ModelFromJson(root.GetProperty("model").GetRawText(), engine);
        model.SetWeights(root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());
        model.Compile(Optimizers.Adam(learningRate: 0.01),
            new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy", ["mass"] = "mse" },
            metrics: new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae"] },
            weightedMetrics: new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae", "mse"] });
        var x = new Dictionary<string, Array> { ["x"] = TestData.ToArray(root.GetProperty("x")) };
        var y = root.GetProperty("y").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value));
        var rows = x["x"].GetLength(0);
        var weights = Enumerable.Range(0, rows).Select(i => 0.2f + 1.8f * i / rows).ToArray();
        return model.Fit(x, y, epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false, sampleWeight: weights);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void R2ScorePerColumnIsAVector(EngineKind engine)
    {
        Require(engine);
        History Run(EngineKind kind)
        {
            using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input(shape: [4]), Layers.Dense(3)], engine: kind);
            var kernel = new float[4, 3];
            for (var i = 0; i < 12; i++)
            {
                kernel[i / 3, i % 3] = (float)Math.Cos(i);
            }
            model.SetWeights([kernel, new float[3]]);
            model.Compile(Optimizers.SGD(learningRate: 0.05), "mse", [Metrics.R2Score(classAggregation: null)],
                weightedMetrics: [Metrics.R2Score(classAggregation: null, name: "r2")]);
            var x = X();
            var y = new float[Samples, 3];
            for (var i = 0; i < Samples; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    y[i, j] = x[i, j] - 0.5f * x[i, j + 1];
                }
            }
            return model.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false, sampleWeight: Weights());
        }
        var history = Run(engine);
        Assert.Equal(2, history.Vectors["r2_score"].Count);
        Assert.Equal(3, history.Vectors["r2_score"][0].Count);
        Assert.NotEqual(history.Vectors["r2_score"][1], history.Vectors["r2"][1]);
        if (engine == EngineKind.Keras)
        {
            var torch = Run(EngineKind.Torch);
            foreach (var key in new[] { "r2_score", "r2" })
            {
                for (var e = 0; e < 2; e++)
                {
                    for (var j = 0; j < 3; j++)
                    {
                        AssertClose(history.Vectors[key][e][j], torch.Vectors[key][e][j], $"{key}[{e}][{j}]");
                    }
                }
            }
        }
    }
}
