using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>The lesson's workflows written once and run on each engine (by the torch and keras test classes).</summary>
internal static class LessonWorkflows
{
    public static void Penguins(EngineKind engine)
    {
        var data = TestData.LoadPenguins();
        var x = data.Standardized();
        var y = data.OneHot();
        var (xTrain, xTest, yTrain, yTest) = Sklearn.TrainTestSplit(x, y, testSize: 0.2, randomState: 0, shuffle: true, stratify: y);
        Assert.Equal(67, xTest.GetLength(0));

        Engine.Get(engine).SetRandomSeed(2);
        // The lesson's episode-2 model, in its Functional form, line for line.
        var inputs = Input(shape: [xTrain.GetLength(1)]);
        var hiddenLayer = Layers.Dense(10, activation: "relu").Apply(inputs);
        var outputLayer = Layers.Dense(3, activation: "softmax").Apply(hiddenLayer);
        using var model = Model(inputs: inputs, outputs: outputLayer, engine: engine);
        Assert.Equal(engine, model.Engine.Kind);
        model.Compile(optimizer: "adam", loss: Losses.CategoricalCrossentropy(), metrics: ["accuracy"]);
        var reports = new List<EpochProgress>();
        var history = model.Fit(xTrain, yTrain, epochs: 100, batchSize: 32, validationSplit: 0.2, progress: new SynchronousProgress<EpochProgress>(reports.Add));

        Assert.Equal(Enumerable.Range(0, 100), history.Epoch);
        Assert.Equal(["accuracy", "loss", "val_accuracy", "val_loss"], history.Keys.Order(StringComparer.Ordinal));
        Assert.All(history.Values.Values, series => Assert.Equal(100, series.Count));
        Assert.True(history["loss"][^1] < history["loss"][0], "training loss went down");
        Assert.Equal(100, reports.Count);
        Assert.Equal(history["val_loss"][^1], reports[^1].Logs["val_loss"]);
        Assert.Equal(99, reports[^1].Epoch);

        var yPred = model.Predict(xTest);
        Assert.Equal(67, yPred.GetLength(0));
        Assert.Equal(3, yPred.GetLength(1));
        for (var i = 0; i < 67; i++)
        {
            Assert.Equal(1.0, yPred[i, 0] + yPred[i, 1] + yPred[i, 2], 4);
        }
        var correct = Enumerable.Range(0, 67).Count(i => TestData.ArgMax(yPred, i) == TestData.ArgMax(yTest, i));
        var scores = model.Evaluate(xTest, yTest);
        Assert.Equal(["accuracy", "loss"], scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(correct / 67.0, scores["accuracy"], 5);
        Assert.True(scores["accuracy"] >= 0.9, $"test accuracy {scores["accuracy"]} should be at least 0.9 with standardized features");

        using var dir = new TempDirectory();
        var file = dir.Combine("my_first_model.keras");
        model.Save(file);
        using var again = Models.LoadModel(file, engine: engine);
        Assert.Equal(yPred, again.Predict(xTest));
        Assert.Equal(model.Summary(), again.Summary());
    }

    public static void Regression(EngineKind engine)
    {
        var (x, y) = SyntheticRegression(600, 8, seed: 1);
        var (xTrain, xRest, yTrain, yRest) = Sklearn.TrainTestSplit(x, y, testSize: 0.3, randomState: 0);
        var (xVal, xTest, yVal, yTest) = Sklearn.TrainTestSplit(xRest, yRest, testSize: 0.5, randomState: 0);

        Engine.Get(engine).SetRandomSeed(1);
        using var model = Sequential(
        [
            Input(shape: [8]),
            Layers.Dense(100, activation: Activations.Relu),
            Layers.BatchNormalization(),
            Layers.Dense(50, activation: Activations.Relu),
            Layers.Dropout(0.2),
            Layers.Dense(1),
        ], engine: engine);
        model.Compile(optimizer: Optimizers.Adam(learningRate: 1e-3), loss: "mse", metrics: [Metrics.RootMeanSquaredError()]);
        var history = model.Fit(xTrain, yTrain, epochs: 60, batchSize: 32, validationData: (xVal, yVal),
            callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 10)]);

