using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.KerasApplications;

/// <summary>
/// MobileNetV3 and ConvNeXt from the C# factories on both engines, and the Keras ops their graphs hold (the hard sigmoid's
/// <c>x + 3.0</c> and <c>* (1 / 6)</c>, ConvNeXt's residual <c>inputs + x</c>): the PyTorch engine's graph equals Keras's, the
/// same weights give the same predictions, <see cref="Model.Layers"/> leaves the ops out as Keras's model.layers does, and a
/// new head on the loaded model (the graph read back, ops and numbers included) builds and predicts. Tiny models (32x32).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ApplicationOpsTests
{
    private static readonly Dictionary<string, Func<EngineKind, Model>> Factories = new()
    {
        ["MobileNetV3Small"] = e => Applications.MobileNetV3Small(weights: null, inputShape: [32, 32, 3], classes: 4, alpha: 0.75, engine: e),
        ["MobileNetV3Large"] = e => Applications.MobileNetV3Large(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: Pooling.Avg,
            alpha: 0.75, includePreprocessing: false, engine: e),
        ["ConvNeXtTiny"] = e => Applications.ConvNeXtTiny(weights: null, inputShape: [32, 32, 3], classes: 3, engine: e),
    };

    public static TheoryData<string> Names() => new(Factories.Keys);

    private static IEnumerable<string> OperationNames(Model model) =>
        JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray()
            .Where(e => e!["module"]!.GetValue<string>().StartsWith("keras.src.ops.", StringComparison.Ordinal))
            .Select(e => e!["name"]!.GetValue<string>());

    // ApplicationSupport.Normalized, and the automatic names of the InputLayers inside ConvNeXt's nested Sequential models.
    private static string Normalized(Model model) =>
        Regex.Replace(ApplicationSupport.Normalized(JsonNode.Parse(model.ToJson())!.AsObject()), "\"input_layer_\\d+\"", "\"input_layer_n\"");

    [Theory]
    [MemberData(nameof(Names))]
    public void FactoryBuildsKerasGraphAndPredictsAsKerasWithItsWeights(string function)
    {
        EngineSupport.RequireKeras();
        using var folder = new TempDirectory();
        var weights = Path.Combine(folder.Path, "keras.weights.h5");
        var x = ApplicationSupport.Images(3, 32, seed: 5);
        for (var i = 0; i < x.Length; i++)
        {
            // 0-255 pixels: both families rescale or normalize them in the model.
            x[i / (32 * 32 * 3), i / (32 * 3) % 32, i / 3 % 32, i % 3] *= 255f;
        }
        float[,] expected;
        string kerasConfig;
        using (var keras = Factories[function](EngineKind.Keras))
        {
            Assert.NotEmpty(OperationNames(keras));
            Assert.Equal(keras.LayerNames, keras.Layers.Select(l => l.Name));
            Assert.DoesNotContain(keras.Layers, l => OperationNames(keras).Contains(l.Name));
            keras.SaveWeights(weights);
            expected = keras.Predict(x);
            kerasConfig = Normalized(keras);
        }
        using var torch = Factories[function](EngineKind.Torch);
        Assert.Equal(kerasConfig, Normalized(torch));
        // Model.Layers is Keras's model.layers: the ops are in the graph (and the summary), not among the layers.
        Assert.Equal(torch.LayerNames, torch.Layers.Select(l => l.Name));
        var ops = OperationNames(torch).ToList();
        Assert.NotEmpty(ops);
        Assert.DoesNotContain(torch.Layers, l => ops.Contains(l.Name));
        Assert.Contains($"{ops[0]} ({JsonNode.Parse(torch.ToJson())!["config"]!["layers"]!.AsArray().First(e => e!["name"]!.GetValue<string>() == ops[0])!["class_name"]})",
            torch.Summary(), StringComparison.Ordinal);
        torch.LoadWeights(weights); // a Keras 3 weights file: the ops take no group in it
        var error = FixtureModels.MaxRelativeError(torch.Predict(x), TestData.ToDouble(expected));
        Assert.True(error <= FixtureModels.Tolerance, $"{function}: max relative error {error:E2}");
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void LoadedModelWithOpsTakesANewHeadAndSavesExactly(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "mobilenet_v3.keras");
        using (var built = Applications.MobileNetV3Small(includeTop: false, weights: null, inputShape: [32, 32, 3], pooling: "avg", engine: engine))
        {
            built.Save(path);
        }
        using var loaded = Models.LoadModel(path, engine: engine);
        // The graph read back from the file: ops keep their numbers (x + 3.0, * 1/6) when the new model writes it.
        var head = Layers.Dense(2, name: "head").Apply(loaded.Output);
        using var model = Model(loaded.Input, head, engine: engine);
        var layers = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray();
        var firstOps = layers.Where(e => e!["module"]!.GetValue<string>() == "keras.src.ops.numpy").Take(2).ToList();
        Assert.Equal(["Add", "Multiply"], firstOps.Select(e => e!["class_name"]!.GetValue<string>()));
        Assert.Equal(3.0, firstOps[0]!["inbound_nodes"]![0]!["args"]![1]!.GetValue<double>());
        Assert.Equal(1.0 / 6.0, firstOps[1]!["inbound_nodes"]![0]!["args"]![1]!.GetValue<double>());
        Assert.Equal(loaded.Layers.Count + 1, model.Layers.Count);
        Assert.Equal([null, 2], model.OutputShape);

        var x = ApplicationSupport.Images(2, 32, seed: 9);
        var predictions = model.Predict(x);
        var saved = Path.Combine(folder.Path, "with_head.keras");
        model.Save(saved);
        using var reloaded = Models.LoadModel(saved, engine: engine);
        Assert.Equal(predictions, reloaded.Predict(x));
        Assert.Equal(model.LayerNames, reloaded.Layers.Select(l => l.Name));
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void InputTensorReplaysTheOpsOnTheCallersGraph(EngineKind engine)
    {
        FixtureModels.Require(engine);
        var inputs = Input(shape: [32, 32, 3]);
        var x = Layers.Conv2D(3, 1, padding: Padding.Same, name: "stem").Apply(inputs);
        using var baseModel = Applications.ConvNeXtTiny(includeTop: false, weights: null, inputTensor: x, pooling: "avg", engine: engine);
        Assert.Same(inputs, baseModel.Input);
        Assert.Equal("stem", baseModel.Layers[1].Name);
        Assert.Equal(18, OperationNames(baseModel).Count()); // 3 + 3 + 9 + 3 blocks, one residual op each
        Assert.Equal([null, 768], baseModel.OutputShape);
        var predictions = baseModel.Predict(ApplicationSupport.Images(2, 32, seed: 1));
        Assert.Equal(768, predictions.GetLength(1));
        Assert.All(predictions.Cast<float>(), v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void ModelWithOpsExportsToOnnxAndScoresAsTheEngine(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Applications.MobileNetV3Small(weights: null, inputShape: [32, 32, 3], classes: 3, alpha: 0.75, engine: engine);
        using var folder = new TempDirectory();
        var path = folder.Combine("mobilenet_v3.onnx");
        model.ExportOnnx(path);
        using var onnx = KerasBridge.Onnx.OnnxModel.Load(path);
        var x = ApplicationSupport.Images(2, 32, seed: 4);
        // Convolutions summed in another order by ONNX Runtime's kernels: the export tests' 3e-5 (see OnnxExportTests).
        var error = FixtureModels.MaxRelativeError(onnx.Predict(x), TestData.ToDouble(model.Predict(x)));
        Assert.True(error <= 3e-5, $"ONNX vs engine: {error:E2}");
    }
}
