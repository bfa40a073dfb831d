using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Ops.Average, Ops.MultiHot and Ops.Unstack in one Functional model: the shapes and dtypes Keras gives, values checked by
/// hand, both engines predict alike, and the model saves and reloads exactly.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OpsEncodingTests
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static Model Build(EngineKind engine)
    {
        ClearSession();
        var x = Input(shape: [3, 4], name: "x");
        var ids = Input(shape: [5], name: "ids");
        var rows = Ops.Unstack(x, axis: 1);
        Assert.Equal(3, rows.Count);
        Assert.Equal([null, 4], rows[0].Shape);
        var mean = Ops.Average(x, axis: 2);
        Assert.Equal([null, 3], mean.Shape);
        var classes = Ops.MultiHot(ids, 6);
        Assert.Equal([null, 6], classes.Shape);
        Assert.Equal("float32", classes.DType); // Keras records the input's dtype (float32 here)
        var joined = Ops.Concatenate([mean, classes, Ops.Subtract(rows[2], rows[0])], axis: -1);
        return Model(inputs: [x, ids], outputs: joined, name: "encoding", engine: engine);
    }

    private static Dictionary<string, Array> Inputs()
    {
        var x = new float[2, 3, 4];
        for (var n = 0; n < 2; n++)
        {
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 4; c++)
                {
                    x[n, r, c] = 0.5f * r - 0.25f * c + n;
                }
            }
        }
        return new() { ["x"] = x, ["ids"] = new float[,] { { 0, 1, 1, 5, 2 }, { 3, 3, 3, 3, -1 } } };
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ValuesAreKerasOpsAndTheModelRoundTrips(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        var kwargs = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray()
            .Single(l => (string?)l!["class_name"] == "Average")!["inbound_nodes"]![0]!["kwargs"]!.AsObject();
        Assert.True(kwargs.ContainsKey("weights") && kwargs["weights"] is null);
        var x = Inputs();
        var y = model.Predict(x);
        Assert.Equal((2, 13), (y.GetLength(0), y.GetLength(1)));
        var input = (float[,,])x["x"];
        for (var n = 0; n < 2; n++)
        {
            for (var r = 0; r < 3; r++)
            {
                Assert.Equal(Enumerable.Range(0, 4).Average(c => input[n, r, c]), y[n, r], 5);
            }
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(input[n, 2, c] - input[n, 0, c], y[n, 9 + c], 5);
            }
        }
        Assert.Equal(new float[] { 1, 1, 1, 0, 0, 1 }, Enumerable.Range(3, 6).Select(k => y[0, k]));
        Assert.Equal(new float[] { 0, 0, 0, 1, 0, 0 }, Enumerable.Range(3, 6).Select(k => y[1, k])); // -1: no class
        using var folder = new TempDirectory();
        var path = folder.Combine("encoding.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(y, loaded.Predict(x));
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        FixtureModels.Require(EngineKind.Torch);
        var x = Input(shape: [3, 4]);
        Assert.Equal("numClasses", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.MultiHot(x, 0)).ParamName);
        Assert.Contains("num=2 differs from the size 3 of axis 1", Assert.Throws<ArgumentException>(() => Ops.Unstack(x, num: 2, axis: 1)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Ops.Average(null!));
    }
}
