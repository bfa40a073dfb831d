using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// <see cref="Ops"/> and slicing (<c>h[.., 0]</c>) on symbolic tensors: the ops land in the model's config as Keras writes
/// them (real Keras reads the config and writes the same op entries back), both engines compute the same predictions and
/// summary, the model saves and reloads exactly, and calls Keras refuses throw naming what is wrong.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OpsTests
{
    private static float[,] Matrix(int rows, int columns, double scale)
    {
        var m = new float[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                m[i, j] = (float)(scale * System.Math.Sin(1.3 * i + 0.7 * j + 0.1));
            }
        }
        return m;
    }

    private static Model Build(EngineKind engine)
    {
        ClearSession(); // the same automatic op names on each engine
        var x = Input(shape: [3, 4], name: "x");
        var h = Layers.Dense(4, name: "dense").Apply(x);
        var parts = Ops.Split(h[.., 0], [1], axis: 1); // (None, 1) and (None, 3), joined back the other way round
        var first = Ops.Concatenate([parts[1], parts[0]], axis: 1);
        var pooled = Ops.Mean(h, axis: 1);
        var peak = Ops.Max(h, axis: 1, keepdims: true)[.., 0];
        var attention = Ops.Softmax(Ops.Matmul(h, Ops.Transpose(h, [0, 2, 1])), axis: -1);
        var mixed = Ops.Pad(Ops.Reshape(Ops.Matmul(attention, h), -1, 12), [[0, 0], [1, 0]], constantValues: 0.25);
        var gated = Ops.Where(Ops.Greater(pooled, 0.0), Ops.Gelu(pooled, approximate: false), Ops.Clip(pooled, -0.2, 0.2));
        var stacked = Ops.Stack([first, Ops.Relu(peak)], axis: 1);
        var summed = Ops.Squeeze(Ops.ExpandDims(Ops.Sum(stacked, axis: 1), 1), axis: 1);
        var strided = Ops.Reshape(Ops.Tanh(Ops.Take(h, [2, 1], axis: 1)[.., .., TensorIndex.Slice(step: 2)]), -1, 4);
        var tail = Ops.Flip(h[TensorIndex.Ellipsis, ^1], axis: 1) + Ops.Std(h, axis: 2)[.., TensorIndex.NewAxis, 0]
            + Ops.Einsum("bij,bij->bi", h, h);
        var joined = Ops.Concatenate([mixed, gated, Ops.Cast(summed, "float32"), strided, Ops.LogSoftmax(tail)], axis: -1);
        var output = Layers.Dense(2, name: "head").Apply(joined);
        var model = Model(x, output, name: "with_ops", engine: engine);
        model.SetLayerWeights("dense", Matrix(4, 4, 0.8), new float[] { 0.1f, -0.2f, 0.05f, 0.3f });
        model.SetLayerWeights("head", Matrix(28, 2, 0.5), new float[] { 0.01f, -0.02f });
        return model;
    }

    // (4, 3, 4) inputs, shared with OpsCoverageTests.
    internal static float[,,] Inputs()
    {
        var x = new float[4, 3, 4];
        for (var i = 0; i < x.Length; i++)
        {
            x[i / 12, i / 4 % 3, i % 4] = (float)System.Math.Cos(0.37 * i);
        }
        return x;
    }

    // The model's op entries by name, as its config has them.
    internal static Dictionary<string, string> OperationEntries(Model model) =>
        JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray()
            .Where(e => e!["module"]!.GetValue<string>().StartsWith("keras.src.ops.", StringComparison.Ordinal))
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!.ToJsonString());

    [Fact]
    public void OpsWriteKerasConfigAndComputeTheSameOnBothEngines()
    {
        FixtureModels.Require(EngineKind.Keras);
        FixtureModels.Require(EngineKind.Torch);
        using var keras = Build(EngineKind.Keras);
        using var torch = Build(EngineKind.Torch);
        var kerasOps = OperationEntries(keras); // Keras's own get_config of the graph it read from ours
        var torchOps = OperationEntries(torch);
        Assert.Equal(kerasOps.Keys.Order(), torchOps.Keys.Order());
        foreach (var (name, entry) in torchOps)
        {
            Assert.Equal(kerasOps[name], entry);
        }
        Assert.Contains("get_item", torchOps.Keys);
        Assert.Contains("concatenate", torchOps.Keys);
        Assert.Equal(["x", "dense", "head"], torch.Layers.Select(l => l.Name));
        Assert.Equal(keras.Summary(), torch.Summary());

        var x = Inputs();
        var expected = keras.Predict(x);
        var error = FixtureModels.MaxRelativeError(torch.Predict(x), TestData.ToDouble(expected));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void ModelWithOpsSavesAndReloadsExactly(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        Assert.Equal([null, 2], model.OutputShape);
        var x = Inputs();
        var predictions = model.Predict(x);
        using var folder = new TempDirectory();
        var path = folder.Combine("with_ops.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(predictions, loaded.Predict(x));
        Assert.Equal(model.Summary(), loaded.Summary());
        // The loaded graph read back in C# (Split's two outputs, slice keys, lists) writes the same ops again.
        using var again = Model(loaded.Input, loaded.Output, name: "again", engine: engine);
        Assert.Equal(OperationEntries(model).OrderBy(e => e.Key), OperationEntries(again).OrderBy(e => e.Key));
        Assert.Equal(predictions, again.Predict(x));
    }

    [Fact]
    public void OpsGiveKerasShapesAndDtypes()
    {
        FixtureModels.Require(EngineKind.Torch);
        var x = Input(shape: [3, 4]);
        Assert.Equal([null, 4], x[.., 0].Shape);
        Assert.Equal([null, 3, 4, 1], x[TensorIndex.Ellipsis, TensorIndex.NewAxis].Shape);
        Assert.Equal([1, null, 3, 4], x[TensorIndex.NewAxis].Shape);
        Assert.Equal([null, 1, 3, 4], x[.., TensorIndex.NewAxis].Shape);
        Assert.Equal([null, 2, 2], x[.., ^2.., TensorIndex.Slice(1, null, 2)].Shape);
        Assert.Equal([null, 4, 3], Ops.Swapaxes(x, 1, 2).Shape);
        Assert.Equal([null, 3, 8], Ops.Concatenate([x, x], axis: -1).Shape);
        Assert.Equal([null, 2, 3, 4], Ops.Stack([x, x], axis: 1).Shape);
        Assert.Equal([null, 1, 4], Ops.Mean(x, axis: 1, keepdims: true).Shape);
        Assert.Equal([null], Ops.Sum(x, [1, 2]).Shape);
        Assert.Equal([null, 6, 4], Ops.Tile(x, 1, 2, 1).Shape);
        Assert.Equal([null, 3, 3], Ops.Einsum("bij,bkj->bik", x, x).Shape);
        Assert.Equal([[null, 3, 2], [null, 3, 2]], Ops.Split(x, 2, axis: -1).Select(t => t.Shape));
        Assert.Equal([null, 2, 4], Ops.Take(x, [0, -1], axis: 1).Shape);
        Assert.Equal([null, 5, 6], Ops.Pad(x, [[0, 0], [2, 0], [1, 1]], mode: "reflect").Shape);
        Assert.Equal([null, 3, null, 4], Ops.Take(x, Ops.Argmax(x, axis: 1), axis: 2).Shape); // indices (None, 4) in place of axis 2
        Assert.Equal("bool", Ops.Greater(x, 0.0).DType);
        Assert.Equal("int32", Ops.Argmax(x, axis: -1).DType);
        Assert.Equal([null, 3], Ops.Argmax(x, axis: -1).Shape);
        Assert.Equal("float64", Ops.Cast(x, "float64").DType);
        Assert.Equal("float32", Ops.Where(Ops.Less(x, 1.0), x, 0.0).DType);
    }

    [Fact]
    public void CallsKerasRefusesThrowNamingWhatIsWrong()
    {
        FixtureModels.Require(EngineKind.Torch);
        var x = Input(shape: [3, 4]);
        Assert.Contains("axis 3 is out of bounds for a tensor of rank 3", Assert.Throws<ArgumentException>(() => Ops.Mean(x, axis: 3)).Message,
            StringComparison.Ordinal);
        Assert.Contains("cannot squeeze axis 1 of (None, 3, 4)", Assert.Throws<ArgumentException>(() => Ops.Squeeze(x, axis: 1)).Message,
            StringComparison.Ordinal);
        Assert.Contains("must have the shape of the first", Assert.Throws<ArgumentException>(() => Ops.Concatenate([x, Input(shape: [2, 4])], axis: -1)).Message,
            StringComparison.Ordinal);
        Assert.Contains("has more indices than the tensor", Assert.Throws<ArgumentException>(() => x[.., 0, 0, 0]).Message, StringComparison.Ordinal);
        Assert.Contains("index 5 is out of bounds", Assert.Throws<ArgumentException>(() => x[.., 5]).Message, StringComparison.Ordinal);
        Assert.Contains("argument 'mode' of Pad", Assert.Throws<ArgumentException>(() => Ops.Pad(x, [[1, 1]], mode: "edge")).Message,
            StringComparison.Ordinal);
        Assert.Contains("argument 'dtype' of Cast", Assert.Throws<ArgumentException>(() => Ops.Cast(x, "float8")).Message, StringComparison.Ordinal);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => TensorIndex.Slice(step: -1)).ParamName);
        Assert.Equal("xMax", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Clip(x, 0, double.NaN)).ParamName);
        Assert.Throws<ArgumentException>(() => Ops.Concatenate([], axis: 0));
        Assert.Contains("output subscript 'k' is not among", Assert.Throws<ArgumentException>(() => Ops.Einsum("bij->bk", x)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Ops.Relu(null!));
    }
}
