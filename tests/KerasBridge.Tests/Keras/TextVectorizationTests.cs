using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// TextVectorization from C#: a string Input fed <c>string[]</c> texts → TextVectorization(multi_hot) → Dense, adapted from
/// C# strings, trains and predicts on the PyTorch engine (each prediction is the Dense of the text's multi-hot row over the
/// adapted vocabulary, worked out by hand), and survives .keras save/load. On the Keras engine (no TensorFlow here) Keras's
/// own "requires TensorFlow" error reaches .NET. The string steps are checked against Keras's documentation in
/// tests/python/test_text_vectorization.py.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TextVectorizationTests
{
    private static readonly string[] Texts = ["The cat sat.", "A dog!", "the CAT, the dog", "sat sat"];

    private static readonly float[,] Targets = { { 1 }, { 0 }, { 1 }, { 0 } };

    private static Model Build(EngineKind engine)
    {
        ClearSession();
        // One text per sample: a string[] fills the (batch, 1) Input, as Keras's Functional adds the trailing axis.
        var text = Input(shape: [1], name: "text", dtype: "string");
        // Padded to maxTokens, the encoding's width is known before adapt, so the Dense builds.
        var encoded = Layers.TextVectorization(maxTokens: 8, outputMode: "multi_hot", padToMaxTokens: true, name: "vectorize").Apply(text);
        Assert.Equal([null, 8], encoded.Shape);
        Assert.Equal("float32", encoded.DType);
        var model = Model(text, Layers.Dense(1, name: "head").Apply(encoded), name: "texts", engine: engine);
        model.Compile("adam", "mse");
        return model;
    }

    /// <summary>multi_hot · kernel + bias: the adapted vocabulary is [UNK], the, sat, dog, cat, a (by count; ties: the larger first).</summary>
    private static double[,] Expected(Model model, int[][] tokens)
    {
        var weights = model.GetLayerWeights("head");
        var kernel = (float[,])weights[0];
        var bias = (float[])weights[1];
        Assert.Equal(8, kernel.GetLength(0));
        var expected = new double[tokens.Length, 1];
        for (var row = 0; row < tokens.Length; row++)
        {
            expected[row, 0] = bias[0] + tokens[row].Sum(t => (double)kernel[t, 0]);
        }
        return expected;
    }

    [Fact]
    public void MultiHotTextsAdaptFitAndPredictOnThePyTorchEngine()
    {
        using var model = Build(EngineKind.Torch);
        model.AdaptLayer("vectorize", Texts);
        var history = model.Fit(Texts, Targets, epochs: 2, batchSize: 2);
        Assert.Equal(2, history["loss"].Count);
        Assert.All(history["loss"], l => Assert.True(double.IsFinite(l)));
        string[] texts = [.. Texts, "The zebra?"];
        var predicted = model.Predict(texts);
        int[][] tokens = [[1, 4, 2], [5, 3], [1, 4, 3], [2], [0, 1]];
        var error = FixtureModels.MaxRelativeError(predicted, Expected(model, tokens));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");

        using var dir = new TempDirectory();
        var path = dir.Combine("texts.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: EngineKind.Torch);
        Assert.Equal(predicted, loaded.Predict(texts));
    }

    [Fact]
    public void KerasEngineNeedsTensorFlowForTextVectorization() =>
        TensorFlowLayers.AssertKerasRequiresTensorFlow("TextVectorization", () => Build(EngineKind.Keras).Dispose());

    [Fact]
    public void FactoryWritesKerasConfigAndNamesBadArguments()
    {
        var config = Layers.TextVectorization(maxTokens: 20, ngrams: new[] { 1, 3 }, outputSequenceLength: 5, vocabulary: ["a", "b"]).Config;
        Assert.Equal("""{"max_tokens":20,"standardize":"lower_and_strip_punctuation","split":"whitespace","ngrams":[1,3],"output_mode":"int","output_sequence_length":5,"pad_to_max_tokens":false,"sparse":false,"ragged":false,"vocabulary":["a","b"],"idf_weights":null,"encoding":"utf-8"}""",
            Without(config, "name", "trainable", "dtype"));
        Assert.Equal(2, (int)Layers.TextVectorization(ngrams: 2, standardize: null, split: null).Config["ngrams"]!);
        Assert.Equal("standardize", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(standardize: "upper")).ParamName);
        Assert.Equal("split", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(split: "comma")).ParamName);
        Assert.Equal("ngrams", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(ngrams: 0)).ParamName);
        Assert.Equal("outputSequenceLength", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(outputMode: "count", outputSequenceLength: 3)).ParamName);
        Assert.Equal("ragged", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(outputMode: "count", ragged: true)).ParamName);
        Assert.Equal("idfWeights", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(outputMode: "tf_idf", vocabulary: ["a"])).ParamName);
        Assert.Equal("vocabulary", Assert.Throws<ArgumentException>(() => Layers.TextVectorization(vocabulary: ["a", null!])).ParamName);
    }

    private static string Without(JsonObject config, params string[] keys)
    {
        var copy = (JsonObject)config.DeepClone();
        foreach (var key in keys)
        {
            copy.Remove(key);
        }
        return copy.ToJsonString();
    }
}
