using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Reliability;

/// <summary>
/// A layer or optimizer option Keras refuses (docs/reliability.md, "Bad configs"): the engine's error arrives as an
/// <see cref="ArgumentException"/> whose ParamName is the option in C# casing and whose message gives the value.
/// </summary>
public sealed class BadConfigTests
{
    private static void AssertOption(Action call, string parameter, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }
    }

    private static void Build(EngineKind engine, int[] shape, Layer layer)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        using var model = Sequential([Input(shape: shape), layer], engine: engine);
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void DropoutRateAboveOne(EngineKind engine) =>
        AssertOption(() => Build(engine, [3], Layers.Create("Dropout", new { rate = 1.5 })), "rate", "1.5");

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void EmbeddingInputDimZero(EngineKind engine) =>
        AssertOption(() => Build(engine, [3], Layers.Create("Embedding", new { input_dim = 0, output_dim = 2 })), "inputDim", "input_dim", "0");

    [Fact]
    public void SoftmaxAxisOutOfRangeOnTorch() =>
        // Keras builds this layer and fails only in predict, with an IndexError from torch.
        AssertOption(() => Build(EngineKind.Torch, [4, 3], Layers.Create("Softmax", new { axis = 5 })), "axis", "got 5", "rank 3");

    [Fact]
    public void ConvolutionPaddingUnknownOnTorch() =>
        AssertOption(() => Build(EngineKind.Torch, [4, 3], Layers.Create("Conv1D", new { filters = 2, kernel_size = 2, padding = "full" })),
            "padding", "'full'");

    [Fact]
    public void OptimizerNameWithSlashOnTorch()
    {
        using var model = Sequential([Input(shape: [3]), Layers.Dense(1)], engine: EngineKind.Torch);
        AssertOption(() => model.Compile(Optimizers.Create("SGD", new { name = "a/b" }), "mse"), "name", "'a/b'");
        Assert.Equal(2, model.Predict(new float[2, 3]).GetLength(0));  // the model is untouched
    }
}
