using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>Models built in C# with the fixtures' layers print Keras's summary text and parameter counts exactly.</summary>
public sealed class SummaryTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Keras3Fixtures, name);

    public static TheoryData<string> Names() => new("penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron");

    [Theory]
    [MemberData(nameof(Names))]
    public void SummaryOfCSharpBuiltModelEqualsKerasText(string name)
    {
        using var model = Build(name, EngineKind.Torch, out var trainOnce);
        trainOnce?.Invoke(model);
        Assert.Equal(File.ReadAllText(Fixture(name + ".summary.txt")), model.Summary());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ParameterCountsEqualTheFixtureFacts(string name)
    {
        using var facts = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".json")));
        using var model = Build(name, EngineKind.Torch, out _);
        var total = model.GetWeights().Sum(w => w.Length);
        var trainable = facts.RootElement.GetProperty("trainable_params").GetInt32();
        Assert.Equal(facts.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("params").GetInt32()), total);
        Assert.True(total >= trainable);
        Assert.Equal(facts.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()), model.LayerNames);
    }

    [Fact]
    public void KerasEngineSummaryEqualsKerasText()
    {
        EngineSupport.RequireKeras();
        using var model = Build("penguins_mlp", EngineKind.Keras, out var trainOnce);
        trainOnce!(model);
        Assert.Equal(File.ReadAllText(Fixture("penguins_mlp.summary.txt")), model.Summary());
    }

    /// <summary>The fixture's architecture with its names; trainOnce gives compiled models their optimizer variables, as the fixtures were taken after training.</summary>
    private static Model Build(string name, EngineKind engine, out Action<Model>? trainOnce)
    {
        switch (name)
        {
            case "penguins_mlp":
                trainOnce = m => TrainOnce(m, new float[8, 4], OneHot(8, 3), "adam", Losses.CategoricalCrossentropy(), ["accuracy"]);
                return Sequential([Input(shape: [4]), Layers.Dense(10, activation: "relu", name: "dense"), Layers.Dense(3, activation: "softmax", name: "dense_1")],
                    name: "sequential", engine: engine);
            case "regression_bn_dropout":
                trainOnce = m => TrainOnce(m, new float[8, 10], new float[8, 1], "adam", "mse", [Metrics.RootMeanSquaredError()]);
                return Sequential(
                [
                    Input(shape: [10]),
                    Layers.Dense(100, activation: "relu", name: "dense_2"),
                    Layers.BatchNormalization(name: "batch_normalization"),
                    Layers.Dense(50, activation: "relu", name: "dense_3"),
                    Layers.Dropout(0.2, name: "dropout"),
                    Layers.Dense(1, name: "dense_4"),
                ], name: "weather_style_regression", engine: engine);
            case "digits_cnn":
                trainOnce = m => TrainOnce(m, new float[8, 8, 8, 1], new long[8], "adam", Losses.SparseCategoricalCrossentropy(fromLogits: true), ["accuracy"]);
                return Sequential(
                [
                    Input(shape: [8, 8, 1]),
                    Layers.Conv2D(16, kernelSize: 3, activation: "relu", name: "conv2d"),
                    Layers.MaxPooling2D(poolSize: 2, name: "max_pooling2d"),
                    Layers.Flatten(name: "flatten"),
                    Layers.Dropout(0.25, name: "dropout_1"),
                    Layers.Dense(10, name: "dense_5"),
                ], name: "sequential_1", engine: engine);
            case "single_neuron":
                trainOnce = null;
                return Sequential([Input(shape: [3]), Layers.Dense(1, activation: "relu", name: "dense_6")], name: "sequential_2", engine: engine);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown fixture");
        }
    }

    private static void TrainOnce(Model model, Array x, Array y, Optimizer optimizer, Loss loss, IReadOnlyList<Metric> metrics)
    {
        model.Compile(optimizer, loss, metrics);
        model.Fit(x, y, epochs: 1, batchSize: 8);
    }

    private static float[,] OneHot(int rows, int classes)
    {
        var y = new float[rows, classes];
        for (var i = 0; i < rows; i++)
        {
            y[i, i % classes] = 1;
        }
        return y;
    }
}
