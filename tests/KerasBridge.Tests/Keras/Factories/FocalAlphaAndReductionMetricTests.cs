using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using KerasBridge.Tests.Training;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Losses.CategoricalFocalCrossentropy with one alpha per class (keras/src/losses/losses.py: the list multiplies the focal terms
/// broadcast over the last axis) on both engines: its value equals Keras's formula computed here, a Keras-made model trains
/// two epochs on the PyTorch engine as on Keras, and bad lists are refused naming alpha. Then Metrics.Mean and Metrics.Sum
/// (keras/src/metrics/reduction_metrics.py): Keras's config, and refused as compiled metrics on both engines, as Keras refuses them.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FocalAlphaAndReductionMetricTests
{
    private const int Rows = 12, Classes = 3;
    private static readonly double[] Alphas = [1.5, 0.25, 2.0];

    public static TheoryData<EngineKind> Engines() => CallbackTestModels.Engines();

    private static (float[,] X, float[,] Y) Data()
    {
        var x = TestData.RandomRows(Rows, 4, seed: 3);
        var y = new float[Rows, Classes];
        for (var i = 0; i < Rows; i++)
        {
            y[i, (i * 7 + 1) % Classes] = 1; // one-hot targets, every class present
        }
        return (x, y);
    }

    private static Model NewModel(EngineKind engine) =>
        KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4]), Layers.Dense(Classes, activation: "softmax",
            kernelInitializer: Initializers.GlorotUniform(seed: 2))], engine: engine);

    [Theory]
    [MemberData(nameof(Engines))]
    public void PerClassAlphaLossIsKerasFormula(EngineKind engine)
    {
        CallbackTestModels.Require(engine);
        var (x, y) = Data();
        using var model = NewModel(engine);
        model.Compile("adam", Losses.CategoricalFocalCrossentropy(Alphas, gamma: 1.5));
        var p = model.Predict(x);
        // Keras: output = p / sum(p), clipped to [1e-7, 1 - 1e-7]; sum over classes of alpha_c (1 - output_c)^gamma * -y_c log(output_c).
        var expected = Enumerable.Range(0, Rows).Average(i =>
        {
            var total = Enumerable.Range(0, Classes).Sum(c => (double)p[i, c]);
            return Enumerable.Range(0, Classes).Sum(c =>
            {
                var output = Math.Clamp(p[i, c] / total, 1e-7, 1 - 1e-7);
                return Alphas[c] * Math.Pow(1 - output, 1.5) * -y[i, c] * Math.Log(output);
            });
        });
        CallbackTestModels.AssertClose(expected, model.Evaluate(x, y, batchSize: Rows)["loss"], $"focal loss with per-class alpha on {engine}");
        // Written as Keras writes it: the list, in class order.
        var loss = JsonNode.Parse(model.ToJson())!["compile_config"]!["loss"]!;
        Assert.Equal(Alphas, loss["config"]!["alpha"]!.AsArray().Select(a => (double)a!));
    }

    [Fact]
    public void KerasMadeModelTrainsWithPerClassAlphaOnTheTorchEngineAsOnKeras()
    {
        EngineSupport.RequireKeras();
        var (x, y) = Data();
        using var keras = NewModel(EngineKind.Keras);
        using var torch = KerasToTorch.Load(keras);
        var histories = new[] { keras, torch }.Select(model =>
        {
            model.Compile(Optimizers.SGD(learningRate: 0.1), Losses.CategoricalFocalCrossentropy(Alphas, gamma: 1.5, labelSmoothing: 0.1),
                ["categorical_accuracy"]);
            return model.Fit(x, y, epochs: 2, batchSize: 4, shuffle: false);
        }).ToArray();
        CallbackTestModels.AssertSameHistory(histories[0], histories[1]);
        Assert.True(histories[0]["loss"][1] < histories[0]["loss"][0], string.Join(", ", histories[0]["loss"]));
        KerasToTorch.AssertSamePredictions(keras.Predict(x), torch.Predict(x), "after two epochs");
    }

    [Fact]
    public void BadPerClassAlphasAreRefusedNamingAlpha()
    {
        foreach (var alpha in new double[][] { [], [0.5, -0.1], [double.NaN], [1, double.PositiveInfinity] })
        {
            var e = Assert.Throws<ArgumentException>(() => Losses.CategoricalFocalCrossentropy(alpha));
            Assert.Equal("alpha", e.ParamName);
        }
        // Keras broadcasts the list over the classes; the PyTorch engine names alpha where the lengths cannot broadcast.
        var (x, y) = Data();
        using var model = NewModel(EngineKind.Torch);
        model.Compile("adam", Losses.CategoricalFocalCrossentropy([0.2, 0.8]));
        var refused = Assert.ThrowsAny<ArgumentException>(() => model.Evaluate(x, y));
        Assert.Equal("alpha", refused.ParamName);
        Assert.Contains("one per class (3", refused.Message);
        // One entry is broadcast to every class, as a single number.
        model.Compile("adam", Losses.CategoricalFocalCrossentropy([0.4]));
        var single = model.Evaluate(x, y, batchSize: Rows)["loss"];
        model.Compile("adam", Losses.CategoricalFocalCrossentropy(0.4));
        CallbackTestModels.AssertClose(model.Evaluate(x, y, batchSize: Rows)["loss"], single, "one alpha in a list");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void MeanAndSumWriteKerasConfigsAndAreRefusedAsCompiledMetricsAsInKeras(EngineKind engine)
    {
        CallbackTestModels.Require(engine);
        Assert.Equal("""{"module":"keras.metrics","class_name":"Mean","config":{"name":"mean","dtype":"float32"},"registered_name":null}""",
            Metrics.Mean().ToConfig().ToJsonString());
        var sum = Metrics.Sum(name: "total", dtype: "float64");
        Assert.Equal(("total", "Sum", "float64"), (sum.Name, (string?)sum.ToConfig()["class_name"], (string?)sum.ToConfig()["config"]!["dtype"]));
        Assert.Equal("dtype", Assert.Throws<ArgumentException>(() => Metrics.Mean(dtype: "int8")).ParamName);

        var (x, y) = Data();
        foreach (var metric in new[] { Metrics.Mean(), Metrics.Sum() })
        {
            using var model = NewModel(engine);
            model.Compile("adam", "categorical_crossentropy", [metric]);
            // Keras's CompileMetrics calls update_state(y_true, y_pred, sample_weight=...), which Mean and Sum's (values, sample_weight) refuse.
            var e = Assert.ThrowsAny<Exception>(() => model.Fit(x, y, epochs: 1, batchSize: 4));
            Assert.Contains("sample_weight", e.Message);
        }
    }
}
