using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The typed top-k, F-score, confusion-count, rate-at-rate and IoU metrics on both engines, driven from C#: Evaluate (in batches
/// of 7, so the states accumulate) equals the same quantities computed here from the predictions; vector-valued metrics come
/// back in <see cref="History.Vectors"/> and <see cref="EvaluationResult.Vectors"/>; and the PyTorch engine's fit history equals
/// the Keras engine's at 1e-4 relative.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClassificationMetricsTests
{
    private const int Rows = 28, Classes = 3;

    private static (float[,] X, float[,] Y) Data()
    {
        var x = TestData.RandomRows(Rows, 4, seed: 5);
        var y = new float[Rows, Classes];
        for (var i = 0; i < Rows; i++)
        {
            y[i, (i * 7 + (x[i, 0] > 0 ? 1 : 0)) % Classes] = 1;
        }
        return (x, y);
    }

    private static Model Classifier(EngineKind engine)
    {
        var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4]), Layers.Dense(Classes, activation: "softmax")], engine: engine);
        var kernel = new float[4, Classes];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < Classes; j++)
            {
                kernel[i, j] = (float)Math.Sin(3 * i + j + 1);
            }
        }
        model.SetWeights([kernel, new float[] { 0.1f, -0.2f, 0.05f }]);
        return model;
    }

    private static List<Metric> Compiled() =>
    [
        Metrics.TopKCategoricalAccuracy(k: 2), Metrics.F1Score(), Metrics.F1Score(average: "macro", name: "f1_macro"),
        Metrics.FBetaScore(average: "micro", beta: 2.0, threshold: 0.4), Metrics.TruePositives([0.3, 0.6]), Metrics.FalseNegatives(),
        Metrics.PrecisionAtRecall(0.5, numThresholds: 50, classId: 1), Metrics.SensitivityAtSpecificity(0.6, classId: 0),
        Metrics.OneHotMeanIoU(Classes), Metrics.OneHotIoU(Classes, [0, 2], name: "iou_02"), Metrics.MeanIoU(Classes, sparseYTrue: false, sparseYPred: false),
        "true_positives",
    ];

    public static TheoryData<EngineKind> Engines() => [EngineKind.Keras, EngineKind.Torch];

    [Theory]
    [MemberData(nameof(Engines))]
    public void EvaluateEqualsWhatThePredictionsGive(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        var (x, y) = Data();
        using var model = Classifier(engine);
        model.Compile("sgd", "categorical_crossentropy", Compiled());
        var p = model.Predict(x);
        var scores = model.Evaluate(x, y, batchSize: 7);
        var truth = Enumerable.Range(0, Rows).Select(i => Enumerable.Range(0, Classes).First(c => y[i, c] == 1)).ToArray();
        var predicted = Enumerable.Range(0, Rows).Select(i => TestData.ArgMax(p, i)).ToArray();

        // Top-2: the true class's score is at least the second largest.
        var topK = Enumerable.Range(0, Rows).Average(i => Enumerable.Range(0, Classes).Count(c => p[i, c] > p[i, truth[i]]) < 2 ? 1.0 : 0.0);
        Assert.Equal(topK, scores["top_k_categorical_accuracy"], 1e-6);

        // F1 per class from the arg-max predictions, with Keras's epsilon.
        var f1 = Enumerable.Range(0, Classes).Select(c =>
        {
            double tp = Enumerable.Range(0, Rows).Count(i => predicted[i] == c && truth[i] == c);
            double fp = Enumerable.Range(0, Rows).Count(i => predicted[i] == c && truth[i] != c);
            double fn = Enumerable.Range(0, Rows).Count(i => predicted[i] != c && truth[i] == c);
            double precision = tp / (tp + fp + 1e-7), recall = tp / (tp + fn + 1e-7);
            return 2 * precision * recall / (precision + recall + 1e-7);
        }).ToList();
        AssertVector(f1, scores.Vectors["f1_score"], "f1_score");
        Assert.Equal(f1.Average(), scores["f1_macro"], 1e-5);
        Assert.DoesNotContain("f1_score", scores.Names);

        // Counts over every entry of the one-hot targets.
        double Count(Func<int, int, bool> which) => Enumerable.Range(0, Rows).Sum(i => Enumerable.Range(0, Classes).Count(c => which(i, c)));
        AssertVector([Count((i, c) => y[i, c] == 1 && p[i, c] > 0.3f), Count((i, c) => y[i, c] == 1 && p[i, c] > 0.6f)],
            scores.Vectors["true_positives"], "true_positives");
        Assert.Equal(Count((i, c) => y[i, c] == 1 && p[i, c] > 0.5f), scores["true_positives_1"], 1e-6);
        Assert.Equal(Count((i, c) => y[i, c] == 1 && !(p[i, c] > 0.5f)), scores["false_negatives"], 1e-6);

        // Mean IoU of the arg-max classes over the classes that occur.
        var iou = Enumerable.Range(0, Classes).Select(c =>
        {
            double both = Enumerable.Range(0, Rows).Count(i => predicted[i] == c && truth[i] == c);
            double union = Enumerable.Range(0, Rows).Count(i => predicted[i] == c || truth[i] == c);
            return (Union: union, Value: union > 0 ? both / (union + 1e-7) : 0.0);
        }).ToList();
        var valid = iou.Count(v => v.Union > 0);
        Assert.Equal(iou.Sum(v => v.Value) / (valid + 1e-7), scores["one_hot_mean_io_u"], 1e-5);
        Assert.Equal(scores["one_hot_mean_io_u"], scores["mean_io_u"], 1e-7);
        var pair = new[] { iou[0], iou[2] };
        Assert.Equal(pair.Sum(v => v.Value) / (pair.Count(v => v.Union > 0) + 1e-7), scores["iou_02"], 1e-5);
        Assert.InRange(scores["precision_at_recall"], 0.0, 1.0);
        Assert.InRange(scores["sensitivity_at_specificity"], 0.0, 1.0);
    }

    [Fact]
    public void TorchEngineFitHistoryEqualsKerasEngine()
    {
        EngineSupport.RequireKeras();
        var (x, y) = Data();
        History Run(EngineKind engine)
        {
            using var model = Classifier(engine);
            model.Compile(Optimizers.SGD(learningRate: 0.5), "categorical_crossentropy", Compiled());
            return model.Fit(x, y, epochs: 2, batchSize: 7, shuffle: false);
        }
        var keras = Run(EngineKind.Keras);
        var torch = Run(EngineKind.Torch);
        Assert.Equal(keras.Keys.Order(StringComparer.Ordinal), torch.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(keras.Vectors.Keys.Order(StringComparer.Ordinal), torch.Vectors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["f1_score", "true_positives"], torch.Vectors.Keys.Order(StringComparer.Ordinal));
        foreach (var key in keras.Keys)
        {
            for (var epoch = 0; epoch < 2; epoch++)
            {
                AssertClose(keras[key][epoch], torch[key][epoch], $"{key}[{epoch}]");
            }
        }
        foreach (var (key, series) in keras.Vectors)
        {
            Assert.Equal(2, series.Count);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                AssertVector(series[epoch], torch.Vectors[key][epoch], $"{key}[{epoch}]");
            }
        }
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingTheArgument()
    {
        Assert.Equal("targetClassIds", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.IoU(3, [0, 3])).ParamName);
        Assert.Equal("targetClassIds", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.BinaryIoU([2])).ParamName);
        Assert.Equal("numClasses", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.MeanIoU(0)).ParamName);
        Assert.Equal("recall", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.PrecisionAtRecall(1.5)).ParamName);
        Assert.Equal("numThresholds", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.SpecificityAtSensitivity(0.5, numThresholds: 0)).ParamName);
        Assert.Equal("classId", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.RecallAtPrecision(0.5, classId: -1)).ParamName);
        var thresholds = Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.TruePositives([0.2, 1.2]));
        Assert.Equal("thresholds", thresholds.ParamName);
        Assert.Contains("got 1.2", thresholds.Message);
        Assert.Equal("thresholds", Assert.Throws<ArgumentException>(() => Metrics.FalseNegatives([])).ParamName);
    }

    private static void AssertVector(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertClose(expected[i], actual[i], $"{what}[{i}]");
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(Math.Abs(expected), 1e-2), $"{what}: {actual} != {expected}");
}
