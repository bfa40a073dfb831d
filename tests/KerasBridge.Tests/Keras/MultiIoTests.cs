using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Models with several inputs or outputs from C#: Compile with a loss, weight and metrics per output, Fit/Evaluate/
/// PredictOutputs with dictionaries keyed by name, on both engines. functional_two_heads.json is Keras 3.15.1's own run.
/// </summary>
public sealed class MultiIoTests
{
    private static readonly string TwoHeadsPath = Path.Combine(TestPaths.Keras3Fixtures, "training", "multi_io", "functional_two_heads.json");
    private static readonly string FunctionalDir = Path.Combine(TestPaths.Keras3Fixtures, "functional");

    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static void Require(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
    }

    /// <summary>functional_two_heads.json's model with Keras's initial weights, compiled as Keras compiled it (on an
    /// engine the test can run), with the fixture's x and y as dictionaries.</summary>
    private sealed class TwoHeads : IDisposable
    {
        private readonly JsonDocument json;

        public TwoHeads(EngineKind engine)
        {
            Require(engine);
            json = JsonDocument.Parse(File.ReadAllText(TwoHeadsPath));
            Model = Models.ModelFromJson(Root.GetProperty("model").GetRawText(), engine);
            Model.SetWeights(Root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());
            var c = Root.GetProperty("compile");
            Model.Compile(
                Optimizer.FromConfig(c.GetProperty("optimizer").GetRawText()),
                c.GetProperty("loss").EnumerateObject().ToDictionary(p => p.Name, p => (Loss)p.Value.GetString()!),
                c.GetProperty("loss_weights").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
                c.GetProperty("metrics").EnumerateObject().ToDictionary(
                    p => p.Name, p => (IReadOnlyList<Metric>)p.Value.EnumerateArray().Select(m => (Metric)m.GetString()!).ToList()));
        }

        public JsonElement Root => json.RootElement;

        public Model Model { get; }

        public Dictionary<string, Array> X() => new() { ["x"] = TestData.ToArray(Root.GetProperty("x")) };

