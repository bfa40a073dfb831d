using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// A Keras 3.15.1 model whose graph holds ops written on symbolic tensors (<c>h[:, 0]</c>, <c>ops.mean</c>, <c>ops.matmul</c>,
/// <c>ops.softmax</c>, <c>ops.concatenate</c>, <c>ops.where</c>, ...; fixtures/keras-3.15.1/functional-ops/make_fixture.py):
/// both engines load it, predict as Keras did and print Keras's summary; the graph read back in C# (slice keys and lists
/// of tensors included) takes a new head and writes the ops as the file has them.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FunctionalOpsFixtureTests
{
    private static string Fixture(string extension) => Path.Combine(TestPaths.Keras3Fixtures, "functional-ops", "ops_model" + extension);

    private static float[,,] Inputs()
    {
        var flat = TestData.ReadCsv(Fixture(".inputs.csv"));
        var x = new float[flat.GetLength(0), 3, 4];
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        return x;
    }

    private static List<JsonNode> Operations(Model model) =>
        JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray()
            .Where(e => e!["module"]!.GetValue<string>().StartsWith("keras.src.ops.", StringComparison.Ordinal))
            .Select(e => e!)
            .ToList();

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void KerasFileWithOpsPredictsAndSummarizesAsKeras(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(Fixture(".keras"), engine: engine);
        var error = FixtureModels.MaxRelativeError(model.Predict(Inputs()), TestData.ReadCsvDouble(Fixture(".predictions.csv")));
        Assert.True(error <= FixtureModels.Tolerance, $"{engine}: max relative error {error:E2}");
        Assert.Equal(File.ReadAllText(Fixture(".summary.txt")), model.Summary());
        Assert.Equal(["x", "dense", "head"], model.Layers.Select(l => l.Name));
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void GraphWithOpsReadBackTakesANewHeadAndSavesExactly(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var loaded = Models.LoadModel(Fixture(".keras"), engine: engine);
        var head = Layers.Dense(2, name: "new_head").Apply(loaded.Output);
        using var model = Model(loaded.Input, head, name: "with_new_head", engine: engine);
        // The ops are written as Keras wrote them: GetItem's slice key, Concatenate's list, Where's three tensors, Pad's
        // constant_values keyword.
        var expected = Operations(loaded).ToDictionary(e => e["name"]!.GetValue<string>(), e => e.ToJsonString());
        var written = Operations(model);
        Assert.Equal(expected.Count, written.Count);
        foreach (var op in written)
        {
            Assert.Equal(expected[op["name"]!.GetValue<string>()], op.ToJsonString());
        }
        Assert.Equal([null, 2], model.OutputShape);

        using var folder = new TempDirectory();
        var x = Inputs();
        var predictions = model.Predict(x);
        var saved = Path.Combine(folder.Path, "with_new_head.keras");
        model.Save(saved);
        using var reloaded = Models.LoadModel(saved, engine: engine);
        Assert.Equal(predictions, reloaded.Predict(x));
    }
}
