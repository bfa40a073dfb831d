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

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void MaxNormOverSeveralAxesBoundsEachConvolutionFilter(EngineKind engine)
    {
        Require(engine);
        // Keras's advice for a Conv2D kernel (rows, cols, input channels, filters): the norm over axes 0-2, per filter.
        // Glorot-uniform 3x3x2 filters start with norms near 0.9, so the constraint binds from the first step.
        using var model = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input(shape: [5, 5, 2]),
            Layers.Conv2D(3, 3, kernelInitializer: Initializers.GlorotUniform(seed: 1), kernelConstraint: Constraints.MaxNorm(0.5, axis: [0, 1, 2])),
            Layers.Flatten(),
            Layers.Dense(1, kernelInitializer: Initializers.GlorotUniform(seed: 2)),
        ], engine: engine);
        var written = JsonNode.Parse(model.ToJson())!["config"]!["layers"]![1]!["config"]!["kernel_constraint"]!["config"]!;
        Assert.Equal("""{"max_value":0.5,"axis":[0,1,2]}""", written.ToJsonString());
        model.Compile(Optimizers.SGD(learningRate: 0.01), "mse");
        var x = new float[8, 5, 5, 2];
        var y = new float[8, 1];
        for (var i = 0; i < 8; i++)
        {
            y[i, 0] = 0.3f * i;
            for (var j = 0; j < 50; j++)
            {
                x[i, j / 10, j / 2 % 5, j % 2] = (i + j) % 7 * 0.3f;
            }
        }
        model.Fit(x, y, epochs: 2, batchSize: 4, shuffle: false);
        var kernel = (float[,,,])model.GetWeights()[0];
        var norms = new double[3];
        for (var f = 0; f < 3; f++)
        {
            var squares = 0.0;
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                {
                    for (var ch = 0; ch < 2; ch++)
                    {
                        squares += (double)kernel[r, c, ch, f] * kernel[r, c, ch, f];
                    }
                }
            }
            norms[f] = Math.Sqrt(squares);
        }
        // Every filter is bounded, and the bound was reached (without the constraint the norms stay near 0.9).
        Assert.All(norms, n => Assert.True(n <= 0.5 + 1e-5, $"{engine}: a filter has norm {n} after training"));
        Assert.True(norms.Max() > 0.49, $"{engine}: filter norms {string.Join(", ", norms)}: the constraint never bound");
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
