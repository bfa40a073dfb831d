using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Typed initializers, losses and metrics on both engines, checked against what they compute: an initializer's draws have
/// Keras's bound and spread, and evaluate's metrics equal the same quantities computed here from the predictions.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TypedObjectsOnEnginesTests
{
    private const int FanIn = 32, FanOut = 64;

    // (label, initializer, expected standard deviation, bound on |w|) from keras/src/initializers/random_initializers.py:
    // VarianceScaling draws uniform in ±sqrt(3 * scale / n) or a normal truncated at 2 stddev with stddev sqrt(scale / n) / 0.8796.
    private static (Initializer Initializer, double Std, double Bound) Expected(string label) => label switch
    {
        "GlorotNormal" => (Initializers.GlorotNormal(seed: 1), Math.Sqrt(2.0 / (FanIn + FanOut)), 2 * Math.Sqrt(2.0 / (FanIn + FanOut)) / 0.87962566103423978),
        "HeUniform" => (Initializers.HeUniform(seed: 1), Math.Sqrt(2.0 / FanIn), Math.Sqrt(6.0 / FanIn)),
        "LecunNormal" => (Initializers.LecunNormal(seed: 1), Math.Sqrt(1.0 / FanIn), 2 * Math.Sqrt(1.0 / FanIn) / 0.87962566103423978),
        "LecunUniform" => (Initializers.LecunUniform(seed: 1), Math.Sqrt(1.0 / FanIn), Math.Sqrt(3.0 / FanIn)),
        "TruncatedNormal" => (Initializers.TruncatedNormal(stddev: 0.05, seed: 1), 0.05 * 0.87962566103423978, 0.1),
        "HeNormal" => (Initializers.HeNormal(seed: 1), Math.Sqrt(2.0 / FanIn), 2 * Math.Sqrt(2.0 / FanIn) / 0.87962566103423978),
        "GlorotUniform" => (Initializers.GlorotUniform(seed: 1), Math.Sqrt(2.0 / (FanIn + FanOut)), Math.Sqrt(6.0 / (FanIn + FanOut))),
        "RandomUniform" => (Initializers.RandomUniform(-0.2, 0.2, seed: 1), 0.4 / Math.Sqrt(12), 0.2),
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    public static TheoryData<string, EngineKind> Initializers_() =>
    [
        .. new[] { "GlorotNormal", "HeUniform", "LecunNormal", "LecunUniform", "TruncatedNormal", "HeNormal", "GlorotUniform", "RandomUniform" }
            .SelectMany(n => new[] { (n, EngineKind.Keras), (n, EngineKind.Torch) }),
    ];

    [Theory]
    [MemberData(nameof(Initializers_))]
    public void InitializerDrawsHaveKerasBoundAndSpread(string label, EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        var (initializer, std, bound) = Expected(label);
        var dense = Layers.Dense(FanOut, kernelInitializer: initializer);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([FanIn]), dense], engine: engine);
        var kernel = ((float[,])model.GetLayerWeights(dense.Name)[0]).Cast<float>().Select(v => (double)v).ToArray();
        Assert.Equal(FanIn * FanOut, kernel.Length);
        Assert.All(kernel, v => Assert.True(Math.Abs(v) <= bound * (1 + 1e-6), $"{label}: |{v}| > {bound}"));
        var mean = kernel.Average();
        var measured = Math.Sqrt(kernel.Sum(v => (v - mean) * (v - mean)) / kernel.Length);
        Assert.True(Math.Abs(measured - std) <= 0.1 * std, $"{label} on {engine}: stddev {measured}, Keras's {std}");
        Assert.True(Math.Abs(mean) <= 0.1 * std, $"{label} on {engine}: mean {mean}");
    }

    public static TheoryData<EngineKind> Engines() => [EngineKind.Keras, EngineKind.Torch];

    [Theory]
    [MemberData(nameof(Engines))]
    public void TypedLossAndMetricsEqualWhatThePredictionsGive(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        var random = new Random(11);
        var x = new float[24, 3];
        var binary = new float[24, 1];
        var classes = new float[24];
        for (var i = 0; i < 24; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                x[i, j] = (float)(random.NextDouble() * 2 - 1);
            }
            binary[i, 0] = x[i, 0] > 0 ? 1 : 0;
            classes[i] = i % 3;
        }

        using var regression = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), Layers.Dense(1, activation: "sigmoid")], engine: engine);
        regression.Compile("adam", Losses.MeanAbsoluteError(), [Metrics.BinaryAccuracy(), Metrics.MeanAbsoluteError()]);
        regression.Fit(x, binary, epochs: 2, batchSize: 8);
        var p = regression.Predict(x);
        var scores = regression.Evaluate(x, binary, batchSize: 24);
        var mae = Enumerable.Range(0, 24).Average(i => Math.Abs(binary[i, 0] - p[i, 0]));
        var accuracy = Enumerable.Range(0, 24).Average(i => (p[i, 0] > 0.5f ? 1 : 0) == binary[i, 0] ? 1.0 : 0.0);
        Assert.Equal(mae, scores["loss"], 1e-5);
        Assert.Equal(mae, scores["mean_absolute_error"], 1e-5);
        Assert.Equal(accuracy, scores["binary_accuracy"], 1e-6);

        using var classifier = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), Layers.Dense(3, activation: "softmax")], engine: engine);
        classifier.Compile("adam", Losses.SparseCategoricalCrossentropy(), [Metrics.SparseCategoricalAccuracy()]);
        classifier.Fit(x, classes, epochs: 1, batchSize: 8);
        var q = classifier.Predict(x);
        var sparse = classifier.Evaluate(x, classes, batchSize: 24);
        var expected = Enumerable.Range(0, 24).Average(i => TestData.ArgMax(q, i) == (int)classes[i] ? 1.0 : 0.0);
        Assert.Equal(expected, sparse["sparse_categorical_accuracy"], 1e-6);
    }
}
