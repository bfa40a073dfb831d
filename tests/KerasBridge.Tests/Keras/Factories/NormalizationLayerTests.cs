using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// GroupNormalization, UnitNormalization, RMSNormalization, Identity, AlphaDropout and SpatialDropout3D from C#: the
/// factories refuse bad arguments naming them, the PyTorch engine refuses a layer it cannot build naming the layer and
/// the option, and a model made of them predicts on the PyTorch engine what real Keras predicts with the same weights.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NormalizationLayerTests
{
    [Fact]
    public void FactoriesRefuseBadArgumentsNamingThem()
    {
        Assert.Equal("groups", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.GroupNormalization(0)).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.GroupNormalization(-2)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.GroupNormalization(2, epsilon: 0)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RMSNormalization(epsilon: -1e-6)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => Layers.UnitNormalization(Array.Empty<int>()));
        Assert.Equal("axis", empty.ParamName);
        Assert.Contains("at least one axis, each once; got []", empty.Message);
        Assert.Equal("axis", Assert.Throws<ArgumentException>(() => Layers.RMSNormalization([-1, -1])).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.AlphaDropout(1.0)).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.SpatialDropout3D(-0.1)).ParamName);
        Assert.Equal("dataFormat", Assert.Throws<ArgumentException>(() => Layers.SpatialDropout3D(0.5, dataFormat: "channels_middle")).ParamName);
    }

    [Fact]
    public void TheTorchEngineRefusesWhatItCannotBuildNamingTheLayer()
    {
        var groups = Assert.ThrowsAny<Exception>(() =>
        {
            using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([6]), Layers.GroupNormalization(4, name: "gn"), Layers.Dense(1)],
                engine: EngineKind.Torch);
            model.Predict(new float[1, 6]);
        });
        Assert.Contains("Layer 'gn' (GroupNormalization)", groups.Message);
        Assert.Contains("the number of channels on axis -1 (6) must be a multiple of 'groups' (4)", groups.Message);
        var axis = Assert.ThrowsAny<Exception>(() =>
        {
            using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3, 4]), Layers.RMSNormalization(1, name: "rms"), Layers.Flatten()],
                engine: EngineKind.Torch);
            model.Predict(new float[1, 3, 4]);
        });
        Assert.Contains("Layer 'rms' (RMSNormalization): only normalizing over the trailing axes is supported", axis.Message);
    }

    [Fact]
    public void TorchEnginePredictsWhatKerasPredictsWithTheSameWeights()
    {
        EngineSupport.RequireKeras();
        Layer[] Stack() =>
        [
            KerasBridge.Keras.Input([3, 4]), Layers.Dense(4, activation: "selu"),
            Layers.GroupNormalization(2, gammaInitializer: Initializers.RandomNormal(1.0, 0.3, seed: 2),
                betaInitializer: Initializers.RandomUniform(-0.2, 0.2, seed: 3)),
            Layers.GroupNormalization(-1, axis: 1, scale: false), Layers.UnitNormalization([1, 2]), Layers.Identity(),
            Layers.AlphaDropout(0.4), Layers.Flatten(), Layers.Dense(1),
        ];
        using var keras = KerasBridge.Keras.Sequential(Stack(), engine: EngineKind.Keras);
        using var torch = KerasBridge.Keras.Sequential(Stack(), engine: EngineKind.Torch);
        torch.SetWeights(keras.GetWeights());
        var x = TestData.RandomRows(6, 12, seed: 5);
        var rows = new float[6, 3, 4];
        Buffer.BlockCopy(x, 0, rows, 0, x.Length * sizeof(float));
        var expected = keras.Predict(rows);
        var asDouble = new double[expected.GetLength(0), expected.GetLength(1)];
        Buffer.BlockCopy(expected.Cast<float>().Select(v => (double)v).ToArray(), 0, asDouble, 0, expected.Length * sizeof(double));
        var error = FixtureModels.MaxRelativeError(torch.Predict(rows), asDouble);
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");
        Assert.True(expected.Cast<float>().Distinct().Count() > 1);
    }
}
