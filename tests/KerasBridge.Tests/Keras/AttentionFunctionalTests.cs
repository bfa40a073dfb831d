using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Attention, AdditiveAttention, GroupQueryAttention and EinsumDense through the C# Functional API on both engines: the
/// call flags (use_causal_mask, return_attention_scores) reach the graph as Keras records them, the outputs have Keras's
/// shapes and semantics (softmax rows, the causal mask), the model trains, saves and loads exactly, and a model saved by
/// one engine predicts the same on the other (real Keras's numbers within 1e-4 relative).
/// </summary>
public sealed class AttentionFunctionalTests
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static void Require(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
    }

    private sealed record Graph(KerasTensor Query, KerasTensor Value, KerasTensor Causal, KerasTensor Scores, KerasTensor Projected);

    private static Graph Build()
    {
        var query = Input(shape: [3, 4], name: "query");
        var value = Input(shape: [5, 4], name: "value");
        var causal = Layers.Attention(useScale: true, scoreMode: "concat", name: "att").Apply(query, query, useCausalMask: true);
        var (additive, scores) = Layers.AdditiveAttention(name: "add").ApplyWithScores(query, value);
        var grouped = Layers.GroupedQueryAttention(2, 4, 2, useGate: true, name: "gqa").Apply(query, value);
        var joined = Layers.Concatenate(name: "joined").Apply(causal, additive, grouped);
        var projected = Layers.EinsumDense("abc,cd->abd", [null, 2], biasAxes: "d", name: "proj").Apply(joined);
        return new(query, value, causal, scores, projected);
    }

    private static Dictionary<string, Array> Inputs(int seed)
    {
        var random = new Random(seed);
        var query = new float[6, 3, 4];
        var value = new float[6, 5, 4];
        foreach (var array in new Array[] { query, value })
        {
            var flat = new float[array.Length];
            for (var i = 0; i < flat.Length; i++)
            {
                flat[i] = (float)(random.NextDouble() * 2 - 1);
            }
            Buffer.BlockCopy(flat, 0, array, 0, flat.Length * sizeof(float));
        }
        return new() { ["query"] = query, ["value"] = value };
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void AttentionGraphRunsTrainsAndRoundTrips(EngineKind engine)
    {
        Require(engine);
        var g = Build();
        Assert.Equal([null, 3, 4], g.Causal.Shape);
        Assert.Equal([null, 3, 5], g.Scores.Shape);
        Assert.Equal([null, null, 2], g.Projected.Shape); // EinsumDense keeps output_shape's null, as Keras does
        using var model = Model(inputs: [g.Query, g.Value], outputs: [g.Projected, g.Scores, g.Causal], name: "attention_graph", engine: engine);

        // The flags are in the nodes as Keras writes them.
        var layers = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray();
        JsonNode Kwargs(string name) => layers.Single(l => (string?)l!["name"] == name)!["inbound_nodes"]![0]!["kwargs"]!;
        Assert.True((bool)Kwargs("att")["use_causal_mask"]!);
        Assert.True((bool)Kwargs("add")["return_attention_scores"]!);
        Assert.Equal("GroupQueryAttention", (string?)layers.Single(l => (string?)l!["name"] == "gqa")!["class_name"]);

        var x = Inputs(1);
        var outputs = model.PredictOutputs(x);
        var scores = (float[,,])outputs["add"];
        for (var n = 0; n < 6; n++)
        {
            for (var i = 0; i < 3; i++)
            {
                var sum = Enumerable.Range(0, 5).Sum(j => scores[n, i, j]);
                Assert.True(Math.Abs(sum - 1) < 1e-5, $"softmax row ({n}, {i}) sums to {sum}");
            }
        }
        // Causal self-attention: the first query step attends only to itself, so it returns the first value step.
        var causal = (float[,,])outputs["att"];
        var query = (float[,,])x["query"];
        for (var n = 0; n < 6; n++)
        {
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(query[n, 0, k], causal[n, 0, k], 5);
            }
        }
        Assert.Equal([6, 3, 2], NumpyArrays.Shape(outputs["proj"]));

        using var dir = new TempDirectory();
        var path = dir.Combine("attention.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        var again = loaded.PredictOutputs(x);
        foreach (var name in new[] { "proj", "add", "att" })
        {
            Assert.Equal(outputs[name], again[name]);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void AttentionHeadTrains(EngineKind engine)
    {
        Require(engine);
        var g = Build();
        using var model = Model(inputs: [g.Query, g.Value], outputs: g.Projected, name: "attention_head", engine: engine);
        model.Compile("sgd", "mse");
        var x = Inputs(2);
        var y = new Dictionary<string, Array> { ["proj"] = new float[6, 3, 2] };
        var before = model.PredictOutputs(x)["proj"];
        var history = model.Fit(x, y, epochs: 3, batchSize: 3, shuffle: false);
        Assert.True(history["loss"][2] < history["loss"][0], $"loss {history["loss"][0]} -> {history["loss"][2]}");
        Assert.NotEqual(before, model.PredictOutputs(x)["proj"]);
    }

    [Theory]
    [InlineData(EngineKind.Keras, EngineKind.Torch)]
    [InlineData(EngineKind.Torch, EngineKind.Keras)]
    public void ModelSavedByOneEnginePredictsTheSameOnTheOther(EngineKind from, EngineKind to)
    {
        EngineSupport.RequireKeras();
        var g = Build();
        using var model = Model(inputs: [g.Query, g.Value], outputs: [g.Projected, g.Scores, g.Causal], name: "attention_graph", engine: from);
        var x = Inputs(3);
        var expected = model.PredictOutputs(x);
        using var dir = new TempDirectory();
        var path = dir.Combine("attention.keras");
        model.Save(path);
        using var other = Models.LoadModel(path, engine: to);
        var actual = other.PredictOutputs(x);
        foreach (var (name, array) in expected)
        {
            var e = array.Cast<float>().ToArray();
            var a = actual[name].Cast<float>().ToArray();
            Assert.Equal(NumpyArrays.Shape(array), NumpyArrays.Shape(actual[name]));
            for (var k = 0; k < e.Length; k++)
            {
                var tolerance = FixtureModels.Tolerance * Math.Max(Math.Abs(e[k]), 1e-2);
                Assert.True(Math.Abs(e[k] - a[k]) <= tolerance, $"{name} element {k}: {from} {e[k]:R}, {to} {a[k]:R}");
            }
        }
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("scoreMode", Assert.Throws<ArgumentException>(() => Layers.Attention(scoreMode: "general")).ParamName);
        Assert.Equal("dropout", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.AdditiveAttention(dropout: 1.5)).ParamName);
        Assert.Equal("numQueryHeads", Assert.Throws<ArgumentException>(() => Layers.GroupedQueryAttention(2, 3, 2)).ParamName);
        Assert.Equal("equation", Assert.Throws<ArgumentException>(() => Layers.EinsumDense("ab->b", [3])).ParamName);
        Assert.Equal("biasAxes", Assert.Throws<ArgumentException>(() => Layers.EinsumDense("ab,bc->ac", [3], biasAxes: "x")).ParamName);
        var query = Input(shape: [3, 4]);
        var wide = Input(shape: [5, 6]);
        var e = Assert.Throws<ArgumentException>(() => Layers.Attention(name: "mismatch").Apply(query, wide));
        Assert.Contains("mismatch", e.Message);
        Assert.Contains("same feature size", e.Message);
    }
}
