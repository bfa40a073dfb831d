using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Arithmetic on symbolic tensors (<c>1.0 - h * 2.0 + x / 4.0</c>), as Keras's KerasTensor operators: each records a Keras op
/// (keras.src.ops.numpy) with its numbers in place; the model computes it on both engines, leaves the ops out of Layers,
/// lists them in the summary, and saves and reloads exactly.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class KerasTensorOperatorTests
{
    private static readonly float[,] Kernel = { { 0.5f, -1f, 0.25f }, { 2f, 0.1f, -0.3f } };
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    private static Model Build(EngineKind engine)
    {
        var x = Input(shape: [2], name: "x");
        var scale = Input(shape: [1], name: "scale");
        var h = Layers.Dense(3, name: "dense").Apply(x);
        // Multiply (number second), Subtract (number first), TrueDivide with a broadcast (None, 3) / (None, 1), Add, Negative.
        var y = -((1.0 - h * 2.0) + h / scale);
        var model = Model([x, scale], y, name: "arithmetic", engine: engine);
        model.SetLayerWeights("dense", Kernel, Bias);
        return model;
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void OperatorsRecordKerasOpsThatComputeOnBothEngines(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        var layers = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray();
        var ops = layers.Where(e => e!["module"]!.GetValue<string>() == "keras.src.ops.numpy").ToList();
        Assert.Equal(["Multiply", "Subtract", "TrueDivide", "Add", "Negative"], ops.Select(e => e!["class_name"]!.GetValue<string>()));
        Assert.Equal(2.0, ops[0]!["inbound_nodes"]![0]!["args"]![1]!.GetValue<double>());
        Assert.Equal(1.0, ops[1]!["inbound_nodes"]![0]!["args"]![0]!.GetValue<double>());
        Assert.All(ops, e => Assert.Equal(e!["class_name"]!.GetValue<string>(), e["registered_name"]!.GetValue<string>()));
        Assert.Equal(["dense", "scale", "x"], model.Layers.Select(l => l.Name).Order());
        Assert.Equal(model.LayerNames, model.Layers.Select(l => l.Name));
        Assert.Contains("(Negative)", model.Summary(), StringComparison.Ordinal);

        var xs = new float[,] { { 1f, 2f }, { -0.5f, 0.25f }, { 3f, -1f } };
        var scales = new float[,] { { 2f }, { -4f }, { 0.5f } };
        var got = model.Predict(new Dictionary<string, Array> { ["x"] = xs, ["scale"] = scales });
        var expected = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var h = xs[i, 0] * Kernel[0, j] + xs[i, 1] * Kernel[1, j] + Bias[j];
                expected[i, j] = -((1.0 - h * 2.0) + h / scales[i, 0]);
            }
        }
        Assert.True(FixtureModels.MaxRelativeError(got, expected) <= FixtureModels.Tolerance);

        using var folder = new TempDirectory();
        var path = folder.Combine("arithmetic.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(got, loaded.Predict(new Dictionary<string, Array> { ["x"] = xs, ["scale"] = scales }));
    }

    [Fact]
    public void OperatorsBroadcastAsKerasAndRefuseShapesItRefuses()
    {
        FixtureModels.Require(EngineKind.Torch);
        var a = Input(shape: [3, 4]);
        var b = Input(shape: [3, 1]);
        Assert.Equal([null, 3, 4], (a * b).Shape);
        Assert.Equal([null, 3, 4], (0.5 + a).Shape);
        var c = Input(shape: [3, 5]);
        var error = Assert.Throws<ArgumentException>(() => a + c);
        Assert.Contains("cannot broadcast shapes (None, 3, 4) and (None, 3, 5)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => a * double.NaN);
        Assert.Throws<ArgumentNullException>(() => a + (KerasTensor)null!);
    }
}
