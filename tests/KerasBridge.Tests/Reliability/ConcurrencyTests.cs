using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Reliability;

/// <summary>Many threads at once: no deadlock, the same answers as a serial run, never a corrupted model.</summary>
public sealed class ConcurrencyTests
{
    private static float[,] Rows(int n, int features, int seed) => TestData.RandomRows(n, features, seed);

    [Fact]
    public async Task EightThreadsPredictWhileAnotherThreadTrainsASecondModel()
    {
        using var shared = Sequential([Input(shape: [6]), Layers.Dense(16, activation: "relu"), Layers.Dense(2)], engine: EngineKind.Torch);
        var inputs = Enumerable.Range(0, 8).Select(i => Rows(50 + i, 6, seed: i)).ToArray();
        var serial = inputs.Select(x => shared.Predict(x)).ToArray();

        using var trained = Sequential([Input(shape: [6]), Layers.Dense(32, activation: "relu"), Layers.Dense(1)], engine: EngineKind.Torch);
        trained.Compile(optimizer: "adam", loss: "mse");
        var trainX = Rows(2000, 6, seed: 99);
        var trainY = Rows(2000, 1, seed: 100);
        var training = Task.Factory.StartNew(() => trained.Fit(trainX, trainY, epochs: 5, batchSize: 16), TaskCreationOptions.LongRunning);

        var results = new float[8][][,];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            results[t] = Enumerable.Range(0, 20).Select(_ => shared.Predict(inputs[t])).ToArray();
        })).ToList();
        threads.ForEach(t => t.Start());
        // Hang guards, not timing assertions: a deadlock fails the test instead of stalling the run.
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromMinutes(3)), "a predicting thread deadlocked"));
        var history = await training.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        for (var t = 0; t < 8; t++)
        {
            Assert.All(results[t], r => Assert.Equal(serial[t], r));
        }
        Assert.Equal(5, history.Epoch.Count);
    }

    [Fact]
    public async Task PredictOnAModelThatIsTrainingIsRefusedClearly()
    {
        using var model = Sequential([Input(shape: [6]), Layers.Dense(64, activation: "relu"), Layers.Dense(1)], engine: EngineKind.Torch);
        model.Compile(optimizer: "adam", loss: "mse");
        var x = Rows(4000, 6, seed: 1);
        var y = Rows(4000, 1, seed: 2);
        using var started = new ManualResetEventSlim();
        using var cts = new CancellationTokenSource();
        var training = Task.Factory.StartNew(() => model.Fit(x, y, epochs: 1000, batchSize: 8,
            progress: new KerasBridge.Tests.Keras.SynchronousProgress<EpochProgress>(_ => started.Set()), cancellationToken: cts.Token), TaskCreationOptions.LongRunning);
        Assert.True(started.Wait(TimeSpan.FromMinutes(2)), "training did not start");

        var e = Assert.Throws<InvalidOperationException>(() => model.Predict(Rows(3, 6, seed: 3)));
        Assert.Contains("while it is training", e.Message);
        Assert.Contains(model.Name, e.Message);
        var second = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y));
        Assert.Contains("while it is training", second.Message);

        cts.Cancel();
        var history = await training.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        Assert.True(history.Cancelled);
        Assert.Equal(3, model.Predict(Rows(3, 6, seed: 3)).GetLength(0));
    }
}
