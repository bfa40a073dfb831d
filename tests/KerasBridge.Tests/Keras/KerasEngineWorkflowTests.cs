using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>The same workflows on real Keras; they skip themselves, with the reason, where Keras does not import.</summary>
public sealed class KerasEngineWorkflowTests
{
    [Fact]
    public void Penguins()
    {
        EngineSupport.RequireKeras();
        LessonWorkflows.Penguins(EngineKind.Keras);
    }

    [Fact]
    public void Regression()
    {
        EngineSupport.RequireKeras();
        LessonWorkflows.Regression(EngineKind.Keras);
    }

    [Fact]
    public void SmallConvolution()
    {
        EngineSupport.RequireKeras();
        LessonWorkflows.SmallConvolution(EngineKind.Keras);
    }

    [Fact]
    public void Cancellation()
    {
        EngineSupport.RequireKeras();
        LessonWorkflows.Cancellation(EngineKind.Keras);
    }

    [Fact]
    public void AskingForKerasWhereItIsMissingIsAClearError()
    {
        Assert.SkipWhen(EngineSupport.KerasAvailable, "Keras is installed here");
        var e = Assert.Throws<EngineUnavailableException>(() => Engine.Get(EngineKind.Keras));
        Assert.Contains("keras", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
