using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>Callbacks written in C#: hook order and logs, StopTraining, the model from a hook, exceptions.</summary>
public sealed class CustomCallbackTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = [];

        public List<IReadOnlyDictionary<string, double>> BatchLogs { get; } = [];

        public int? StopAfterEpoch { get; init; }

        public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => Calls.Add($"train_begin {logs.Count}");

        public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Calls.Add($"train_end {string.Join(",", logs.Keys)}");

        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => Calls.Add($"epoch_begin {epoch}");

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            Calls.Add($"epoch_end {epoch} {string.Join(",", logs.Keys)}");
            if (epoch == StopAfterEpoch)
            {
                Model!.StopTraining = true;
            }
        }

        public override void OnBatchBegin(int batch, IReadOnlyDictionary<string, double> logs) => Calls.Add($"batch_begin {batch}");

        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Calls.Add($"batch_end {batch}");
            BatchLogs.Add(logs);
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void HooksRunInKerasOrderWithKerasLogsAndStopTrainingEndsTheFit(EngineKind engine)
    {
        Require(engine);
        var recorder = new Recorder { StopAfterEpoch = 1 };
        using var model = Classifier(engine);
        var history = model.Fit(X(), Y(), epochs: 5, batchSize: 20, validationSplit: 0.25, shuffle: false, callbacks: [recorder]);

        Assert.Same(model, recorder.Model);
        Assert.Equal([0, 1], history.Epoch);
        Assert.True(history.StoppedEarly);
        string[] epoch(int e) => [$"epoch_begin {e}", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "batch_begin 2", "batch_end 2",
            $"epoch_end {e} accuracy,loss,val_accuracy,val_loss"];
        Assert.Equal(["train_begin 0", .. epoch(0), .. epoch(1), "train_end accuracy,loss,val_accuracy,val_loss"], recorder.Calls);

        // Batch logs are the epoch's running means: the last batch's are the epoch's training values.
        Assert.Equal(["accuracy", "loss"], recorder.BatchLogs[2].Keys);
        AssertClose(history["loss"][0], recorder.BatchLogs[2]["loss"], "last batch running loss");
        AssertClose(history["accuracy"][1], recorder.BatchLogs[5]["accuracy"], "last batch running accuracy");
        Assert.NotEqual(recorder.BatchLogs[0]["loss"], recorder.BatchLogs[2]["loss"]);
    }

    private sealed class Thrower(Exception error) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (epoch == 1)
            {
                throw error;
            }
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void AnExceptionFromAHookReachesTheFitCallerAsItself(EngineKind engine)
    {
        Require(engine);
        var error = new TimeoutException("thrown by the callback");
        using var model = Classifier(engine);
        var thrown = Assert.Throws<TimeoutException>(() => model.Fit(X(), Y(), epochs: 4, batchSize: 20, shuffle: false, callbacks: [new Thrower(error)]));
        Assert.Same(error, thrown);
        // The model is usable afterwards, and trains again.
        Assert.Equal(3, model.Predict(X()).GetLength(1));
        Assert.Equal([0, 1], model.Fit(X(), Y(), epochs: 2, batchSize: 20, shuffle: false).Epoch);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void AnExceptionFromAScheduleReachesTheFitCallerAsItself(EngineKind engine)
    {
        Require(engine);
        var error = new ArgumentException("bad epoch", "epoch");
        using var model = Classifier(engine);
        var thrown = Assert.Throws<ArgumentException>(() => model.Fit(X(), Y(), epochs: 4, batchSize: 20, shuffle: false,
            callbacks: [Callbacks.LearningRateScheduler((epoch, rate) => epoch == 2 ? throw error : rate)]));
        Assert.Same(error, thrown);
    }

    private sealed class ModelUser : Callback
    {
        public List<double> Losses { get; } = [];

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            // The model's own methods work from a hook (the Fit holds the model, and waits for this thread).
            Losses.Add(Model!.Evaluate(X(), Y(), batchSize: 60)["loss"]);
            Assert.Throws<InvalidOperationException>(() => Model.Fit(X(), Y()));
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void HooksMayUseTheModelButNotFitIt(EngineKind engine)
    {
        Require(engine);
        var user = new ModelUser();
        using var model = Classifier(engine);
        model.Fit(X(), Y(), epochs: 2, batchSize: 20, shuffle: false, callbacks: [user]);
        Assert.Equal(2, user.Losses.Count);
        AssertClose(user.Losses[1], model.Evaluate(X(), Y(), batchSize: 60)["loss"], "evaluate from the last hook");
    }

    [Fact]
    public void BuiltInAndCSharpCallbacksShareTheLogsInListOrder()
    {
        var seen = new List<string>();
        using var model = Classifier(EngineKind.Torch);
        model.Fit(X(), Y(), epochs: 1, batchSize: 20, shuffle: false,
            callbacks: [new KeysSeen(seen), Callbacks.ReduceLROnPlateau(monitor: "loss"), new KeysSeen(seen)]);
        // One dict per hook, as Keras's CallbackList passes it: ReduceLROnPlateau adds learning_rate at its end.
        Assert.Equal(["accuracy,loss", "accuracy,loss,learning_rate"], seen);
    }

    private sealed class KeysSeen(List<string> seen) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => seen.Add(string.Join(",", logs.Keys));
    }
}
