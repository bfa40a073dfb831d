using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Fit's validationData with sample weights, as Keras's <c>validation_data=(x_val, y_val, val_sample_weights)</c>, on
/// both engines: val_loss and the validation weightedMetrics are weighted (plain metrics not), equal real Keras's
/// evaluate with those weights and the Keras engine's history; zero weights act as Keras's "sum_over_batch_size"
/// defines them; per-output weights for a two-output model; bad weights are ArgumentExceptions naming validationData.
/// </summary>
public sealed class ValidationSampleWeightTests
{
    private const int ValidationRows = 20;

    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static float[,] ValX() => Slice(X(), 0, ValidationRows);

    private static long[] ValY() => Y()[..ValidationRows];

    private static float[] ValWeights() => Enumerable.Range(0, ValidationRows).Select(i => 0.25f + (i % 4) * 0.75f).ToArray();

    private static Model Weighted(EngineKind engine)
    {
        var model = Classifier(engine);
        model.Compile(Optimizers.SGD(learningRate: 0.1), "sparse_categorical_crossentropy", ["accuracy"],
            weightedMetrics: ["accuracy", "sparse_categorical_crossentropy"]);
        return model;
    }

    private static History FitWeighted(Model model, float[,] valX, long[] valY, float[] valWeights) =>
        model.Fit(X(), Y(), (valX, valY, valWeights), epochs: 2, batchSize: 16, shuffle: false);

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ValLossAndWeightedMetricsAreRealKerasWeightedEvaluate(EngineKind engine)
    {
        Require(engine);
        using var model = Weighted(engine);
        var history = FitWeighted(model, ValX(), ValY(), ValWeights());
        using var plainModel = Weighted(engine);
        var plain = plainModel.Fit(X(), Y(), validationData: (ValX(), ValY()), epochs: 2, batchSize: 16, shuffle: false);

        // The weights reach val_loss and the weighted metrics only; training logs and plain metrics are unchanged.
        foreach (var key in new[] { "val_loss", "val_weighted_accuracy", "val_sparse_categorical_crossentropy" })
        {
            Assert.True(Math.Abs(history[key][1] - plain[key][1]) > 1e-4, $"{key} is weighted");
        }
        foreach (var key in new[] { "loss", "accuracy", "val_accuracy" })
        {
            Assert.Equal(plain[key], history[key]);
        }
        // Keras's loss divides the weighted sum by the sample count, a weighted metric by the sum of the weights.
        AssertClose(history["val_loss"][1], history["val_sparse_categorical_crossentropy"][1] * ValWeights().Average(),
            "val_loss against the weighted loss metric");

        // The last epoch's validation logs are what real Keras's evaluate(sample_weight=...) gives at the trained weights.
        if (EngineSupport.KerasAvailable)
        {
            using var keras = Weighted(EngineKind.Keras);
            keras.SetWeights(model.GetWeights());
            var expected = keras.Evaluate(ValX(), ValY(), batchSize: 16, sampleWeight: ValWeights());
            AssertClose(expected["loss"], history["val_loss"][1], "val_loss against Keras's evaluate");
            foreach (var name in new[] { "accuracy", "weighted_accuracy", "sparse_categorical_crossentropy" })
            {
                AssertClose(expected[name], history["val_" + name][1], $"val_{name} against Keras's evaluate");
            }
            if (engine == EngineKind.Torch)
            {
                using var kerasFit = Weighted(EngineKind.Keras);
                AssertSameHistory(FitWeighted(kerasFit, ValX(), ValY(), ValWeights()), history);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ZeroWeightsActAsKerasSumOverBatchSizeDefinesThem(EngineKind engine)
    {
        Require(engine);
        // Rows 3, 7, 11, ... weigh 0; the others 1.
        var zeroed = Enumerable.Range(0, ValidationRows).Select(i => i % 4 == 3 ? 0f : 1f).ToArray();
        var kept = Enumerable.Range(0, ValidationRows).Where(i => zeroed[i] != 0).ToArray();
        var keptX = new float[kept.Length, 4];
        for (var r = 0; r < kept.Length; r++)
        {
            for (var j = 0; j < 4; j++)
            {
                keptX[r, j] = ValX()[kept[r], j];
            }
        }
        var keptY = kept.Select(i => ValY()[i]).ToArray();

        using var withZeros = Weighted(engine);
        var zeroHistory = FitWeighted(withZeros, ValX(), ValY(), zeroed);
        using var dropped = Weighted(engine);
        var dropHistory = FitWeighted(dropped, keptX, keptY, Enumerable.Repeat(1f, kept.Length).ToArray());

        for (var epoch = 0; epoch < 2; epoch++)
        {
            // Keras's loss divides the weighted sum by the batch size, zero-weight rows included (losses/loss.py
            // reduce_values), so val_loss with zeros is the dropped rows' val_loss times kept/all.
            AssertClose(dropHistory["val_loss"][epoch] * kept.Length / ValidationRows, zeroHistory["val_loss"][epoch], $"val_loss[{epoch}]");
            // Weighted mean metrics divide by the sum of the weights: zero-weight rows are simply dropped.
            AssertClose(dropHistory["val_weighted_accuracy"][epoch], zeroHistory["val_weighted_accuracy"][epoch], $"val_weighted_accuracy[{epoch}]");
            AssertClose(dropHistory["val_sparse_categorical_crossentropy"][epoch], zeroHistory["val_sparse_categorical_crossentropy"][epoch],
                $"val_sparse_categorical_crossentropy[{epoch}]");
            // Training is the same in both runs.
            Assert.Equal(dropHistory["loss"][epoch], zeroHistory["loss"][epoch]);
        }
    }

    private static Model TwoHeads(EngineKind engine, JsonElement root)
    {
        var model = TwoHeadsFixture.Load(engine, root);
        model.Compile(Optimizers.Adam(learningRate: 0.01),
            new Dictionary<string, Loss> { ["species"] = "categorical_crossentropy", ["mass"] = "mse" },
            new Dictionary<string, double> { ["species"] = 1.0, ["mass"] = 0.5 },
            new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae"] },
            new Dictionary<string, IReadOnlyList<Metric>> { ["species"] = ["accuracy"], ["mass"] = ["mae"] });
        return model;
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void TwoOutputsTakeOneWeightArrayOrOnePerOutputAsKerasDoes(EngineKind engine)
    {
        Require(engine);
        using var json = JsonDocument.Parse(File.ReadAllText(TwoHeadsFixture.FilePath));
        var root = json.RootElement;
        var (x, y) = TwoHeadsFixture.Data(root);
        var rows = x["x"].GetLength(0);
        var species = Enumerable.Range(0, rows).Select(i => 2f * i / (rows - 1)).ToArray();
        var mass = Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? 0f : 1.5f).ToArray();

        History Run(EngineKind kind, bool perOutput, float[]? one = null)
        {
            using var model = TwoHeads(kind, root);
            return perOutput
                ? model.Fit(x, y, (x, y, new Dictionary<string, float[]> { ["species"] = species, ["mass"] = mass }),
                    epochs: 2, batchSize: 16, shuffle: false)
                : model.Fit(x, y, (x, y, one!), epochs: 2, batchSize: 16, shuffle: false);
        }

        var perOutput = Run(engine, true);
        var sameArray = Run(engine, false, species);
        // Each output takes its own weights: the species head matches the run where one array (species) weighs both.
        for (var epoch = 0; epoch < 2; epoch++)
        {
            AssertClose(sameArray["val_species_loss"][epoch], perOutput["val_species_loss"][epoch], "val_species_loss");
            AssertClose(sameArray["val_species_weighted_accuracy"][epoch], perOutput["val_species_weighted_accuracy"][epoch], "val_species_weighted_accuracy");
            Assert.True(Math.Abs(sameArray["val_mass_loss"][epoch] - perOutput["val_mass_loss"][epoch]) > 1e-5, "val_mass_loss takes mass's weights");
            Assert.Equal(sameArray["val_mass_mae"][epoch], perOutput["val_mass_mae"][epoch], 6);
        }
        if (engine == EngineKind.Torch && EngineSupport.KerasAvailable)
        {
            AssertSameHistory(Run(EngineKind.Keras, true), perOutput);
            AssertSameHistory(Run(EngineKind.Keras, false, species), sameArray);
        }
    }

    [Fact]
    public async Task FitAsyncTakesValidationWeightsToo()
    {
        using var synchronous = Weighted(EngineKind.Torch);
        using var asynchronous = Weighted(EngineKind.Torch);
        var expected = FitWeighted(synchronous, ValX(), ValY(), ValWeights());
        var actual = await asynchronous.FitAsync(X(), Y(), (ValX(), ValY(), ValWeights()), epochs: 2, batchSize: 16, shuffle: false);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected["val_loss"], actual["val_loss"]);
        Assert.Equal(expected["val_weighted_accuracy"], actual["val_weighted_accuracy"]);
    }

    [Fact]
    public void BadValidationWeightsAreArgumentExceptionsNamingValidationData()
    {
        using var model = Weighted(EngineKind.Torch);
        var shortWeights = Assert.Throws<ArgumentException>(() => FitWeighted(model, ValX(), ValY(), new float[7]));
        Assert.Equal("validationData", shortWeights.ParamName);
        Assert.Contains("Expected one validation sample weight per sample of validationData.X (20); got 7.", shortWeights.Message);
        var weights = ValWeights();
        weights[5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => FitWeighted(model, ValX(), ValY(), weights));
        Assert.Equal("validationData", nan.ParamName);
        Assert.Contains("got NaN at index 5", nan.Message);
        var missing = Assert.Throws<ArgumentException>(() => FitWeighted(model, ValX(), ValY(), null!));
        Assert.Equal("validationData", missing.ParamName);
        Assert.Contains("null SampleWeight", missing.Message);

        using var json = JsonDocument.Parse(File.ReadAllText(TwoHeadsFixture.FilePath));
        using var twoHeads = TwoHeads(EngineKind.Torch, json.RootElement);
        var (x, y) = TwoHeadsFixture.Data(json.RootElement);
        var rows = x["x"].GetLength(0);
        var oneOutput = Assert.Throws<ArgumentException>(() =>
            twoHeads.Fit(x, y, (x, y, new Dictionary<string, float[]> { ["species"] = new float[rows] })));
        Assert.Equal("validationData", oneOutput.ParamName);
        Assert.Contains("missing: mass", oneOutput.Message);
        var wrongRows = Assert.Throws<ArgumentException>(() =>
            twoHeads.Fit(x, y, (x, y, new Dictionary<string, float[]> { ["species"] = new float[rows], ["mass"] = new float[3] })));
        Assert.Equal("validationData", wrongRows.ParamName);
        Assert.Contains($"validation sample weight for output 'mass' per sample of validationData.X ({rows}); got 3.", wrongRows.Message);
        var array = Assert.Throws<ArgumentException>(() => twoHeads.Fit(x, y, (x, y, new float[rows + 1])));
        Assert.Contains($"({rows}); got {rows + 1}.", array.Message);
        // Nothing was trained by the refused calls.
        using var fresh = TwoHeads(EngineKind.Torch, json.RootElement);
        AssertSameWeights(fresh.GetWeights(), twoHeads.GetWeights());
    }
}
