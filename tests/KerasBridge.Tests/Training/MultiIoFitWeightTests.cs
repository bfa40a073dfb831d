using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Fit with dictionaries (a two-output model) together with sampleWeight, classWeight and C# callbacks, on both
/// engines: one sample weight array weighs every output's loss (Keras replicates it), classWeight is refused for
/// several outputs as Keras refuses it.
/// </summary>
public sealed class MultiIoFitWeightTests
{
    private static readonly string TwoHeadsPath = Path.Combine(TestPaths.Keras3Fixtures, "training", "multi_io", "functional_two_heads.json");

    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static Model TwoHeads(EngineKind engine, JsonElement root)
    {
        var model = Models.ModelFromJson(root.GetProperty("model").GetRawText(), engine);
        model.SetWeights(root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());
        model.Compile(Optimizers.Adam(learningRate: 0.01),
            new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy", ["mass"] = "mse" },
            new Dictionary<string, double> { ["species"] = 1.0, ["mass"] = 0.5 },
            new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"] });
        return model;
    }

    private static Dictionary<string, Array> X(JsonElement root) => new() { ["x"] = TestData.ToArray(root.GetProperty("x")) };

    private static Dictionary<string, Array> Y(JsonElement root) =>
        root.GetProperty("y").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value));

    /// <summary>Counts batches and keeps the last batch's log keys.</summary>
    private sealed class BatchRecorder : Callback
    {
        public int Batches { get; private set; }

        public IReadOnlyList<string> Keys { get; private set; } = [];

        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Batches++;
            Keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    private static (History History, BatchRecorder Recorder) Run(EngineKind engine, JsonElement root, float[]? sampleWeight)
    {
        using var model = TwoHeads(engine, root);
        var recorder = new BatchRecorder();
        var history = model.Fit(X(root), Y(root), epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false,
            callbacks: [recorder], sampleWeight: sampleWeight);
        return (history, recorder);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void SampleWeightWeighsEveryOutputAndCallbacksSeeEachBatch(EngineKind engine)
    {
        Require(engine);
        using var json = JsonDocument.Parse(File.ReadAllText(TwoHeadsPath));
        var root = json.RootElement;
        var samples = X(root)["x"].GetLength(0);
        var weights = Enumerable.Range(0, samples).Select(i => 0.2f + 1.8f * i / (samples - 1)).ToArray();

        var (weighted, recorder) = Run(engine, root, weights);
        var (plain, _) = Run(engine, root, null);

        // 36 training samples in batches of 16: 3 batches per epoch; batch logs carry every output's loss.
        Assert.Equal(6, recorder.Batches);
        Assert.Equal(["loss", "mass_loss", "species_accuracy", "species_loss"], recorder.Keys);
        foreach (var key in new[] { "loss", "species_loss", "mass_loss", "val_species_loss", "val_mass_loss" })
        {
            Assert.True(Math.Abs(weighted[key][0] - plain[key][0]) > 1e-3, $"{key} is weighted");
        }
        Assert.Equal(plain["species_accuracy"][0], weighted["species_accuracy"][0], 6);
        if (engine == EngineKind.Torch && EngineSupport.KerasAvailable)
        {
            AssertSameHistory(Run(EngineKind.Keras, root, weights).History, weighted);
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ClassWeightForSeveralOutputsIsAnArgumentException(EngineKind engine)
    {
        Require(engine);
        using var json = JsonDocument.Parse(File.ReadAllText(TwoHeadsPath));
        var root = json.RootElement;
        using var model = TwoHeads(engine, root);
        var error = Assert.Throws<ArgumentException>(() =>
            model.Fit(X(root), Y(root), classWeight: new Dictionary<int, double> { [0] = 2.0 }));
        Assert.Equal("classWeight", error.ParamName);
        Assert.Contains("one output", error.Message);
        var bad = Assert.Throws<ArgumentException>(() => model.Fit(X(root), Y(root), sampleWeight: new float[3]));
        Assert.Equal("sampleWeight", bad.ParamName);
    }
}
