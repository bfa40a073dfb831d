using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// <c>x[TensorIndex.NewAxis]</c>, Keras's <c>x[(None,)]</c> (Keras refuses a bare <c>x[None]</c> on a KerasTensor: GetItem's
/// compute_output_spec takes an int, a tuple or a list): the key is written as Keras writes it, <c>[null]</c>, reads back into a
/// C# graph, and both engines run it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NewAxisKeyTests
{
    private static Model Build(EngineKind engine)
    {
        ClearSession();
        var x = Input(shape: [3], name: "x");
        var h = Layers.Dense(3, name: "dense").Apply(x);
        // (1, None, 3) and back to (None, 1, 3): the new axis in front of the batch.
        // A lone slice and a lone Ellipsis go as lists too (Keras refuses x[:] and x[...] alone).
        var output = Ops.Swapaxes(h[TensorIndex.NewAxis], 0, 1)[.., 0] * 2.0 + h[..] + h[TensorIndex.Ellipsis];
        var model = Model(x, output, name: "new_axis", engine: engine);
        model.SetLayerWeights("dense", new float[,] { { 0.5f, -0.25f, 0.1f }, { 0.3f, 0.2f, -0.4f }, { -0.6f, 0.7f, 0.05f } },
            new float[] { 0.1f, -0.2f, 0.3f });
        return model;
    }

    private static readonly float[,] X = { { 1f, 2f, 3f }, { -0.5f, 0.25f, 4f } };

    // The first GetItem: the new axis.
    private static JsonNode GetItemArgs(Model model, string name = "get_item") =>
        JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == name)!;

    private static string Key(Model model, string name = "get_item") => GetItemArgs(model, name)["inbound_nodes"]![0]!["args"]![1]!.ToJsonString();

    [Fact]
    public void LoneNewAxisIsWrittenAsKerasWritesIt()
    {
        FixtureModels.Require(EngineKind.Torch);
        using var torch = Build(EngineKind.Torch);
        Assert.Equal("[null]", Key(torch));
        Assert.EndsWith("},0]", Key(torch, "get_item_1"), StringComparison.Ordinal); // [slice, 0]
        Assert.Equal("""[{"class_name":"__slice__","config":{"start":null,"stop":null,"step":null}}]""", Key(torch, "get_item_2"));
        Assert.Equal("""[{"class_name":"__ellipsis__","config":{}}]""", Key(torch, "get_item_3"));
        Assert.Equal("0", Input(shape: [3])[0].Node.Arguments![1]!.ToJsonString()); // a lone int goes alone, as Keras takes it
        Assert.Equal([1, null, 3], Input(shape: [3])[TensorIndex.NewAxis].Shape);
    }

    [Fact]
    public void BothEnginesAgreeAndKerasWritesTheSameConfigBack()
    {
        FixtureModels.Require(EngineKind.Keras);
        FixtureModels.Require(EngineKind.Torch);
        using var keras = Build(EngineKind.Keras);
        using var torch = Build(EngineKind.Torch);
        foreach (var name in new[] { "get_item", "get_item_1", "get_item_2", "get_item_3" })
        {
            Assert.Equal(GetItemArgs(keras, name).ToJsonString(), GetItemArgs(torch, name).ToJsonString()); // Keras's get_config of the graph it read
        }
        var expected = keras.Predict(X);
        var error = FixtureModels.MaxRelativeError(torch.Predict(X), TestData.ToDouble(expected));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void RoundTripsThroughJsonAndFiles(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        var predictions = model.Predict(X);
        using var fromJson = Models.ModelFromJson(model.ToJson(), engine);
        Assert.Equal(model.ToJson(), fromJson.ToJson());
        // The graph read back in C# writes the same key again.
        using var again = Model(fromJson.Input, fromJson.Output, name: "new_axis", engine: engine);
        Assert.Equal(GetItemArgs(model).ToJsonString(), GetItemArgs(again).ToJsonString());
        using var folder = new TempDirectory();
        var path = folder.Combine("new_axis.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(predictions, loaded.Predict(X));
        Assert.Equal(model.ToJson(), loaded.ToJson());
    }


    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void BareNullKeyIsRefusedAsKerasRefusesIt(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        var config = JsonNode.Parse(model.ToJson())!;
        var entry = config["config"]!["layers"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == "get_item")!;
        entry["inbound_nodes"]![0]!["args"]![1] = null; // x[None], which no Keras model holds
        var error = Assert.ThrowsAny<Exception>(() => Models.ModelFromJson(config.ToJsonString(), engine));
        Assert.Contains(engine == EngineKind.Keras ? "Unsupported key type" : "unsupported key type", error.Message, StringComparison.Ordinal);
    }
}
