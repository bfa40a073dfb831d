using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The last image preprocessing factories (RandomElasticTransform, MaxNumBoundingBoxes, ContrastLimitedAdaptiveHistogramEqualization,
/// RandAugment, AugMix): the configs they write read as Keras's get_config writes them; bad arguments are refused naming them; on both
/// engines the random ones and MaxNumBoundingBoxes are the identity at inference while CLAHE equalizes the same way (fit, save and load
/// of each run in LayerFactoryTests).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LastAugmentationLayerTests
{
    [Fact]
    public void ConfigsAreWhatKerasWrites()
    {
        var elastic = Layers.RandomElasticTransform(0.5, (0.4, 0.2), fillMode: "mirror", valueRange: (1, 0)).Config;
        Assert.Equal(["data_format", "factor", "scale", "interpolation", "fill_mode", "fill_value", "value_range", "seed"],
            elastic.Select(p => p.Key).ToArray());
        Assert.Equal("[0,0.5]", elastic["factor"]!.ToJsonString());
        Assert.Equal("[0.2,0.4]", elastic["scale"]!.ToJsonString());
        Assert.Equal("\"mirror\"", elastic["fill_mode"]!.ToJsonString());
        Assert.Equal("[1,0]", elastic["value_range"]!.ToJsonString());
        Assert.Equal(["data_format", "max_number"], Layers.MaxNumBoundingBoxes(4).Config.Select(p => p.Key).ToArray());
        var clahe = Layers.ContrastLimitedAdaptiveHistogramEqualization(tileGridSize: (3, 2)).Config;
        Assert.Equal(["data_format", "value_range", "clip_limit", "tile_grid_size"], clahe.Select(p => p.Key).ToArray());
        Assert.Equal("[3,2]", clahe["tile_grid_size"]!.ToJsonString());
        Assert.Equal("[0,0.5]", Layers.RandAugment().Config["factor"]!.ToJsonString());
        Assert.Equal(["data_format", "value_range", "num_chains", "chain_depth", "factor", "alpha", "all_ops", "interpolation", "seed"],
            Layers.AugMix().Config.Select(p => p.Key).ToArray());
        Assert.Equal("[0,0.3]", Layers.AugMix().Config["factor"]!.ToJsonString());
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomElasticTransform(scale: 1.5)).ParamName);
        Assert.Equal("interpolation", Assert.Throws<ArgumentException>(() => Layers.RandomElasticTransform(interpolation: "bicubic")).ParamName);
        Assert.Equal("maxNumber", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.MaxNumBoundingBoxes(0)).ParamName);
        Assert.Equal("tileGridSize", Assert.Throws<ArgumentOutOfRangeException>(
            () => Layers.ContrastLimitedAdaptiveHistogramEqualization(tileGridSize: (0, 2))).ParamName);
        Assert.Equal("numOps", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandAugment(numOps: -1)).ParamName);
        Assert.Equal("numChains", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.AugMix(numChains: 0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.AugMix(alpha: 0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.AugMix(factor: 1.5)).ParamName);
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void RandomLayersAreTheIdentityAtInferenceAndClaheEqualizes(EngineKind engine)
    {
        FixtureModels.Require(engine);
        var x = new float[2, 4, 4, 3];
        for (var i = 0; i < x.Length; i++)
        {
            x[i / 48, i / 12 % 4, i / 3 % 4, i % 3] = (i * 37 % 101) + 0.5f;
        }
        using var random = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4, 4, 3]), Layers.RandomElasticTransform(),
            Layers.MaxNumBoundingBoxes(2), Layers.RandAugment(), Layers.AugMix()], engine: engine);
        Assert.Equal(x, random.Predict<float[,,,]>(x));
        // One tile of 16 pixels in distinct bins, no clipping: Keras maps each channel's k-th smallest (from 0) to
        // 255 (k + 1 - m) / (16 - m), m the CDF's minimum over the 256 bins (1 when bin 0 holds a pixel, else 0).
        using var clahe = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4, 4, 3]),
            Layers.ContrastLimitedAdaptiveHistogramEqualization(clipLimit: 0, tileGridSize: (1, 1))], engine: engine);
        var y = clahe.Predict<float[,,,]>(x);
        for (var c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 16).Select(p => x[0, p / 4, p % 4, c]).ToArray();
            var sorted = values.Order().ToArray();
            var m = values.Min() < 1 ? 1 : 0;
            for (var p = 0; p < 16; p++)
            {
                Assert.Equal(255f * (Array.IndexOf(sorted, values[p]) + 1 - m) / (16 - m), y[0, p / 4, p % 4, c], 3);
            }
        }
    }
}
