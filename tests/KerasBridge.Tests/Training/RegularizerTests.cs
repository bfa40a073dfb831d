using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>Weight and activity regularizers and weight constraints with Keras's semantics on both engines.</summary>
public sealed class RegularizerTests
{
    /// <summary>The classifier of <see cref="CallbackTestModels"/> with every kind of penalty and constraint on its layers.</summary>
    private static Model Regularized(EngineKind engine)
    {
        var model = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input(shape: [4]),
            Layers.Dense(8, activation: "relu", kernelRegularizer: Regularizers.L2(0.02), biasRegularizer: Regularizers.L1(0.01),
                activityRegularizer: Regularizers.L1L2(0.002, 0.005), kernelConstraint: Constraints.MaxNorm(0.9), biasConstraint: Constraints.NonNeg()),
            Layers.Dense(3, activation: "softmax", kernelRegularizer: Regularizers.OrthogonalRegularizer(0.1, "columns"),
                kernelConstraint: Constraints.MinMaxNorm(0.3, 1.2, rate: 0.5)),
        ], engine: engine);
        using var plain = Classifier(EngineKind.Torch);
        model.SetWeights(plain.GetWeights());
        model.Compile(Optimizers.Adam(learningRate: 0.05), "sparse_categorical_crossentropy", ["accuracy"]);
        return model;
    }

    [Fact]
    public void TorchEngineTrainsRegularizedModelsAsKeras()
    {
        Require(EngineKind.Keras);
        using var keras = Regularized(EngineKind.Keras);
        using var torch = Regularized(EngineKind.Torch);
        var expected = keras.Fit(X(), Y(), epochs: 3, batchSize: 16, validationSplit: 0.25, shuffle: false);
        var actual = torch.Fit(X(), Y(), epochs: 3, batchSize: 16, validationSplit: 0.25, shuffle: false);
        AssertSameHistory(expected, actual);
        var kerasWeights = keras.GetWeights();
        var torchWeights = torch.GetWeights();
        for (var i = 0; i < kerasWeights.Count; i++)
        {
            var e = kerasWeights[i].Cast<float>().ToArray();
            var a = torchWeights[i].Cast<float>().ToArray();
            for (var j = 0; j < e.Length; j++)
            {
                AssertClose(e[j], a[j], $"weight {i}[{j}]");
            }
        }
        AssertClose(keras.Evaluate(X(), Y()).Loss, torch.Evaluate(X(), Y()).Loss, "evaluate loss");
        // Both engines describe the layers alike, with Keras's regularizer and constraint entries, and read each other's files.
        Assert.Equal(LayerConfigs(keras), LayerConfigs(torch));
        using var dir = new TempDirectory();
        keras.Save(dir.Combine("keras.keras"));
        torch.Save(dir.Combine("torch.keras"));
        using var kerasOnTorch = Models.LoadModel(dir.Combine("keras.keras"), engine: EngineKind.Torch);
        using var torchOnKeras = Models.LoadModel(dir.Combine("torch.keras"), engine: EngineKind.Keras);
        Assert.Equal(LayerConfigs(keras), LayerConfigs(kerasOnTorch));
        Assert.Equal(LayerConfigs(torch), LayerConfigs(torchOnKeras));
        var expectedOutputs = keras.Predict(X()).Cast<float>().ToArray();
        var outputs = kerasOnTorch.Predict(X()).Cast<float>().ToArray();
        for (var i = 0; i < expectedOutputs.Length; i++)
        {
            AssertClose(expectedOutputs[i], outputs[i], $"prediction {i} of Keras's file on the PyTorch engine");
        }
    }

    /// <summary>Each layer's config as JSON text without its (counter-made) name.</summary>
    private static List<string> LayerConfigs(Model model) =>
        ((JsonArray)JsonNode.Parse(model.ToJson())!["config"]!["layers"]!)
            .Select(layer =>
            {
                var config = (JsonObject)layer!["config"]!.DeepClone();
                config.Remove("name");
                return config.ToJsonString();
            })
            .ToList();

    [Fact]
    public void PenaltiesAreAddedToTheLossAndConstraintsHoldAfterEachStep()
    {
        using var regularized = Regularized(EngineKind.Torch);
        using var plain = Classifier(EngineKind.Torch, Optimizers.Adam(learningRate: 0.05));
        Assert.True(regularized.Evaluate(X(), Y()).Loss > plain.Evaluate(X(), Y()).Loss + 1e-3);
        regularized.Fit(X(), Y(), epochs: 2, batchSize: 16, shuffle: false);
        var weights = regularized.GetWeights();
        var kernel = (float[,])weights[0];
        for (var unit = 0; unit < kernel.GetLength(1); unit++)
        {
            var norm = Math.Sqrt(Enumerable.Range(0, kernel.GetLength(0)).Sum(i => (double)kernel[i, unit] * kernel[i, unit]));
            Assert.True(norm <= 0.9 + 1e-6, $"MaxNorm(0.9): column {unit} has norm {norm}");
        }
        Assert.All(((float[])weights[1]).Cast<float>(), b => Assert.True(b >= 0, $"NonNeg: bias {b}"));
    }

    [Fact]
    public void UnknownRegularizersAreRefusedByName()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "x"}},
              {"class_name": "Dense", "config": {"name": "d", "units": 2,
                "kernel_regularizer": {"module": null, "class_name": "MyPenalty", "config": {}, "registered_name": "MyPenalty"}}}]}}
            """;
        var e = Assert.ThrowsAny<Exception>(() => Models.FromConfig(json, EngineKind.Torch));
        Assert.Contains("kernel_regularizer", e.Message);
        Assert.Contains("not supported by the PyTorch engine", e.Message);
    }
}
