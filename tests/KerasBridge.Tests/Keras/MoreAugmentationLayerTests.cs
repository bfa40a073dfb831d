using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The further augmentation factories (hue, saturation, jitter, degeneration, sharpness, posterization, AutoContrast, Equalization,
/// shear, erasing, blur, perspective, MixUp, CutMix): the configs they write read as Keras's get_config writes them; bad arguments are
/// refused naming them; on both engines the random ones are the identity at inference while AutoContrast stretches (fit, save and
/// load of each run in LayerFactoryTests).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MoreAugmentationLayerTests
{
    [Fact]
    public void ConfigsAreWhatKerasWrites()
    {
        Assert.Equal("[0,0.3]", Layers.RandomHue(0.3).Config["factor"]!.ToJsonString());
        Assert.Equal("[1,0]", Layers.RandomHue(0.3, valueRange: (1, 0)).Config["value_range"]!.ToJsonString());
        Assert.Equal("[-0.5,0.5]", Layers.RandomSaturation(0.5).Config["factor"]!.ToJsonString());
        Assert.Equal("[0,1]", Layers.RandomSaturation(0.5, valueRange: (1, 0)).Config["value_range"]!.ToJsonString());
        Assert.Equal("[1,4]", Layers.RandomPosterization(4).Config["factor"]!.ToJsonString());
        Assert.Equal("[2,6]", Layers.RandomPosterization((6, 2)).Config["factor"]!.ToJsonString());
        Assert.Equal("[0,0.3]", Layers.RandomSharpness(0.3).Config["factor"]!.ToJsonString());
        Assert.Equal("[-0.2,0.2]", Layers.RandomShear(0.2).Config["x_factor"]!.ToJsonString());
        Assert.Equal("[0.1,0.3]", Layers.RandomShear((0.3, 0.1)).Config["x_factor"]!.ToJsonString());
        var jitter = Layers.RandomColorJitter(brightnessFactor: 0.2, hueFactor: (0.1, 0.3)).Config;
        Assert.Equal(["data_format", "value_range", "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor", "seed"],
            jitter.Select(p => p.Key).ToArray());
        Assert.Equal("0.2", jitter["brightness_factor"]!.ToJsonString());
        Assert.Equal("[0.1,0.3]", jitter["hue_factor"]!.ToJsonString());
        Assert.Null(jitter["contrast_factor"]);
        Assert.Equal(["data_format", "bins", "value_range"], Layers.Equalization().Config.Select(p => p.Key).ToArray());
        Assert.Equal("[0.02,0.33]", Layers.RandomErasing().Config["scale"]!.ToJsonString());
        Assert.Null(Layers.RandomErasing().Config["fill_value"]);
        Assert.Equal("[1,2,3]", Layers.RandomErasing(fillValue: [1, 2, 3]).Config["fill_value"]!.ToJsonString());
        Assert.Equal("7", Layers.RandomErasing(fillValue: [7]).Config["fill_value"]!.ToJsonString());
        Assert.Equal("[5,3]", Layers.RandomGaussianBlur(kernelSize: (5, 3)).Config["kernel_size"]!.ToJsonString());
        Assert.Equal("0.2", Layers.MixUp().Config["alpha"]!.ToJsonString());
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomHue(1.5)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomPosterization(9)).ParamName);
        Assert.Contains("whole numbers", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomPosterization(2.5)).Message);
        Assert.Equal("hueFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomColorJitter(hueFactor: -0.2)).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Equalization(bins: 0)).ParamName);
        Assert.Equal("xFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomShear(-0.1)).ParamName);
        Assert.Equal("fillValue", Assert.Throws<ArgumentException>(() => Layers.RandomErasing(fillValue: [1, 2])).ParamName);
        Assert.Equal("kernelSize", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomGaussianBlur(kernelSize: 4)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomPerspective(scale: 1.5)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.MixUp(0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.CutMix(2)).ParamName);
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void RandomLayersAreTheIdentityAtInferenceAndAutoContrastStretches(EngineKind engine)
    {
        FixtureModels.Require(engine);
        var x = new float[2, 3, 3, 3];
        for (var i = 0; i < x.Length; i++)
        {
            x[i / 27, i / 9 % 3, i / 3 % 3, i % 3] = 10 + i;
        }
        using var random = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3, 3, 3]), Layers.RandomHue(0.3), Layers.RandomSaturation(0.4),
            Layers.RandomSharpness(0.4), Layers.RandomShear((0, 0.3)), Layers.RandomErasing(), Layers.RandomGaussianBlur(),
            Layers.RandomPerspective(), Layers.MixUp(), Layers.CutMix(), Layers.RandomColorJitter(brightnessFactor: 0.2)], engine: engine);
        Assert.Equal(x, random.Predict<float[,,,]>(x));
        using var stretch = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3, 3, 3]), Layers.AutoContrast()], engine: engine);
        var y = stretch.Predict<float[,,,]>(x);
        // Keras's AutoContrast: per image and channel, min -> 0 and max -> 255 over axes 1 and 2.
        Assert.Equal(0f, y[0, 0, 0, 0], 3);
        Assert.Equal(255f, y[0, 2, 2, 0], 3);
        Assert.Equal(127.5f, y[1, 1, 1, 1], 3);
    }
}
