using KerasBridge.Tests.Support;
using KerasBridge.Tests.ModelFiles;

namespace KerasBridge.Tests.Keras;

/// <summary>The same workflows on real Keras; they skip themselves, with the reason, where Keras does not import.</summary>
/// <remarks>Serial, like <see cref="TorchEngineWorkflowTests"/>: the workflows seed the one Python process's random
/// generator and would draw different initial weights if other tests drew random numbers at the same time.</remarks>
[Collection(SerialCollection.Name)]
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
        if (!EngineSupport.KerasAvailable)
        {
            var e = Assert.Throws<EngineUnavailableException>(() => Engine.Get(EngineKind.Keras));
            Assert.Contains("keras", e.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }
        // Keras imports in this process: the same request in a child process on an interpreter without Keras.
        var python = EngineSupport.RequirePythonWithoutKeras();
        var result = ProcessRunner.Cli(["summary", FixtureModels.PathOf("single_neuron", ".keras"), "--engine", "keras"],
            new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = python, ["KERASBRIDGE_ENGINE"] = null });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("keras", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
