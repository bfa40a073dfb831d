using static KerasBridge.Keras;

namespace KerasBridge.Tests.Reliability;

/// <summary>Failures inside an engine surface as PythonError with the traceback, and the runtime stays usable.</summary>
public sealed class PythonFailureTests
{
    private static void AssertRuntimeStillUsable()
    {
        using var model = Sequential([Input(shape: [2]), Layers.Dense(1, kernelInitializer: "ones")], engine: EngineKind.Torch);
        Assert.Equal(3f, model.Predict(new float[,] { { 1, 2 } })[0, 0]);
    }

    [Fact]
    public void ShapeErrorInsideTheEngineCarriesTheTraceback()
    {
        // A 2D convolution over flat 4-feature rows cannot be built: the engine's own shape check fails.
        var e = Assert.ThrowsAny<Exception>(() => Sequential([Input(shape: [4]), Layers.Conv2D(2, kernelSize: 3)], engine: EngineKind.Torch));
        var python = e as PythonError ?? e.InnerException as PythonError;
        Assert.NotNull(python);
        Assert.Contains("Conv2D", python!.PythonMessage);
        Assert.Contains("Traceback (most recent call last)", python.PythonTraceback);
        Assert.Contains("torch_engine", python.PythonTraceback);
        AssertRuntimeStillUsable();
    }

    [Fact]
    public void OutOfMemoryInsideTheEngineIsAnErrorNotACrash()
    {
        // 400,000 × 100,000 float32 weights is 160 GB: the allocation fails inside torch.
        var e = Assert.ThrowsAny<Exception>(() => Sequential([Input(shape: [400_000]), Layers.Dense(100_000)], engine: EngineKind.Torch));
        var python = e as PythonError ?? e.InnerException as PythonError;
        Assert.NotNull(python);
        Assert.Contains("memory", python!.PythonMessage + python.PythonTraceback, StringComparison.OrdinalIgnoreCase);
        AssertRuntimeStillUsable();
    }
}
