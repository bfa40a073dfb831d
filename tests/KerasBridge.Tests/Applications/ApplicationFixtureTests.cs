using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.KerasApplications;

/// <summary>
/// Keras's own application models and graphs: the two application fixtures (a frozen DenseNet base with episode 5's
/// head, and MobileNetV2 at alpha 0.35) load from .keras and .h5 and predict as Keras did, with Keras's summaries; and the
/// applications the bridge builds have Keras's graph (layer by layer) for the five architectures Keras's configs were
/// saved for. On the PyTorch engine these skip, naming the layers, until the engine has them all.
/// </summary>
public sealed class ApplicationFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, EngineKind> FixtureCases()
    {
        var data = new TheoryData<string, string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in new[] { "densenet_small_transfer", "mobilenet_v2_035" })
            {
                data.Add(name, ".keras", engine);
                data.Add(name, ".h5", engine);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void ApplicationFileLoadsPredictsAndSummarizesLikeKeras(string name, string extension, EngineKind engine)
    {
        var folder = ApplicationSupport.Folder;
        FixtureModels.Require(engine);
        ApplicationSupport.RequireLayers(engine,
            Applications.MissingLayers(ApplicationSupport.KerasFileConfig(Path.Combine(folder, name + ".keras")), engine));
        using var model = Models.LoadModel(Path.Combine(folder, name + extension), engine: engine);
        var flat = TestData.ReadCsv(Path.Combine(folder, name + ".inputs.csv"));
        var x = new float[flat.GetLength(0), 32, 32, 3];
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        var predictions = model.Predict(x);
        var error = FixtureModels.MaxRelativeError(predictions, TestData.ReadCsvDouble(Path.Combine(folder, name + ".predictions.csv")));
        output.WriteLine($"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.True(error <= FixtureModels.Tolerance, $"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.Equal(File.ReadAllText(Path.Combine(folder, name + ".summary.txt")), model.Summary());
    }

    public static TheoryData<string, EngineKind> ConfigCases()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in new[] { "DenseNet121_notop", "EfficientNetB0_notop", "MobileNetV2_notop", "ResNet50_notop", "VGG16", "VGG16_notop" })
            {
                data.Add(name, engine);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConfigCases))]
    public void ApplicationGraphEqualsKeras(string fixtureName, EngineKind engine)
    {
        var fixture = ApplicationSupport.ConfigFixture(fixtureName);
        var call = fixture["call"]!.AsObject();
        var function = fixture["application"]!.GetValue<string>();
        var includeTop = call["include_top"]!.GetValue<bool>();
        FixtureModels.Require(engine);
        ApplicationSupport.RequireLayers(engine, Applications.MissingLayers(function, engine, includeTop, [32, 32, 3]));
        Pooling? pooling = call["pooling"]?.GetValue<string>();
        var classes = call["classes"]?.GetValue<int>() ?? 1000;
        using var model = function switch
        {
            "DenseNet121" => Applications.DenseNet121(includeTop, weights: null, inputShape: [32, 32, 3], pooling: pooling, classes: classes, engine: engine),
            "EfficientNetB0" => Applications.EfficientNetB0(includeTop, weights: null, inputShape: [32, 32, 3], pooling: pooling, classes: classes, engine: engine),
            "MobileNetV2" => Applications.MobileNetV2(includeTop, weights: null, inputShape: [32, 32, 3], pooling: pooling, classes: classes, engine: engine),
            "ResNet50" => Applications.ResNet50(includeTop, weights: null, inputShape: [32, 32, 3], pooling: pooling, classes: classes, engine: engine),
            "VGG16" => Applications.VGG16(includeTop, weights: null, inputShape: [32, 32, 3], pooling: pooling, classes: classes, engine: engine),
            _ => throw new ArgumentException(function),
        };
        var expected = fixture["model"]!.AsObject();
        var actual = JsonNode.Parse(model.ToJson())!.AsObject();
        Assert.Equal(ApplicationSupport.Normalized(expected), ApplicationSupport.Normalized(actual));
        Assert.Equal(expected["config"]!["name"]!.GetValue<string>(), model.Name);
        var total = fixture["total_params"]!.GetValue<long>().ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Total params: {total} ", model.Summary(), StringComparison.Ordinal);
    }
}
