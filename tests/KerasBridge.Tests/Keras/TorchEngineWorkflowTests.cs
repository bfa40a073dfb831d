namespace KerasBridge.Tests.Keras;

/// <summary>The lesson's workflows from C# on the PyTorch engine, with real training.</summary>
/// <remarks>Serial: the workflows seed the one Python process's random generator and would draw different initial
/// weights if other tests drew random numbers at the same time.</remarks>
[Collection(KerasBridge.Tests.Support.SerialCollection.Name)]
public sealed class TorchEngineWorkflowTests
{
    [Fact]
    public void PenguinsReachesNinetyPercentWithStandardizedFeatures() => LessonWorkflows.Penguins(EngineKind.Torch);

    [Fact]
    public void RegressionWithValidationEarlyStoppingBatchNormAndDropoutLearns() => LessonWorkflows.Regression(EngineKind.Torch);

    [Fact]
    public void SmallConvolutionalModelLearns() => LessonWorkflows.SmallConvolution(EngineKind.Torch);

    [Fact]
    public void CancellingMidFitKeepsFinishedEpochsAndAUsableModel() => LessonWorkflows.Cancellation(EngineKind.Torch);
}

/// <summary>Utils.SetRandomSeed makes a run repeatable on an engine: same initial weights, shuffles and dropout masks.</summary>
[Collection(KerasBridge.Tests.Support.SerialCollection.Name)]
public sealed class RepeatabilityTests
{
    private static History Run(int seed)
    {
        var (x, y) = LessonWorkflows.SyntheticRegression(300, 5, seed: 8);
        Engine.Get(EngineKind.Torch).SetRandomSeed(seed);
        using var model = KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input(shape: [5]), Layers.Dense(16, activation: "relu"), Layers.Dropout(0.3), Layers.Dense(1)], engine: EngineKind.Torch);
        model.Compile("adam", "mse");
        return model.Fit(x, y, epochs: 5, batchSize: 16, validationSplit: 0.2, shuffle: true);
    }

    [Fact]
    public void SameSeedGivesTheSameRunAndAnotherSeedDoesNot()
    {
        var first = Run(2);
        var second = Run(2);
        var other = Run(3);
        Assert.Equal(first["loss"], second["loss"]);
        Assert.Equal(first["val_loss"], second["val_loss"]);
        Assert.NotEqual(first["loss"], other["loss"]);
    }
}
