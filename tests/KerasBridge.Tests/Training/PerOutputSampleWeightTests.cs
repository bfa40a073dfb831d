using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Fit and Evaluate with one sample weight array per output, as Keras's <c>sample_weight={"species": w_s, "mass": w_m}</c>,
/// on both engines with Keras's two-output fixture: the PyTorch engine's history and weights after fit equal real Keras's,
/// Evaluate equals real Keras's evaluate, each output's loss takes its own weights (zero weights for an output leave it no
/// loss and no gradient, as a zero loss weight does), and bad weights are ArgumentExceptions naming the argument.
/// </summary>
public sealed class PerOutputSampleWeightTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(TwoHeadsFixture.FilePath)).RootElement;

    private static readonly (Dictionary<string, Array> X, Dictionary<string, Array> Y) Data = TwoHeadsFixture.Data(Root);

    private static int Rows => Data.X["x"].GetLength(0);

    private static float[] SpeciesWeights() => Enumerable.Range(0, Rows).Select(i => 2f * i / (Rows - 1)).ToArray();

    private static float[] MassWeights() => Enumerable.Range(0, Rows).Select(i => i % 3 == 0 ? 0f : 1.5f).ToArray();

    private static Dictionary<string, float[]> Weights(float[]? species = null, float[]? mass = null) =>
        new() { ["species"] = species ?? SpeciesWeights(), ["mass"] = mass ?? MassWeights() };

    private static Model TwoHeads(EngineKind engine, double massLossWeight = 0.5)
    {
        var model = TwoHeadsFixture.Load(engine, Root);
        model.Compile(Optimizers.Adam(learningRate: 0.01),
            new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy", ["mass"] = "mse" },
            new Dictionary<string, double> { ["species"] = 1.0, ["mass"] = massLossWeight },
            new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae"] },
            new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae"] });
        return model;
    }

    private static History FitWeighted(Model model, IReadOnlyDictionary<string, float[]> weights) =>
        model.Fit(Data.X, Data.Y, weights, epochs: 2, batchSize: 16, shuffle: false);

    private static void AssertWeightsClose(IReadOnlyList<Array> expected, IReadOnlyList<Array> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i].Cast<float>().ToArray(), actual[i].Cast<float>().ToArray());
            Assert.Equal(e.Length, a.Length);
            for (var j = 0; j < e.Length; j++)
            {
                AssertClose(e[j], a[j], $"weight {i}[{j}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void FitWeighsEachOutputByItsOwnWeightsAsRealKeras(EngineKind engine)
    {
        Require(engine);
        using var model = TwoHeads(engine);
        var history = FitWeighted(model, Weights());
        using var oneArray = TwoHeads(engine);
        var replicated = oneArray.Fit(Data.X, Data.Y, epochs: 2, batchSize: 16, shuffle: false, sampleWeight: SpeciesWeights());
        Assert.Equal(replicated.Keys, history.Keys);
        Assert.True(Math.Abs(replicated["mass_loss"][0] - history["mass_loss"][0]) > 1e-3, "mass_loss takes mass's weights");

        if (engine == EngineKind.Torch && EngineSupport.KerasAvailable)
        {
            using var keras = TwoHeads(EngineKind.Keras);
            AssertSameHistory(FitWeighted(keras, Weights()), history);
            AssertWeightsClose(keras.GetWeights(), model.GetWeights());
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ZeroWeightsForAnOutputTrainAsAZeroLossWeight(EngineKind engine)
    {
        Require(engine);
        // mass weighs 0 everywhere: its loss is 0 and gives no gradient; species trains with its own weights, as a model
        // whose mass loss weight is 0 trained with species's weights for both outputs.
        using var model = TwoHeads(engine);
        var history = FitWeighted(model, Weights(mass: new float[Rows]));
        using var unweightedMass = TwoHeads(engine, massLossWeight: 0.0);
        var expected = unweightedMass.Fit(Data.X, Data.Y, epochs: 2, batchSize: 16, shuffle: false, sampleWeight: SpeciesWeights());
        Assert.Equal([0.0, 0.0], history["mass_loss"]);
        Assert.Equal([0.0, 0.0], history["mass_weighted_mae"]);
        foreach (var key in new[] { "loss", "species_loss", "species_weighted_accuracy", "species_accuracy", "mass_mae" })
        {
            for (var epoch = 0; epoch < 2; epoch++)
            {
                AssertClose(expected[key][epoch], history[key][epoch], $"{key}[{epoch}]");
            }
        }
        AssertWeightsClose(unweightedMass.GetWeights(), model.GetWeights());
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void EvaluateWithPerOutputWeightsIsRealKerasEvaluate(EngineKind engine)
    {
        Require(engine);
        using var model = TwoHeads(engine);
        var result = model.Evaluate(Data.X, Data.Y, Weights(), batchSize: 16);
        // Each output's loss and weighted metric are those of one array weighing every output; the loss is their weighted sum.
        var species = model.Evaluate(Data.X, Data.Y, batchSize: 16, sampleWeight: SpeciesWeights());
        var mass = model.Evaluate(Data.X, Data.Y, batchSize: 16, sampleWeight: MassWeights());
        AssertClose(species["species_loss"], result["species_loss"], "species_loss");
        AssertClose(species["species_weighted_accuracy"], result["species_weighted_accuracy"], "species_weighted_accuracy");
        AssertClose(mass["mass_loss"], result["mass_loss"], "mass_loss");
        AssertClose(mass["mass_weighted_mae"], result["mass_weighted_mae"], "mass_weighted_mae");
        AssertClose(result["species_loss"] + 0.5 * result["mass_loss"], result.Loss, "loss");
        if (engine == EngineKind.Torch && EngineSupport.KerasAvailable)
        {
            using var keras = TwoHeads(EngineKind.Keras);
            var expected = keras.Evaluate(Data.X, Data.Y, Weights(), batchSize: 16);
            Assert.Equal(expected.Keys, result.Keys);
            foreach (var key in expected.Keys)
            {
                AssertClose(expected[key], result[key], key);
            }
        }
    }

    [Fact]
    public async Task PerOutputTrainingAndValidationWeightsMatchKerasAndFitAsync()
    {
        var validation = Weights(MassWeights(), SpeciesWeights());
        using var model = TwoHeads(EngineKind.Torch);
        var history = model.Fit(Data.X, Data.Y, Weights(), (Data.X, Data.Y, validation), epochs: 2, batchSize: 16, shuffle: false);
        Assert.Contains("val_mass_weighted_mae", history.Keys);
        using var asynchronous = TwoHeads(EngineKind.Torch);
        var awaited = await asynchronous.FitAsync(Data.X, Data.Y, Weights(), (Data.X, Data.Y, validation), epochs: 2, batchSize: 16, shuffle: false);
        Assert.Equal(history["val_loss"], awaited["val_loss"]);
        using var split = TwoHeads(EngineKind.Torch);
        var splitHistory = await split.FitAsync(Data.X, Data.Y, Weights(), epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false);
        if (EngineSupport.KerasAvailable)
        {
            using var keras = TwoHeads(EngineKind.Keras);
            AssertSameHistory(keras.Fit(Data.X, Data.Y, Weights(), (Data.X, Data.Y, validation), epochs: 2, batchSize: 16, shuffle: false), history);
            using var kerasSplit = TwoHeads(EngineKind.Keras);
            AssertSameHistory(kerasSplit.Fit(Data.X, Data.Y, Weights(), epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false), splitHistory);
        }
    }

    [Fact]
    public void BadPerOutputWeightsAreArgumentExceptionsNamingTheArgument()
    {
        using var model = TwoHeads(EngineKind.Torch);
        var before = model.GetWeights();
        void Refused(Dictionary<string, float[]>? weights, string message)
        {
            foreach (var call in new Action[]
            {
                () => FitWeighted(model, weights!),
                () => model.Evaluate(Data.X, Data.Y, weights!),
                () => model.FitAsync(Data.X, Data.Y, weights!).GetAwaiter().GetResult(),
            })
            {
                var error = Assert.ThrowsAny<ArgumentException>(call);
                Assert.Equal("sampleWeight", error.ParamName);
                Assert.Contains(message, error.Message);
            }
        }

        // Keras refuses sample weights shaped unlike y: every output needs its array.
        Refused(new() { ["species"] = SpeciesWeights() },
            "Expected one entry per model output name (species, mass) in sampleWeight; missing: mass; unknown: none.");
        Refused(new(Weights()) { ["extra"] = MassWeights() }, "missing: none; unknown: extra.");
        Refused(Weights(mass: new float[3]), $"Expected one sample weight for output 'mass' per sample of x ({Rows}); got 3.");
        var nan = SpeciesWeights();
        nan[4] = float.NaN;
        Refused(Weights(species: nan), "Expected finite sample weights for output 'species'; got NaN at index 4.");
        var infinite = MassWeights();
        infinite[7] = float.PositiveInfinity;
        Refused(Weights(mass: infinite), "Expected finite sample weights for output 'mass'; got");
        Refused(new() { ["species"] = SpeciesWeights(), ["mass"] = null! }, "Expected a sample weight array for output 'mass'; got null.");
        Refused(null, "Expected one sample weight array per model output (species, mass); got null.");

        var badValidation = Assert.Throws<ArgumentException>(() => model.Fit(Data.X, Data.Y, Weights(),
            (Data.X, Data.Y, new Dictionary<string, float[]> { ["mass"] = MassWeights() })));
        Assert.Equal("validationData", badValidation.ParamName);
        Assert.Contains("missing: species", badValidation.Message);
        // Nothing was trained by the refused calls.
        AssertSameWeights(before, model.GetWeights());
    }
}