        public Dictionary<string, Array> Y() =>
            Root.GetProperty("y").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value));

        public void Dispose()
        {
            Model.Dispose();
            json.Dispose();
        }
    }

    private static Dictionary<string, Array> Rows(Dictionary<string, Array> arrays, int from, int to) =>
        arrays.ToDictionary(p => p.Key, p =>
        {
            var source = (float[,])p.Value;
            var result = new float[to - from, source.GetLength(1)];
            for (var i = from; i < to; i++)
            {
                for (var j = 0; j < source.GetLength(1); j++)
                {
                    result[i - from, j] = source[i, j];
                }
            }
            return (Array)result;
        });

    [Theory]
    [MemberData(nameof(Engines))]
    public void TwoHeadsTrajectoryMatchesKerasFittedWithDictionaries(EngineKind engine)
    {
        using var twoHeads = new TwoHeads(engine);
        var model = twoHeads.Model;
        var root = twoHeads.Root;
        var fit = root.GetProperty("fit");

        var history = model.Fit(twoHeads.X(), twoHeads.Y(), epochs: fit.GetProperty("epochs").GetInt32(),
            batchSize: fit.GetProperty("batch_size").GetInt32(), shuffle: fit.GetProperty("shuffle").GetBoolean());

        var expectedHistory = root.GetProperty("history");
        Assert.Equal(["loss", "mass_loss", "mass_mae", "species_accuracy", "species_loss"], history.Keys.Order(StringComparer.Ordinal));
        foreach (var series in expectedHistory.EnumerateObject())
        {
            var expected = series.Value.EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.Equal(expected.Count, history[series.Name].Count);
            for (var epoch = 0; epoch < expected.Count; epoch++)
            {
                AssertClose(expected[epoch], history[series.Name][epoch], $"{series.Name}[{epoch}]");
            }
        }
        var weights = model.GetWeights();
        var expectedWeights = root.GetProperty("final_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList();
        Assert.Equal(expectedWeights.Count, weights.Count);
        for (var i = 0; i < weights.Count; i++)
        {
            AssertAllClose(expectedWeights[i], weights[i], $"weight {i}");
        }

        var outputs = model.PredictOutputs(twoHeads.X());
        Assert.Equal(["species", "mass"], outputs.Keys);
        var species = Assert.IsType<float[,]>(outputs["species"]);
        var mass = Assert.IsType<float[,]>(outputs["mass"]);
        Assert.Equal([48, 3], NumpyArrays.Shape(species));
        Assert.Equal([48, 1], NumpyArrays.Shape(mass));
        AssertAllClose(TestData.ToArray(root.GetProperty("predictions").GetProperty("species")), species, "species");
        AssertAllClose(TestData.ToArray(root.GetProperty("predictions").GetProperty("mass")), mass, "mass");
        // One input given as a plain array: the same predictions.
        AssertAllClose(species, model.PredictOutputs(TestData.ToArray(root.GetProperty("x")))["species"], "species from an array");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ValidationDataAsDictionariesGivesValKeysEqualToEvaluate(EngineKind engine)
    {
        using var twoHeads = new TwoHeads(engine);
        var model = twoHeads.Model;
        var x = twoHeads.X();
        var y = twoHeads.Y();
        var (trainX, trainY, valX, valY) = (Rows(x, 0, 36), Rows(y, 0, 36), Rows(x, 36, 48), Rows(y, 36, 48));

        var history = model.Fit(trainX, trainY, epochs: 2, batchSize: 16, shuffle: false, validationData: (valX, valY));
        var logs = model.Evaluate(valX, valY, batchSize: 16);

        Assert.Equal(["loss", "mass_loss", "mass_mae", "species_accuracy", "species_loss"], logs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(logs.Keys.Concat(logs.Keys.Select(k => "val_" + k)).Order(StringComparer.Ordinal), history.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in logs)
        {
            AssertClose(value, history["val_" + key][^1], "val_" + key);
        }
        // The total is the weighted sum of the outputs' losses (loss_weights species 1, mass 0.5).
        AssertClose(logs["species_loss"] + 0.5 * logs["mass_loss"], logs["loss"], "weighted total");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FixtureModelsPredictByInputNameWithEachOutputsShape(EngineKind engine)
    {
        Require(engine);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionalDir, "two_inputs.json")));
        using var model = Models.LoadModel(Path.Combine(FunctionalDir, "two_inputs.keras"), engine: engine);
        Assert.Equal(["numeric", "onehot"], model.InputNames);
        Assert.Equal(["dense_11"], model.OutputNames);
        var inputs = json.RootElement.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value));
        var expected = TestData.ToArray(json.RootElement.GetProperty("outputs").GetProperty("dense_11"));

        AssertAllClose(expected, model.Predict(inputs), "Predict(dict)");
        AssertAllClose(expected, model.PredictOutputs(inputs, batchSize: 2)["dense_11"], "PredictOutputs(dict)");
        var e = Assert.Throws<ArgumentException>(() => model.PredictOutputs(inputs["numeric"]));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("numeric, onehot", e.Message);

        using var twoOutputsJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionalDir, "two_outputs.json")));
        using var twoOutputs = Models.LoadModel(Path.Combine(FunctionalDir, "two_outputs.keras"), engine: engine);
        Assert.Equal(["species", "mass"], twoOutputs.OutputNames);
        Assert.Single(twoOutputs.InputNames);
        var x = TestData.ToArray(twoOutputsJson.RootElement.GetProperty("inputs").EnumerateObject().Single().Value);
        var outputs = twoOutputs.PredictOutputs(new Dictionary<string, Array> { [twoOutputs.InputNames[0]] = x });
        foreach (var output in twoOutputsJson.RootElement.GetProperty("outputs").EnumerateObject())
        {
            AssertAllClose(TestData.ToArray(output.Value), outputs[output.Name], output.Name);
        }
        var refused = Assert.Throws<InvalidOperationException>(() => twoOutputs.Predict(x));
        Assert.Contains("PredictOutputs", refused.Message);
        Assert.Contains("species, mass", refused.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void MissingExtraOrMisspelledNamesAreArgumentExceptionsListingTheModelsNames(EngineKind engine)
    {
        using var twoHeads = new TwoHeads(engine);
        var model = twoHeads.Model;
        var x = twoHeads.X();
        var y = twoHeads.Y();

        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, new Dictionary<string, Array> { ["species"] = y["species"], ["mas"] = y["mass"] }));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("(species, mass)", e.Message);
        Assert.Contains("missing: mass; unknown: mas", e.Message);

        e = Assert.Throws<ArgumentException>(() => model.Evaluate(new Dictionary<string, Array> { ["input"] = x["x"] }, y));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("missing: x; unknown: input", e.Message);

        e = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy" }));
        Assert.Equal("loss", e.ParamName);
        Assert.Contains("missing: mass", e.Message);

        e = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy", ["mass"] = "mse" },
            metrics: new Dictionary<string, IReadOnlyList<Metric>> { ["weight"] = ["mae"] }));
        Assert.Equal("metrics", e.ParamName);
        Assert.Contains("unknown: weight", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ArraysThatDoNotFitTheirInputOrOutputAreArgumentExceptionsNamingIt(EngineKind engine)
    {
        using var twoHeads = new TwoHeads(engine);
        var model = twoHeads.Model;
        var x = twoHeads.X();
        var y = twoHeads.Y();
        y["mass"] = new float[48, 2];

        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("y['mass']", e.Message);
        Assert.Contains("(48, 2)", e.Message);

        y = twoHeads.Y();
        e = Assert.Throws<ArgumentException>(() => model.Evaluate(new Dictionary<string, Array> { ["x"] = new float[48, 5] }, y));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("x['x']", e.Message);
        Assert.Contains("(None, 4)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void SingleOutputModelsTakeDictionariesToo(EngineKind engine)
    {
        Require(engine);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3], name: "features"), Layers.Dense(2, name: "scores")], engine: engine);
        Assert.Equal(["features"], model.InputNames);
        Assert.Equal(["scores"], model.OutputNames);
        model.Compile("sgd", new Dictionary<string, Loss> { ["scores"] = "mse" }, metrics: new Dictionary<string, IReadOnlyList<Metric>> { ["scores"] = ["mae"] });
        var x = new Dictionary<string, Array> { ["features"] = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } } };
        var y = new Dictionary<string, Array> { ["scores"] = new float[,] { { 1, 0 }, { 0, 1 } } };
        var logs = model.Evaluate(x, y);
        Assert.Equal(["loss", "mae"], logs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(model.Predict((float[,])x["features"]), model.Predict(x));
        Assert.Equal(["loss", "mae"], model.Fit(x, y, epochs: 1).Keys.Order(StringComparer.Ordinal));
    }

    private static void AssertAllClose(Array expected, Array actual, string what)
    {
        Assert.Equal(NumpyArrays.Shape(expected), NumpyArrays.Shape(actual));
        var e = expected.Cast<float>().ToArray();
        var a = actual.Cast<float>().ToArray();
        for (var k = 0; k < e.Length; k++)
        {
            AssertClose(e[k], a[k], $"{what} element {k}");
        }
    }

    /// <summary>1e-4 relative with an absolute floor of 1e-6 (FixtureModels.Tolerance's rule).</summary>
    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = Math.Max(1e-4 * Math.Abs(expected), 1e-6);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