        Assert.Equal(["loss", "root_mean_squared_error", "val_loss", "val_root_mean_squared_error"], history.Keys.Order(StringComparer.Ordinal));
        Assert.True(history["loss"][^1] < history["loss"][0] / 2, $"loss should go down: {history["loss"][0]} -> {history["loss"][^1]}");
        Assert.True(history["val_loss"].Min() < history["val_loss"][0]);
        Assert.Equal(history.Epoch.Count, history["loss"].Count);
        if (history.StoppedEarly)
        {
            Assert.True(history.Epoch.Count < 60);
        }
        var scores = model.Evaluate(xTest, yTest);
        Assert.Equal(Math.Sqrt(scores["loss"]), scores["root_mean_squared_error"], 3);
        var predictions = model.Predict(xTest);
        Assert.Equal(xTest.GetLength(0), predictions.GetLength(0));
        Assert.Equal(1, predictions.GetLength(1));
    }

    public static void SmallConvolution(EngineKind engine)
    {
        // Two classes of 8×8 images: a bright top half or a bright bottom half, with noise.
        var random = new Random(3);
        const int n = 200;
        var x = new float[n, 8, 8, 1];
        var y = new long[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = i % 2;
            for (var r = 0; r < 8; r++)
            {
                for (var c = 0; c < 8; c++)
                {
                    var bright = (r < 4) == (y[i] == 0);
                    x[i, r, c, 0] = (bright ? 0.8f : 0.1f) + (float)(random.NextDouble() * 0.2);
                }
            }
        }
        Engine.Get(engine).SetRandomSeed(4);
        using var model = Sequential(
        [
            Input(shape: [8, 8, 1]),
            Layers.Conv2D(8, kernelSize: 3, activation: "relu", padding: Padding.Same),
            Layers.MaxPooling2D(poolSize: 2),
            Layers.Conv2D(4, kernelSize: (2, 2), activation: "relu"),
            Layers.GlobalAveragePooling2D(),
            Layers.Dense(2),
        ], engine: engine);
        Assert.Equal(new int?[] { null, 2 }, model.OutputShape);
        model.Compile(optimizer: Optimizers.Adam(learningRate: 0.01), loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        var history = model.Fit(x, y, epochs: 15, batchSize: 16);
        Assert.Equal(["accuracy", "loss"], history.Keys.Order(StringComparer.Ordinal));
        Assert.True(history["loss"][^1] < history["loss"][0]);
        Assert.True(history["accuracy"][^1] > 0.9, $"accuracy {history["accuracy"][^1]}");
        var logits = model.Predict(x);
        Assert.Equal(n, logits.GetLength(0));
    }

    public static void Cancellation(EngineKind engine)
    {
        var (x, y) = SyntheticRegression(2000, 8, seed: 5);
        using var model = Sequential([Input(shape: [8]), Layers.Dense(64, activation: "relu"), Layers.Dense(1)], engine: engine);
        model.Compile(optimizer: "adam", loss: "mse");
        using var cts = new CancellationTokenSource();
        var seen = 0;
        var history = model.Fit(x, y, epochs: 500, batchSize: 8,
            progress: new SynchronousProgress<EpochProgress>(p =>
            {
                if (++seen == 3)
                {
                    cts.Cancel();
                }
            }),
            cancellationToken: cts.Token);

        Assert.True(history.Cancelled);
        // Cancelled during epoch 3 (index 3): epochs 0-2 finished, the 4th stops at its next batch.
        Assert.Equal([0, 1, 2], history.Epoch);
        Assert.Equal(3, history["loss"].Count);
        var predictions = model.Predict(x);
        Assert.Equal(2000, predictions.GetLength(0));
        using var dir = new TempDirectory();
        model.Save(dir.Combine("after-cancel.keras"));
        using var reloaded = Models.LoadModel(dir.Combine("after-cancel.keras"), engine: engine);
        Assert.Equal(predictions, reloaded.Predict(x));
    }

    public static (float[,] X, float[,] Y) SyntheticRegression(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows, features];
        var y = new float[rows, 1];
        for (var i = 0; i < rows; i++)
        {
            double target = 0;
            for (var j = 0; j < features; j++)
            {
                x[i, j] = (float)(random.NextDouble() * 2 - 1);
                target += (j + 1) * x[i, j] + (j % 2 == 0 ? x[i, j] * x[i, j] : 0);
            }
            y[i, 0] = (float)(target + random.NextDouble() * 0.1);
        }
        return (x, y);
    }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
