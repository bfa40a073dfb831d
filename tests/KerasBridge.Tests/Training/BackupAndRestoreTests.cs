using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// BackupAndRestore on both engines: a Fit interrupted by an error resumes, in a new model, from the last backup
/// (weights, optimizer state, epoch) to the weights of an uninterrupted run; one engine's backup resumes on the other.
/// </summary>
public sealed class BackupAndRestoreTests
{
    public static TheoryData<EngineKind, EngineKind> EnginePairs() => new()
    {
        { EngineKind.Torch, EngineKind.Torch },
        { EngineKind.Keras, EngineKind.Keras },
        { EngineKind.Torch, EngineKind.Keras },
        { EngineKind.Keras, EngineKind.Torch },
    };

    private sealed class Interrupt(int atEpoch) : Callback
    {
        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (epoch == atEpoch)
            {
                throw new TimeoutException("the machine went away");
            }
        }
    }

    [Theory]
    [MemberData(nameof(EnginePairs))]
    public void AnInterruptedFitResumesFromTheBackupToTheUninterruptedWeights(EngineKind writer, EngineKind reader)
    {
        Require(writer);
        Require(reader);
        var dir = Path.Combine(Path.GetTempPath(), $"kb-backup-{Guid.NewGuid():N}");
        var adam = () => Optimizers.Adam(learningRate: 0.02);
        using var whole = Classifier(reader, adam());
        var expected = whole.Fit(X(), Y(), epochs: 4, batchSize: 20, shuffle: false);

        using (var first = Classifier(writer, adam()))
        {
            Assert.Throws<TimeoutException>(() => first.Fit(X(), Y(), epochs: 4, batchSize: 20, shuffle: false,
                callbacks: [Callbacks.BackupAndRestore(dir), new Interrupt(2)]));
        }
        Assert.Equal("""{"epoch": 2, "batch": 0}""", File.ReadAllText(Path.Combine(dir, "training_metadata.json")));

        using var resumed = Classifier(reader, adam());
        var history = resumed.Fit(X(), Y(), epochs: 4, batchSize: 20, shuffle: false, callbacks: [Callbacks.BackupAndRestore(dir)]);
        Assert.Equal([2, 3], history.Epoch);
        for (var e = 0; e < 2; e++)
        {
            AssertClose(expected["loss"][e + 2], history["loss"][e], $"loss of epoch {e + 2}");
        }
        var (want, got) = (whole.GetWeights(), resumed.GetWeights());
        for (var w = 0; w < want.Count; w++)
        {
            var (a, b) = (want[w].Cast<float>().ToArray(), got[w].Cast<float>().ToArray());
            for (var k = 0; k < a.Length; k++)
            {
                AssertClose(a[k], b[k], $"weight {w}[{k}]");
            }
        }
        Assert.False(Directory.Exists(dir), "a completed Fit deletes the backup");
    }

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        Assert.Equal("backupDir", Assert.Throws<ArgumentException>(() => Callbacks.BackupAndRestore(" ")).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.BackupAndRestore("b", saveFreq: 0));
        Assert.Equal("saveFreq", e.ParamName);
        Assert.Contains(">= 1", e.Message);
    }
}
