using KerasBridge.Tests.Support;
using KerasBridge.Tests.Training;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The typed Dice, Tversky, focal, generalized-crossentropy and Circle losses and the correlation metrics on both engines, each
/// evaluated in one batch and held against Keras's formula computed here from the model's predictions (keras/src/losses/losses.py,
/// keras/src/metrics/correlation_metrics.py); and their string names.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OverlapLossesAndCorrelationTests
{
    private const int Rows = 24, Units = 3;
    private const double Epsilon = 1e-7;

    public static TheoryData<EngineKind> Engines() => [EngineKind.Keras, EngineKind.Torch];

    private static (float[,] X, float[,] Soft, float[] Classes) Data()
    {
        var random = new Random(5);
        var x = new float[Rows, Units];
        var soft = new float[Rows, Units];
        var classes = new float[Rows];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Units; j++)
            {
                x[i, j] = (float)(random.NextDouble() * 2 - 1);
                soft[i, j] = (float)random.NextDouble(); // soft targets in [0, 1): no row is constant (Pearson's std)
            }
            classes[i] = i % Units;
        }
        return (x, soft, classes);
    }

    private static Model NewModel(EngineKind engine, string activation)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([Units]), Layers.Dense(Units, activation: activation)], engine: engine);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void DiceTverskyAndCorrelationsEqualKerasFormulas(EngineKind engine)
    {
        var (x, y, _) = Data();
        using var model = NewModel(engine, "sigmoid");
        model.Compile("adam", Losses.Dice(), [Metrics.PearsonCorrelation(), Metrics.ConcordanceCorrelation(name: "ccc")]);
        model.Fit(x, y, epochs: 1, batchSize: 8);
        var p = model.Predict(x);
        var scores = model.Evaluate(x, y, batchSize: Rows);
        double inter = 0, sumTrue = 0, sumPred = 0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Units; j++)
            {
                inter += y[i, j] * p[i, j];
                sumTrue += y[i, j];
                sumPred += p[i, j];
            }
        }
        CallbackTestModels.AssertClose(1 - 2 * inter / (sumTrue + sumPred + Epsilon), scores["loss"], "dice");
        CallbackTestModels.AssertClose(Enumerable.Range(0, Rows).Average(i => Pearson(y, p, i)), scores["pearson_correlation"], "pearson");
        CallbackTestModels.AssertClose(Enumerable.Range(0, Rows).Average(i => Concordance(y, p, i)), scores["ccc"], "concordance");

        model.Compile("adam", Losses.Tversky(alpha: 0.3, beta: 0.7, axis: [1], reduction: "sum"));
        var tversky = Enumerable.Range(0, Rows).Sum(i =>
        {
            double tp = 0, fp = 0, fn = 0;
            for (var j = 0; j < Units; j++)
            {
                tp += y[i, j] * p[i, j];
                fp += (1 - p[i, j]) * y[i, j];
                fn += p[i, j] * (1 - y[i, j]);
            }
            return 1 - tp / (tp + 0.3 * fp + 0.7 * fn + Epsilon);
        });
        CallbackTestModels.AssertClose(tversky, model.Evaluate(x, y, batchSize: Rows)["loss"], "tversky");

        model.Compile("adam", Losses.BinaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.4, gamma: 1.5));
        var focal = Enumerable.Range(0, Rows).Average(i => Enumerable.Range(0, Units).Average(j =>
        {
            double t = y[i, j], q = Math.Clamp(p[i, j], Epsilon, 1 - Epsilon);
            var bce = -(t * Math.Log(q) + (1 - t) * Math.Log(1 - q));
            var pt = t * p[i, j] + (1 - t) * (1 - p[i, j]);
            return (t * 0.4 + (1 - t) * 0.6) * Math.Pow(1 - pt, 1.5) * bce;
        }));
        CallbackTestModels.AssertClose(focal, model.Evaluate(x, y, batchSize: Rows)["loss"], "binary focal");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void GeneralizedCrossEntropyAndCircleTrainOnClassIds(EngineKind engine)
    {
        var (x, _, classes) = Data();
        using var model = NewModel(engine, "softmax");
        model.Compile("adam", Losses.CategoricalGeneralizedCrossEntropy(q: 0.7));
        var history = model.Fit(x, classes, epochs: 3, batchSize: 8);
        Assert.True(history["loss"][2] < history["loss"][0], $"{engine}: the loss did not fall: {string.Join(", ", history["loss"])}");
        var p = model.Predict(x);
        var expected = Enumerable.Range(0, Rows).Average(i => (1 - Math.Pow(p[i, (int)classes[i]], 0.7)) / 0.7);
        CallbackTestModels.AssertClose(expected, model.Evaluate(x, classes, batchSize: Rows)["loss"], "generalized crossentropy");

        // Circle: every sample has positives (the same id) and negatives in the batch; the loss is positive and falls.
        using var embedding = NewModel(engine, "tanh");
        embedding.Compile("adam", Losses.Circle(gamma: 8.0, margin: 0.25));
        var circle = embedding.Fit(x, classes, epochs: 3, batchSize: Rows);
        Assert.True(circle["loss"][0] > 0 && circle["loss"][2] < circle["loss"][0], $"{engine}: {string.Join(", ", circle["loss"])}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void StringNamesCompileOnBothEngines(EngineKind engine)
    {
        var (x, y, _) = Data();
        using var model = NewModel(engine, "sigmoid");
        foreach (var loss in new[] { "binary_focal_crossentropy", "dice", "tversky" })
        {
            model.Compile("adam", loss, ["hinge", "squared_hinge", "kl_divergence", "poisson", "mape", "msle", "log_cosh_error",
                "cosine_similarity", "r2_score", "pearson_correlation", "concordance_correlation"]);
            var scores = model.Evaluate(x, y, batchSize: 8);
            Assert.True(double.IsFinite(scores["loss"]), $"{loss} on {engine}");
            Assert.Equal(12, scores.Count);
        }
    }

    [Fact]
    public void BadOptionsAreRefusedInCSharp()
    {
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CategoricalGeneralizedCrossEntropy(q: 1.0)).ParamName);
        Assert.Equal("axis", Assert.Throws<ArgumentException>(() => Losses.Dice(axis: [])).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Circle(gamma: double.NaN)).ParamName);
        Assert.Equal("reduction", Assert.Throws<ArgumentException>(() => Losses.Dice(reduction: "none")).ParamName);
        Assert.Equal("dice", Loss.Parse("dice").Name);
        Assert.Equal("pearson_correlation", Metric.Parse("pearson_correlation").Name);
    }

    private static double Pearson(float[,] y, float[,] p, int i)
    {
        var (t, q) = Centered(y, p, i);
        double st = Std(t), sq = Std(q);
        return Enumerable.Range(0, Units).Average(j => t[j] / st * (q[j] / sq));
    }

    private static double Concordance(float[,] y, float[,] p, int i)
    {
        var meanTrue = Enumerable.Range(0, Units).Average(j => (double)y[i, j]);
        var meanPred = Enumerable.Range(0, Units).Average(j => (double)p[i, j]);
        var (t, q) = Centered(y, p, i);
        var norm = Std(t) * Std(t) + Std(q) * Std(q) + (meanTrue - meanPred) * (meanTrue - meanPred);
        // As Keras 3.15.1 writes it: y_true centred on the predictions' mean (the same covariance).
        return Enumerable.Range(0, Units).Average(j => 2 * (y[i, j] - meanPred) * (p[i, j] - meanPred) / (norm + Epsilon));
    }

    private static (double[] True, double[] Pred) Centered(float[,] y, float[,] p, int i)
    {
        var meanTrue = Enumerable.Range(0, Units).Average(j => (double)y[i, j]);
        var meanPred = Enumerable.Range(0, Units).Average(j => (double)p[i, j]);
        return (Enumerable.Range(0, Units).Select(j => y[i, j] - meanTrue).ToArray(), Enumerable.Range(0, Units).Select(j => p[i, j] - meanPred).ToArray());
    }

    private static double Std(double[] centered) => Math.Sqrt(centered.Average(v => v * v));
}
