using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.KerasApplications;

/// <summary>
/// Every family's factory, headless at a small size: on the Keras engine it is Keras's model (name and output shape as
/// Keras gives them); on the PyTorch engine the bridge's graph equals the Keras engine's, layer by layer (skipped, naming
/// the layers, while the engine lacks some).
/// </summary>
public sealed class ApplicationFactoryTests
{
    private static readonly Dictionary<string, (Func<EngineKind, Model> Make, string Name, int Channels)> Factories = new()
    {
        ["DenseNet169"] = (e => Applications.DenseNet169(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: Pooling.Avg, engine: e), "densenet169", 1664),
        ["ResNet101V2"] = (e => Applications.ResNet101V2(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "max", engine: e), "resnet101v2", 2048),
        ["VGG19"] = (e => Applications.VGG19(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "avg", engine: e), "vgg19", 512),
        ["MobileNet"] = (e => Applications.MobileNet(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "avg", alpha: 0.5, engine: e), "mobilenet_0.50_32", 512),
        ["MobileNetV2"] = (e => Applications.MobileNetV2(includeTop: false, weights: null, inputShape: [96, 96, 3], pooling: "avg", alpha: 0.35, engine: e), "mobilenetv2_0.35_96", 1280),
        ["Xception"] = (e => Applications.Xception(includeTop: false, weights: null, inputShape: [71, 71, 3], pooling: "avg", engine: e), "xception", 2048),
        ["InceptionV3"] = (e => Applications.InceptionV3(includeTop: false, weights: null, inputShape: [75, 75, 3], pooling: "avg", engine: e), "inception_v3", 2048),
        ["EfficientNetB1"] = (e => Applications.EfficientNetB1(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "avg", engine: e), "efficientnetb1", 1280),
        ["EfficientNetV2B0"] = (e => Applications.EfficientNetV2B0(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "avg", engine: e), "efficientnetv2-b0", 1280),
    };

    public static TheoryData<string> Names() => new(Factories.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void FactoryGivesKerasModelAndTheBridgeBuildsTheSameGraph(string function)
    {
        EngineSupport.RequireKeras();
        var (make, name, channels) = Factories[function];
        string kerasConfig;
        using (var keras = make(EngineKind.Keras))
        {
            Assert.Equal(name, keras.Name);
            Assert.Equal([null, channels], keras.OutputShape);
            kerasConfig = ApplicationSupport.Normalized(JsonNode.Parse(keras.ToJson())!.AsObject());
        }
        var missing = Applications.MissingLayers(function, EngineKind.Torch, includeTop: false,
            inputShape: function switch { "Xception" => [71, 71, 3], "InceptionV3" => [75, 75, 3], "MobileNetV2" => [96, 96, 3], _ => [32, 32, 3] },
            extra: function switch { "MobileNet" => new JsonObject { ["alpha"] = 0.5 }, "MobileNetV2" => new JsonObject { ["alpha"] = 0.35 }, _ => null });
        ApplicationSupport.RequireLayers(EngineKind.Torch, missing);
        using var torch = make(EngineKind.Torch);
        Assert.Equal(kerasConfig, ApplicationSupport.Normalized(JsonNode.Parse(torch.ToJson())!.AsObject()));
    }
}
