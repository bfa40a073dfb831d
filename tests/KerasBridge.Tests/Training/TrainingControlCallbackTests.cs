using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>EarlyStopping and TerminateOnNaN on both engines.</summary>
public sealed class TrainingControlCallbackTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void EarlyStoppingRestoresTheBestEpochAndHonoursBaselineAndStartEpoch(EngineKind engine)
    {
        Require(engine);
        var x = X();
        var y = Y();
        using var model = Classifier(engine, Optimizers.Adam(learningRate: 0.1));
        var history = model.Fit(x, y, epochs: 30, batchSize: 16, validationSplit: 0.25, shuffle: false,
            callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true, minDelta: 1e-3)]);
        var valLoss = history["val_loss"];
        Assert.True(history.StoppedEarly, $"val_loss: {string.Join(", ", valLoss)}");
        var (stop, bestEpoch) = Replay(valLoss, patience: 2, minDelta: 1e-3, baseline: null, startFromEpoch: 0);
        Assert.Equal(valLoss.Count - 1, stop);
        var evaluated = model.Evaluate(Slice(x, 45, 60), y[45..], batchSize: 16);
        AssertClose(valLoss[bestEpoch], evaluated["loss"], "val loss with the restored weights");

        // A baseline and a start epoch change when it stops, as Keras's rule says.
        foreach (var (baseline, start) in new (double?, int)[] { (valLoss.Min() - 0.05, 0), (null, 3), (valLoss[0], 2) })
        {
            using var again = Classifier(engine, Optimizers.Adam(learningRate: 0.1));
            var run = again.Fit(x, y, epochs: 30, batchSize: 16, validationSplit: 0.25, shuffle: false,
                callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 2, minDelta: 1e-3, baseline: baseline, startFromEpoch: start)]);
            var (expectedStop, _) = Replay(run["val_loss"], 2, 1e-3, baseline, start);
            Assert.Equal(expectedStop ?? 29, run.Epoch[^1]);
            Assert.Equal(expectedStop is not null, run.StoppedEarly);
        }
    }

    /// <summary>keras/src/callbacks/early_stopping.py on_epoch_end over a val_loss series: (epoch it stops at, best epoch).</summary>
    private static (int? Stop, int Best) Replay(IReadOnlyList<double> series, int patience, double minDelta, double? baseline, int startFromEpoch)
    {
        double? best = null;
        int wait = 0, bestEpoch = 0;
        for (var epoch = 0; epoch < series.Count; epoch++)
        {
            if (epoch < startFromEpoch)
            {
                continue;
            }
            wait++;
            var current = series[epoch];
            if (best is null || current + minDelta < best)
            {
                best = current;
                bestEpoch = epoch;
                if (baseline is null || current + minDelta < baseline)
                {
                    wait = 0;
                }
                continue;
            }
            if (wait >= patience && epoch > 0)
            {
                return (epoch, bestEpoch);
            }
        }
        return (null, bestEpoch);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void TerminateOnNaNStopsAfterTheBatchThatDiverged(EngineKind engine)
    {
        Require(engine);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input(shape: [4]), Layers.Dense(1)], engine: engine);
        model.Compile(Optimizers.SGD(learningRate: 1e30), "mse");
        var y = new float[CallbackTestModels.Samples, 1];
        for (var i = 0; i < y.Length; i++)
        {
            y[i, 0] = 1e30f;
        }
        var history = model.Fit(X(), y, epochs: 5, batchSize: 4, shuffle: false, callbacks: [Callbacks.TerminateOnNaN()]);
        Assert.Equal([0], history.Epoch);
        Assert.True(history.StoppedEarly);
        Assert.False(double.IsFinite(history["loss"][0]));

        var error = Assert.ThrowsAny<Exception>(() => model.Fit(X(), y, epochs: 2, batchSize: 4, shuffle: false,
            callbacks: [Callbacks.TerminateOnNaN(raiseError: true)]));
        Assert.Contains("NaN or Inf loss encountered at batch 0", error.Message);
    }
}
