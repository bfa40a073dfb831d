using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Discretization and CategoryEncoding through the C# Functional API: the int32 bin indices are recorded with Keras's dtype,
/// the counts are the ones computed by hand, and real Keras writes the graph back as C# wrote it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CategoryFunctionalTests
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static Model Build(EngineKind engine)
    {
        ClearSession();
        var x = Input(shape: [6], name: "x");
        var bins = Layers.Discretization([-1.0, 0.0, 1.0], name: "bins").Apply(x);
        Assert.Equal("int32", bins.DType);
        var counts = Layers.CategoryEncoding(4, outputMode: "count", name: "counts").Apply(bins);
        Assert.Equal("float32", counts.DType);
        Assert.Equal([null, 4], counts.Shape);
        return Model(x, counts, name: "binned", engine: engine);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void BinCountsAreKeras(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        // Bins [b_i, b_i+1): -1.5 -> 0, -1 -> 1, -0.2 -> 1, 0 -> 2, 0.7 -> 2, 3 -> 3.
        var y = model.Predict(new float[,] { { -1.5f, -1f, -0.2f, 0f, 0.7f, 3f }, { 5f, 5f, 5f, 5f, 5f, -5f } });
        Assert.Equal(new float[,] { { 1, 2, 2, 1 }, { 1, 0, 0, 5 } }, y);
        var layers = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray();
        var recorded = layers.Single(l => (string?)l!["name"] == "counts")!["inbound_nodes"]![0]!["args"]![0]!["config"]!["dtype"];
        Assert.Equal("int32", (string?)recorded);
        Assert.False(((JsonObject)layers.Single(l => (string?)l!["name"] == "bins")!["config"]!).ContainsKey("trainable"));
    }
}
