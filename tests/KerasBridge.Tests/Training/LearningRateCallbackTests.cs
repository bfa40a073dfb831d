using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>ReduceLROnPlateau and LearningRateScheduler: the "learning_rate" History series on both engines, held
/// against Keras's rules replayed here and against real Keras's run.</summary>
public sealed class LearningRateCallbackTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static History FitWithPlateau(EngineKind engine)
    {
        using var model = Classifier(engine, Optimizers.Adam(learningRate: 0.1));
        return model.Fit(X(), Y(), epochs: 10, batchSize: 16, validationSplit: 0.25, shuffle: false,
            callbacks: [Callbacks.ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, cooldown: 1, minLr: 0.02)]);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void ReduceLROnPlateauFollowsKerasRule(EngineKind engine)
    {
        Require(engine);
        var history = FitWithPlateau(engine);
        var learningRates = history["learning_rate"];
        var valLoss = history["val_loss"];

        // keras/src/callbacks/reduce_lr_on_plateau.py: logs get the rate in force, then the plateau rule runs.
        var lr = (double)(float)0.1;
        double? best = null;
        int wait = 0, cooldownCounter = 0;
        for (var epoch = 0; epoch < valLoss.Count; epoch++)
        {
            Assert.Equal(lr, learningRates[epoch]);
            if (cooldownCounter > 0)
            {
                cooldownCounter--;
                wait = 0;
            }
            if (best is null || valLoss[epoch] + 1e-4 < best)
            {
                best = valLoss[epoch];
                wait = 0;
            }
            else if (cooldownCounter == 0 && ++wait >= 1 && lr > (float)0.02)
            {
                lr = (float)Math.Max(lr * 0.5, 0.02);
                cooldownCounter = 1;
                wait = 0;
            }
        }
        Assert.True(learningRates.Distinct().Count() >= 3, $"the rate was reduced at least twice: {string.Join(", ", learningRates)}");
    }

    [Fact]
    public void ReduceLROnPlateauOnTorchEqualsKeras()
    {
        Require(EngineKind.Keras);
        AssertSameHistory(FitWithPlateau(EngineKind.Keras), FitWithPlateau(EngineKind.Torch));
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void LearningRateSchedulerSetsTheRateFromCSharp(EngineKind engine)
    {
        Require(engine);
        var seen = new List<(int Epoch, double Rate)>();
        using var model = Classifier(engine);
        var history = model.Fit(X(), Y(), epochs: 4, batchSize: 16, shuffle: false,
            callbacks: [Callbacks.LearningRateScheduler((epoch, rate) =>
            {
                seen.Add((epoch, rate));
                return epoch == 0 ? rate : rate * 0.5;
            })]);

        // Each epoch starts with schedule(epoch, current float32 rate); its logs carry the rate it trained with.
        double[] expected = [(float)0.1, (float)((float)0.1 * 0.5), (float)((float)((float)0.1 * 0.5) * 0.5), 0];
        expected[3] = (float)(expected[2] * 0.5);
        Assert.Equal(expected, history["learning_rate"]);
        Assert.Equal([0, 1, 2, 3], seen.Select(s => s.Epoch));
        Assert.Equal(expected[0], seen[0].Rate);
        Assert.Equal(expected[..3], seen.Skip(1).Select(s => s.Rate));
    }

    [Fact]
    public void LearningRateSchedulerOnTorchEqualsKeras()
    {
        Require(EngineKind.Keras);
        History Run(EngineKind engine)
        {
            using var model = Classifier(engine, Optimizers.Adam(learningRate: 0.05));
            return model.Fit(X(), Y(), epochs: 5, batchSize: 16, validationSplit: 0.2, shuffle: false,
                callbacks: [Callbacks.LearningRateScheduler((epoch, rate) => epoch < 2 ? rate : rate * Math.Exp(-0.3))]);
        }
        AssertSameHistory(Run(EngineKind.Keras), Run(EngineKind.Torch));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.ReduceLROnPlateau(factor: 1.0)).ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.ReduceLROnPlateau(patience: -1)).ParamName);
        Assert.Equal("schedule", Assert.Throws<ArgumentNullException>(() => Callbacks.LearningRateScheduler(null!)).ParamName);
    }
}
