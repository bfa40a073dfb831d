using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The 3D spatial and adaptive pooling factories beyond <see cref="LayerFactoryTests"/>: the configs their argument forms
/// write, the arguments they refuse (naming the parameter), and a model made of them on the Keras engine, saved and run
/// on the PyTorch engine with Keras's predictions (and refused there on an input too small for it).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class Spatial3DFactoryTests
{
    [Fact]
    public void ArgumentFormsWriteKerasConfigs()
    {
        Assert.Equal("[[1,1],[1,1],[1,1]]", Config(Layers.Cropping3D())["cropping"]!.ToJsonString());
        Assert.Equal("[[1,1],[0,0],[2,2]]", Config(Layers.ZeroPadding3D((1, 0, 2)))["padding"]!.ToJsonString());
        Assert.Equal("[[1,0],[0,2],[2,1]]", Config(Layers.ZeroPadding3D(((1, 0), (0, 2), (2, 1))))["padding"]!.ToJsonString());
        Assert.Equal("[2,2,2]", Config(Layers.UpSampling3D())["size"]!.ToJsonString());
        var pool = Config(Layers.MaxPooling3D((2, 2, 1)));
        Assert.Equal(("[2,2,1]", "[2,2,1]"), (pool["pool_size"]!.ToJsonString(), pool["strides"]!.ToJsonString()));
        Assert.Equal("[3]", Config(Layers.AdaptiveMaxPooling1D(3))["output_size"]!.ToJsonString());
        Assert.Equal("[2,2,2]", Config(Layers.AdaptiveAveragePooling3D(2))["output_size"]!.ToJsonString());
        // Keras's BaseConvTranspose order: output_padding right after padding, no groups.
        var transpose = Config(Layers.Conv3DTranspose(2, 3, strides: 2, outputPadding: (1, 0, 1)));
        Assert.Equal(["filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate"],
            transpose.Select(p => p.Key).Where(k => k is not ("name" or "trainable" or "dtype")).Take(7).ToArray());
        Assert.Equal("[1,0,1]", transpose["output_padding"]!.ToJsonString());
        Assert.False(transpose.ContainsKey("groups"));
        Assert.Equal(2, (int)Config(Layers.Conv3D(4, 3, groups: 2))["groups"]!);
    }

    public static TheoryData<string, string> BadArguments() => new()
    {
        { "Conv3D kernel", "kernelSize" },
        { "Conv3D groups", "groups" },
        { "Conv3DTranspose outputPadding", "outputPadding" },
        { "MaxPooling3D causal", "padding" },
        { "AveragePooling3D pool", "poolSize" },
        { "ZeroPadding3D negative", "padding" },
        { "Cropping3D negative", "cropping" },
        { "UpSampling3D dataFormat", "dataFormat" },
        { "AdaptiveMaxPooling2D zero", "outputSize" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsAreRefusedNamingTheParameter(string label, string parameter)
    {
        Action make = label switch
        {
            "Conv3D kernel" => () => Layers.Conv3D(2, (3, 0, 3)),
            "Conv3D groups" => () => Layers.Conv3D(3, 3, groups: 2),
            "Conv3DTranspose outputPadding" => () => Layers.Conv3DTranspose(2, 3, outputPadding: (0, -1, 0)),
            "MaxPooling3D causal" => () => Layers.MaxPooling3D(padding: Padding.Causal),
            "AveragePooling3D pool" => () => Layers.AveragePooling3D((2, 2, 0)),
            "ZeroPadding3D negative" => () => Layers.ZeroPadding3D(((1, -1), (0, 0), (0, 0))),
            "Cropping3D negative" => () => Layers.Cropping3D(-1),
            "UpSampling3D dataFormat" => () => Layers.UpSampling3D(dataFormat: "channels_middle"),
            _ => () => Layers.AdaptiveMaxPooling2D(0),
        };
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void KerasMadeVolumeModelRunsOnTheTorchEngineAsOnKeras()
    {
        EngineSupport.RequireKeras();
        // Volumes cross as rows (C# arrays go up to rank 4); the Reshape makes them (depth, height, width, channels).
        using var model = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input([4 * 4 * 4 * 2]),
            Layers.Reshape([4, 4, 4, 2]),
            Layers.Conv3D(4, 3, padding: Padding.Same, groups: 2, activation: "relu", biasInitializer: Initializers.RandomUniform(-0.5, 0.5, seed: 2)),
            Layers.ZeroPadding3D(((1, 0), (0, 1), (1, 1))),
            Layers.AveragePooling3D(2, padding: Padding.Same),
            Layers.Conv3DTranspose(2, (2, 3, 2), strides: 2, dataFormat: "channels_first", outputPadding: (0, 1, 1)),
            Layers.UpSampling3D((1, 2, 1)),
            Layers.Cropping3D(((0, 1), (1, 0), (0, 0))),
            Layers.AdaptiveMaxPooling3D((2, 3, 2)),
            Layers.MaxPooling3D(2, padding: Padding.Same),
            Layers.GlobalAveragePooling3D(),
            Layers.Dense(2),
        ], engine: EngineKind.Keras);
        var x = new float[5, 4 * 4 * 4 * 2];
        var random = new Random(4);
        for (var i = 0; i < x.GetLength(0); i++)
        {
            for (var j = 0; j < x.GetLength(1); j++)
            {
                x[i, j] = (float)(random.NextDouble() * 2 - 1);
            }
        }
        using var torch = KerasToTorch.Load(model);
        KerasToTorch.AssertSamePredictions(model.Predict(x), torch.Predict(x), "volumes");
    }

    [Fact]
    public void TorchEngineRefusesAVolumeTooSmallForTheKernel()
    {
        var e = Assert.ThrowsAny<Exception>(() => KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input([3 * 5 * 5]), Layers.Reshape([3, 5, 5, 1]), Layers.Conv3D(1, 4, name: "tiny_volume")], engine: EngineKind.Torch));
        Assert.Contains("tiny_volume", e.Message);
        Assert.Contains("too small for kernel_size [4, 4, 4]", e.Message);
    }

    private static JsonObject Config(Layer layer) => (JsonObject)layer.ToConfig()["config"]!;
}
