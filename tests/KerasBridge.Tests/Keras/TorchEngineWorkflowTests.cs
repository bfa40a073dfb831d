namespace KerasBridge.Tests.Keras;

/// <summary>The lesson's workflows from C# on the PyTorch engine, with real training.</summary>
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
