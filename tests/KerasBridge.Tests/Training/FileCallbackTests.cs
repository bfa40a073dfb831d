using System.Globalization;
using System.Text;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>ModelCheckpoint and CSVLogger on both engines: the files Keras would write, byte for byte where Keras's own
/// format is the reference.</summary>
public sealed class FileCallbackTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ModelCheckpointWritesFormattedFilesThatLoadWithTheSavedWeights(EngineKind engine)
    {
        Require(engine);
        using var dir = new TempDirectory();
        var weightsPattern = Path.Combine(dir.Path, "weights", "w-{epoch:02d}-{val_loss:.3f}.weights.h5");
        var bestModel = Path.Combine(dir.Path, "best.keras");
        var snapshots = new List<IReadOnlyList<Array>>();
        using var model = Classifier(engine, Optimizers.Adam(learningRate: 0.1));
        var history = model.Fit(X(), Y(), epochs: 6, batchSize: 16, validationSplit: 0.25, shuffle: false,
            callbacks:
            [
                Callbacks.ModelCheckpoint(weightsPattern, saveWeightsOnly: true),
                Callbacks.ModelCheckpoint(bestModel, monitor: "val_loss", saveBestOnly: true),
                new WeightRecorder(snapshots),
            ]);

        // One weights file per epoch, named as Python formats {epoch:02d} and {val_loss:.3f}.
        var valLoss = history["val_loss"];
        var expectedNames = valLoss.Select((v, e) => $"w-{e + 1:00}-{v.ToString("F3", CultureInfo.InvariantCulture)}.weights.h5").ToList();
        Assert.Equal(expectedNames.Order(StringComparer.Ordinal), Directory.GetFiles(Path.Combine(dir.Path, "weights")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var reader = Classifier(engine);
        for (var epoch = 0; epoch < valLoss.Count; epoch++)
        {
            reader.LoadWeights(Path.Combine(dir.Path, "weights", expectedNames[epoch]));
            AssertSameWeights(snapshots[epoch], reader.GetWeights());
        }

        // save_best_only: the .keras file holds the best epoch's model.
        var bestEpoch = Enumerable.Range(0, valLoss.Count).MinBy(e => valLoss[e]);
        using var best = Models.LoadModel(bestModel, engine: engine);
        AssertSameWeights(snapshots[bestEpoch], best.GetWeights());
        Assert.True(bestEpoch < valLoss.Count - 1, $"the test needs a best epoch before the last; val_loss: {string.Join(", ", valLoss)}");
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ModelCheckpointSavesEveryNBatchesCountedAcrossEpochs(EngineKind engine)
    {
        Require(engine);
        using var dir = new TempDirectory();
        using var model = Classifier(engine);
        // 45 training samples in batches of 16: 3 batches per epoch, batch numbers restart each epoch.
        model.Fit(X(), Y(), epochs: 2, batchSize: 16, validationSplit: 0.25, shuffle: false,
            callbacks: [Callbacks.ModelCheckpoint(Path.Combine(dir.Path, "b-{epoch}-{batch}.weights.h5"), saveWeightsOnly: true, saveFreq: 2)]);
        Assert.Equal(["b-1-2.weights.h5", "b-2-1.weights.h5", "b-2-3.weights.h5"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var reader = Classifier(engine);
        reader.LoadWeights(dir.Combine("b-2-3.weights.h5"));
        AssertSameWeights(model.GetWeights(), reader.GetWeights());
    }

    [Fact]
    public void ModelCheckpointRefusesPathsKerasRefuses()
    {
        Assert.Equal("filepath", Assert.Throws<ArgumentException>(() => Callbacks.ModelCheckpoint("m.h5")).ParamName);
        Assert.Equal("filepath", Assert.Throws<ArgumentException>(() => Callbacks.ModelCheckpoint("m.keras", saveWeightsOnly: true)).ParamName);
        Assert.Equal("saveFreq", Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.ModelCheckpoint("m.keras", saveFreq: 0)).ParamName);
    }

    private static string LogCsv(EngineKind engine, string path, string separator, bool append, int epochs, double validationSplit)
    {
        using var model = Classifier(engine);
        model.Fit(X(), Y(), epochs: epochs, batchSize: 16, validationSplit: validationSplit, shuffle: false,
            callbacks: [Callbacks.ReduceLROnPlateau(monitor: "loss", patience: 1), Callbacks.CSVLogger(path, separator, append)]);
        return File.ReadAllText(path);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void CSVLoggerWritesKerasFormat(EngineKind engine)
    {
        Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("log.csv");
        var text = LogCsv(engine, path, ";", append: false, epochs: 3, validationSplit: 0.2);
        var lines = text.Split("\r\n");
        Assert.Equal("epoch;accuracy;learning_rate;loss;val_accuracy;val_loss", lines[0]);
        Assert.Equal(5, lines.Length); // header, 3 rows, "" after the last CRLF
        Assert.Equal("", lines[4]);
        Assert.StartsWith("0;", lines[1]);
        Assert.Contains(";0.10000000149011612;", lines[1]); // float32 0.1 written as Python's repr of the float

        // append: no second header; without validation data the val_ columns are Keras's "NA".
        var appended = LogCsv(engine, path, ";", append: true, epochs: 1, validationSplit: 0.2);
        Assert.StartsWith(text, appended, StringComparison.Ordinal);
        Assert.Equal(6, appended.Split("\r\n").Length);
        Assert.Single(appended.Split("\r\n"), l => l.StartsWith("epoch", StringComparison.Ordinal));
        Assert.StartsWith("0;", appended.Split("\r\n")[4]);
        var noValidation = LogCsv(engine, dir.Combine("nv.csv"), ",", append: false, epochs: 1, validationSplit: 0);
        Assert.StartsWith("epoch,accuracy,learning_rate,loss,val_accuracy,val_learning_rate,val_loss\r\n0,", noValidation);
        Assert.EndsWith(",NA,NA,NA\r\n", noValidation);
    }

    [Fact]
    public void CSVLoggerOnTorchEqualsKerasByteForByte()
    {
        Require(EngineKind.Keras);
        using var dir = new TempDirectory();
        LogCsv(EngineKind.Keras, dir.Combine("k.csv"), ",", append: false, epochs: 4, validationSplit: 0.25);
        LogCsv(EngineKind.Torch, dir.Combine("t.csv"), ",", append: false, epochs: 4, validationSplit: 0.25);
        // Same weights, data and arithmetic: the same float32 values, written with the same repr.
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(dir.Combine("k.csv"))), Encoding.UTF8.GetString(File.ReadAllBytes(dir.Combine("t.csv"))));
    }

    private sealed class WeightRecorder(List<IReadOnlyList<Array>> snapshots) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => snapshots.Add(Model!.GetWeights());
    }
}
