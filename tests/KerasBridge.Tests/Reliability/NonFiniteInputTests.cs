using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Reliability;

/// <summary>
/// NaN and infinity: Fit and Evaluate refuse them (one bad value would poison every weight); Predict follows Keras
/// and computes them, so a bad row gives a non-finite output row and the other rows are unaffected.
/// </summary>
public sealed class NonFiniteInputTests
{
    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void PredictComputesNonFiniteRowsAsKerasDoesAndLeavesOtherRowsAlone(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        using var model = Sequential([Input(shape: [3]), Layers.Dense(4, activation: "relu"), Layers.Dense(2)], engine: engine);
        // Same row count on both sides: a BLAS may pick another kernel (and rounding) for another batch size.
        var good = new float[,] { { 0.5f, -1f, 2f }, { 0.5f, -1f, 2f }, { 0.5f, -1f, 2f } };
        var mixed = new float[,] { { 0.5f, -1f, 2f }, { float.NaN, 0f, 1f }, { float.PositiveInfinity, 0f, 1f } };
        var alone = model.Predict(good);
        var together = model.Predict(mixed);
        Assert.Equal(alone[0, 0], together[0, 0]);
        Assert.Equal(alone[0, 1], together[0, 1]);
        for (var row = 1; row < 3; row++)
        {
            Assert.True(float.IsNaN(together[row, 0]) || float.IsInfinity(together[row, 0]), $"row {row} should not be finite: {together[row, 0]}");
        }
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void FitAndEvaluateRefuseNonFiniteInputNamingTheArgument(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        using var model = Sequential([Input(shape: [2]), Layers.Dense(1)], engine: engine);
        model.Compile(optimizer: "sgd", loss: "mse");
        var x = new float[,] { { 1f, 2f }, { float.NaN, 1f } };
        var y = new float[,] { { 1f }, { 2f } };
        var fit = Assert.Throws<ArgumentException>(() => model.Fit(x, y));
        Assert.Equal("x", fit.ParamName);
        Assert.Contains("NaN or infinite", fit.Message);
        var evaluate = Assert.Throws<ArgumentException>(() => model.Evaluate(new float[,] { { 1f, 2f } }, new float[,] { { float.PositiveInfinity } }));
        Assert.Equal("y", evaluate.ParamName);
    }
}
