using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// ReversibleEmbedding through the C# Functional API on both engines: one layer called forward on ids and in reverse
/// (reverse=True in its second graph node, as Keras records it) on vectors, giving logits over the vocabulary; the model
/// trains, saves and loads exactly, and a model saved by one engine predicts the same on the other.
/// </summary>
public sealed class ReversibleEmbeddingTests
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static Model Build(EngineKind engine, bool tieWeights)
    {
        var ids = Input(shape: [4], name: "ids");
        var embedding = Layers.ReversibleEmbedding(10, 3, tieWeights: tieWeights, logitSoftCap: tieWeights ? null : 2.0,
            embeddingsInitializer: Initializers.RandomNormal(stddev: 1.0, seed: 2), name: "tokens");
        var hidden = Layers.Dense(3, activation: "tanh", name: "hidden").Apply(embedding.Apply(ids, reverse: false));
        var logits = embedding.Apply(hidden, reverse: true);
        Assert.Equal([null, 4, 10], logits.Shape);
        return Model(inputs: ids, outputs: logits, name: "language_model", engine: engine);
    }

    private static float[,] Ids(int seed)
    {
        var random = new Random(seed);
        var ids = new float[6, 4];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                ids[i, j] = random.Next(10);
            }
        }
        return ids;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ReverseCallGivesLogitsTrainsAndRoundTrips(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        using var model = Build(engine, tieWeights: false);
        var nodes = JsonNode.Parse(model.ToJson())!["config"]!["layers"]!.AsArray()
            .Single(l => (string?)l!["name"] == "tokens")!["inbound_nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        Assert.True((bool)nodes[1]!["kwargs"]!["reverse"]!);
        // Untied: embeddings (10, 3) then reverse_embeddings (3, 10).
        var weights = model.GetLayerWeights("tokens");
        Assert.Equal(2, weights.Count);
        Assert.Equal((10, 3), (weights[0].GetLength(0), weights[0].GetLength(1)));
        Assert.Equal((3, 10), (weights[1].GetLength(0), weights[1].GetLength(1)));
        var x = Ids(1);
        var logits = model.Predict<float[,,]>(x);
        Assert.All(logits.Cast<float>(), v => Assert.True(Math.Abs(v) < 2.0f, $"soft-capped logit {v}"));
        model.Compile("adam", Losses.SparseCategoricalCrossentropy(fromLogits: true));
        var history = model.Fit(x, x, epochs: 3, batchSize: 3, shuffle: false);
        Assert.True(history["loss"][2] < history["loss"][0], $"loss {history["loss"][0]} -> {history["loss"][2]}");
        var before = model.Predict<float[,,]>(x);
        using var dir = new TempDirectory();
        var path = dir.Combine("lm.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(before, loaded.Predict<float[,,]>(x));
    }

    [Theory]
    [InlineData(EngineKind.Keras, EngineKind.Torch)]
    [InlineData(EngineKind.Torch, EngineKind.Keras)]
    public void ModelSavedByOneEnginePredictsTheSameOnTheOther(EngineKind from, EngineKind to)
    {
        EngineSupport.RequireKeras();
        using var model = Build(from, tieWeights: true);
        var x = Ids(3);
        var expected = model.Predict<float[,,]>(x).Cast<float>().ToArray();
        using var dir = new TempDirectory();
        var path = dir.Combine("lm.keras");
        model.Save(path);
        using var other = Models.LoadModel(path, engine: to);
        var actual = other.Predict<float[,,]>(x).Cast<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var tolerance = FixtureModels.Tolerance * Math.Max(Math.Abs(expected[k]), 1e-2);
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"element {k}: {from} {expected[k]:R}, {to} {actual[k]:R}");
        }
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingThem()
    {
        Assert.Equal("reverseDtype", Assert.Throws<ArgumentException>(() => Layers.ReversibleEmbedding(10, 3, reverseDtype: "int8")).ParamName);
        Assert.Equal("logitSoftCap", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.ReversibleEmbedding(10, 3, logitSoftCap: 0.0)).ParamName);
        Assert.Equal("inputDim", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.ReversibleEmbedding(0, 3)).ParamName);
    }
}
