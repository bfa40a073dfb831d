using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The image augmentation factories (Keras's transfer-learning pattern: RandomFlip and RandomRotation in front of the model) on both
/// engines: the identity at inference (a model with them predicts exactly what the same model without them does), active in fit;
/// typed options and Keras's strings write the same config; bad arguments are refused naming them, in C# and by the engines.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AugmentationLayerTests
{
    private static Layer[] Augmentation() =>
    [
        Layers.RandomFlip(FlipMode.Horizontal), Layers.RandomRotation(0.1), Layers.RandomZoom(0.1), Layers.RandomTranslation(0.1, 0.1),
        Layers.RandomContrast(0.2, valueRange: (0, 1)), Layers.RandomBrightness(0.1, valueRange: (0, 1)),
    ];

    private static Layer[] Body() => [Layers.Conv2D(2, 3, name: "conv"), Layers.GlobalAveragePooling2D(), Layers.Dense(1, name: "out")];

    private static Array Images(int count)
    {
        var random = new Random(3);
        var x = new float[count, 6, 6, 3];
        for (var i = 0; i < count; i++)
        {
            for (var h = 0; h < 6; h++)
            {
                for (var w = 0; w < 6; w++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        x[i, h, w, c] = (float)random.NextDouble();
                    }
                }
            }
        }
        return x;
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void InferenceIsTheIdentityAndFitAugments(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var augmented = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([6, 6, 3]), .. Augmentation(), .. Body()], engine: engine);
        using var plain = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([6, 6, 3]), .. Body()], engine: engine);
        plain.SetWeights(augmented.GetWeights());
        var x = Images(8);
        Assert.Equal(plain.Predict(x), augmented.Predict(x));

        // Same weights, SGD at a rate too small to move float32 weights: fit's loss is on augmented images, evaluate's on the images as they are.
        var y = new float[8, 1];
        augmented.Compile(Optimizers.SGD(learningRate: 1e-12), "mse");
        var trained = augmented.Fit(x, y, epochs: 1, batchSize: 8)["loss"][0];
        var evaluated = augmented.Evaluate(x, y, batchSize: 8).Loss;
        Assert.True(double.IsFinite(trained));
        Assert.NotEqual(evaluated, trained);
        Assert.Equal(plain.Predict(x), augmented.Predict(x));
    }

    [Fact]
    public void TypedOptionsAndKerasStringsWriteTheSameConfig()
    {
        Assert.Equal(Layers.RandomFlip(FlipMode.Vertical).Config.ToJsonString(), Layers.RandomFlip("vertical").Config.ToJsonString());
        Assert.Equal(Layers.RandomRotation(0.2, fillMode: FillMode.Constant).Config.ToJsonString(),
            Layers.RandomRotation(0.2, fillMode: "constant").Config.ToJsonString());
        Assert.Equal("horizontal_and_vertical", (string?)Layers.RandomFlip().Config["mode"]);
        // Keras's reading of the factors, as its get_config writes them.
        Assert.Equal("[-0.2,0.2]", Layers.RandomRotation(0.2).Config["factor"]!.ToJsonString());
        Assert.Equal("[-0.1,0.3]", Layers.RandomRotation((0.3, -0.1)).Config["factor"]!.ToJsonString());
        Assert.Equal("[0,0.2]", Layers.RandomContrast(0.2).Config["factor"]!.ToJsonString());
        Assert.Equal("0.2", Layers.RandomZoom(0.2).Config["height_factor"]!.ToJsonString());
        Assert.Equal("[0.3,-0.1]", Layers.RandomTranslation((0.3, -0.1), 0).Config["height_factor"]!.ToJsonString());
        Assert.Equal("[0,1]", Layers.RandomBrightness(0.1, valueRange: (1, 0)).Config["value_range"]!.ToJsonString());
        Assert.Equal("[0,255]", Layers.RandomInvert().Config["value_range"]!.ToJsonString());
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomRotation(1.5)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomContrast(-0.5)).ParamName);
        Assert.Equal("heightFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomZoom(-1.0)).ParamName);
        Assert.Equal("widthFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomTranslation(0.1, (0.2, 1.5))).ParamName);
        Assert.Equal("interpolation", Assert.Throws<ArgumentException>(() => Layers.RandomZoom(0.1, interpolation: "bicubic")).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomCrop(0, 2)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.RandomGrayscale(1.5)).ParamName);
        Assert.Equal("thresholdFactor", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Solarization(thresholdFactor: 2)).ParamName);
        var mode = Assert.Throws<ArgumentException>(() => Layers.RandomFlip("diagonal"));
        Assert.Equal("mode", mode.ParamName);
        Assert.Contains("horizontal_and_vertical", mode.Message);
        Assert.Contains("'mirror'", Assert.Throws<ArgumentException>(() => Layers.RandomRotation(0.1, fillMode: "mirror")).Message);
    }

    [Fact]
    public void ThePyTorchEngineRefusesBadConfigsNamingTheLayerAndOption()
    {
        FixtureModels.Require(EngineKind.Torch);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4, 4, 1]), Layers.RandomFlip(name: "flip")], engine: EngineKind.Torch);
        var json = JsonNode.Parse(model.ToJson())!;
        json["config"]!["layers"]![1]!["config"]!["mode"] = "diagonal";
        var e = Assert.ThrowsAny<Exception>(() => Models.FromConfig(json.ToJsonString(), EngineKind.Torch));
        Assert.Contains("'flip' (RandomFlip)", e.Message);
        Assert.Contains("'mode'", e.Message);
        Assert.Contains("'diagonal'", e.Message);
    }
}
