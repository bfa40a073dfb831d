using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The constant initializers Identity and STFT (keras/src/initializers/constant_initializers.py) on both engines: the initial
/// weights are the identity times the gain, and the cosine/sine STFT kernel (checked by formula without a window, and equal
/// across engines with Keras's default Hann window).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ConstantInitializerTests
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static Model Build(EngineKind engine, Initializer stft) => KerasBridge.Keras.Sequential(
    [
        KerasBridge.Keras.Input([16, 1]),
        Layers.Conv1D(5, 8, useBias: false, kernelInitializer: stft, name: "stft"),
        Layers.Flatten(),
        Layers.Dense(4, kernelInitializer: Initializers.Identity(gain: 2.0), name: "identity"),
    ], engine: engine);

    private static void Require(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void IdentityAndUnwindowedStftKernelsFollowTheirFormulas(EngineKind engine)
    {
        Require(engine);
        using var model = Build(engine, Initializers.STFT(window: null, scaling: null));
        var identity = (float[,])model.GetLayerWeights("identity")[0];
        Assert.Equal((45, 4), (identity.GetLength(0), identity.GetLength(1)));
        for (var i = 0; i < 45; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(i == j ? 2f : 0f, identity[i, j]);
            }
        }
        var kernel = (float[,,])model.GetLayerWeights("stft")[0];
        Assert.Equal((8, 1, 5), (kernel.GetLength(0), kernel.GetLength(1), kernel.GetLength(2)));
        for (var t = 0; t < 8; t++)
        {
            for (var f = 0; f < 5; f++)
            {
                Assert.Equal(Math.Cos(-2.0 * Math.PI * t * f / 8.0), kernel[t, 0, f], 5);
            }
        }
    }

    [Fact]
    public void HannWindowedStftKernelIsTheSameOnBothEngines()
    {
        EngineSupport.RequireKeras();
        var stft = Initializers.STFT(side: "imag", periodic: true);
        using var keras = Build(EngineKind.Keras, stft);
        using var torch = Build(EngineKind.Torch, stft);
        var expected = (float[,,])keras.GetLayerWeights("stft")[0];
        var actual = (float[,,])torch.GetLayerWeights("stft")[0];
        Assert.Equal(expected.Cast<float>().Select(v => Math.Round(v, 6)), actual.Cast<float>().Select(v => Math.Round(v, 6)));
        Assert.Contains(actual.Cast<float>(), v => Math.Abs(v) > 0.1f);
    }

    [Fact]
    public void BadStftArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("side", Assert.Throws<ArgumentException>(() => Initializers.STFT(side: "both")).ParamName);
        Assert.Equal("scaling", Assert.Throws<ArgumentException>(() => Initializers.STFT(scaling: "l2")).ParamName);
    }
}
