using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// What the Functional API does beyond building: the layers, inputs and outputs of built and loaded models, weights kept when
/// layers move into a new model, trainable flags (summary, Fit, files), and the errors for graphs Keras refuses.
/// </summary>
public sealed class FunctionalApiBehaviourTests
{
    public static TheoryData<EngineKind> Engines() => [EngineKind.Torch, EngineKind.Keras];

    private static string FrozenBaseFile => Path.Combine(TestPaths.Keras3Fixtures, "functional", "frozen_base.keras");

    [Theory]
    [MemberData(nameof(Engines))]
    public void LoadedModelExposesLayersInputsAndOutputs(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(FrozenBaseFile, engine: engine);
        Assert.Equal("Functional", model.ClassName);
        Assert.Equal(["input_layer_3", "base", "dropout_2", "dense_15"], model.Layers.Select(l => l.Name));
        Assert.Equal(["InputLayer", "Sequential", "Dropout", "Dense"], model.Layers.Select(l => l.ClassName));
        Assert.IsType<InputLayer>(model.Layers[0]);
        Assert.Same(model.Layers[3], model.GetLayer("dense_15"));
        Assert.Same(model.Layers[1], model.GetLayer(1));
        Assert.Equal([null, 12], model.Input.Shape);
        Assert.Equal("input_layer_3", model.Input.Name);
        Assert.Equal([null, 2], model.Output.Shape);
        Assert.True(model.GetLayer("dense_15").Trainable);
        var error = Assert.Throws<ArgumentException>(() => model.GetLayer("dense"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("input_layer_3, base, dropout_2, dense_15", error.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void NewHeadOnALoadedModelKeepsItsWeights(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var loaded = Models.LoadModel(FrozenBaseFile, engine: engine);
        var head = Layers.Dense(2, name: "new_head").Apply(loaded.Output);
        using var model = Model(inputs: loaded.Input, outputs: head, name: "retrained", engine: engine);
        Assert.Equal(["input_layer_3", "base", "dropout_2", "dense_15", "new_head"], model.Layers.Select(l => l.Name));
        foreach (var name in new[] { "base", "dense_15" })
        {
            var expected = loaded.GetLayerWeights(name);
            var actual = model.GetLayerWeights(name);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Cast<float>(), actual[i].Cast<float>());
            }
        }
        // The frozen nested model stays frozen: only dense_15 and the head train.
        Assert.Contains("Non-trainable params: 176 (704.00 B)", model.Summary());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FrozenLayerGetsNoUpdatesAndItsFlagIsSaved(EngineKind engine)
    {
        FixtureModels.Require(engine);
        var inputs = Input(shape: [3], name: "in");
        var frozen = Layers.Dense(4, activation: "relu", name: "frozen");
        var hidden = frozen.Apply(inputs);
        var outputs = Layers.Dense(1, name: "out").Apply(hidden);
        using var model = Model(inputs, outputs, name: "partly_frozen", engine: engine);
        Assert.Same(frozen, model.GetLayer("frozen"));
        frozen.Trainable = false;
        Assert.False(model.GetLayer("frozen").Trainable);
        Assert.Contains("Trainable params: 5 (20.00 B)", model.Summary());
        Assert.Contains("Non-trainable params: 16 (64.00 B)", model.Summary());

        var before = model.GetLayerWeights("frozen");
        var outBefore = model.GetLayerWeights("out");
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(TestData.RandomRows(32, 3, seed: 1), TestData.RandomRows(32, 1, seed: 2), epochs: 2, batchSize: 8, shuffle: false);
        Assert.Equal((float[,])before[0], (float[,])model.GetLayerWeights("frozen")[0]);
        Assert.NotEqual((float[,])outBefore[0], (float[,])model.GetLayerWeights("out")[0]);

        var layerConfig = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray().Single(l => (string?)l!["name"] == "frozen")!;
        Assert.False(layerConfig["config"]!["trainable"]!.GetValue<bool>());
        using var dir = new TempDirectory();
        model.Save(dir.Combine("frozen.keras"));
        using var again = Models.LoadModel(dir.Combine("frozen.keras"), engine: engine);
        Assert.False(again.GetLayer("frozen").Trainable);
        Assert.Equal(model.Summary(), again.Summary());

        model.Trainable = false;
        Assert.False(model.Trainable);
        Assert.Contains("Trainable params: 0 (0.00 B)", model.Summary());
        model.Trainable = true;
        Assert.True(frozen.Trainable); // Keras's setter sets every layer
    }

    [Fact]
    public void ApplyRefusesATensorOfTheWrongShapeNamingTheLayer()
    {
        var image = Input(shape: [8, 8, 1], name: "image");
        var conv = Layers.Conv2D(4, kernelSize: 3, name: "conv");
        var features = Input(shape: [5], name: "features");
        var error = Assert.Throws<ArgumentException>(() => conv.Apply(features));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("layer 'conv' (Conv2D)", error.Message);
        Assert.Contains("(None, 5)", error.Message);
        Assert.Equal([null, 6, 6, 4], conv.Apply(image).Shape);

        var shared = Layers.Dense(3, name: "shared_dense");
        shared.Apply(features);
        var other = Input(shape: [7], name: "other");
        var reuse = Assert.Throws<ArgumentException>(() => shared.Apply(other));
        Assert.Contains("layer 'shared_dense' (Dense)", reuse.Message);
        Assert.Contains("(None, 5)", reuse.Message);
        Assert.Contains("(None, 7)", reuse.Message);

        var concat = Assert.Throws<ArgumentException>(() => Layers.Concatenate(name: "cat").Apply(image, features));
        Assert.Contains("layer 'cat' (Concatenate)", concat.Message);
    }

    [Fact]
    public void ModelRefusesOutputsNotReachableFromItsInputsAndDuplicateNames()
    {
        var a = Input(shape: [4], name: "a");
        var b = Input(shape: [4], name: "b");
        var sum = Layers.Add(name: "sum").Apply(a, b);
        var error = Assert.Throws<ArgumentException>(() => Model(a, sum, engine: EngineKind.Torch));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("'b'", error.Message);

        var x = Input(shape: [4], name: "x");
        var h = Layers.Dense(3, name: "twin").Apply(x);
        var y = Layers.Dense(2, name: "twin").Apply(h);
        var duplicate = Assert.Throws<ArgumentException>(() => Model(x, y, engine: EngineKind.Torch));
        Assert.Contains("'twin'", duplicate.Message);

        var notInput = Assert.Throws<ArgumentException>(() => Model(h, y, engine: EngineKind.Torch));
        Assert.Equal("inputs", notInput.ParamName);
        Assert.Throws<ArgumentException>(() => Input(shape: [0]));
        Assert.Throws<ArgumentException>(() => Input(shape: [3], dtype: "float31"));
    }

    [Fact]
    public void InputStartsASequentialAndLayersInputIsTheSame()
    {
        using var model = Sequential(Layers.Input(shape: [4], name: "seq_in"), Layers.Dense(2, name: "seq_out"));
        Assert.Equal([null, 4], model.InputShape);
        Assert.Equal(["seq_out"], model.Layers.Select(l => l.Name));
        Assert.Equal("seq_in", model.Input.Name);
        Assert.Equal([null, 2], model.Output.Shape);
        var tensor = Input(shape: [3], name: "t");
        var dense = Layers.Dense(2).Apply(tensor);
        Assert.Throws<ArgumentException>(() => Sequential(dense, Layers.Dense(2)));
    }
}
