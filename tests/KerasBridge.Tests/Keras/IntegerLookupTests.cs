using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// IntegerLookup from C#: Input(int) → IntegerLookup(one_hot) → Dense trains and predicts on the PyTorch engine (each
/// prediction is the Dense row of the token's index: kernel[index] + bias), adapt from data orders the vocabulary as
/// Keras does, and on the Keras engine (no TensorFlow here) Keras's own "requires TensorFlow" error reaches .NET.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class IntegerLookupTests
{
    private static readonly int[] Vocabulary = [12, 36, 1138, 42];

    private static Model Build(EngineKind engine)
    {
        ClearSession();
        var tokens = Input(shape: [1], name: "tokens", dtype: "int32");
        var encoded = Layers.IntegerLookup(vocabulary: Vocabulary, outputMode: "one_hot", name: "lookup").Apply(tokens);
        Assert.Equal([null, 5], encoded.Shape);
        Assert.Equal("float32", encoded.DType);
        var head = Layers.Dense(2, name: "head").Apply(encoded);
        return Model(tokens, head, name: "lookup_model", engine: engine);
    }

    [Fact]
    public void OneHotLookupFitsAndPredictsOnThePyTorchEngine()
    {
        using var model = Build(EngineKind.Torch);
        var x = new float[,] { { 12 }, { 36 }, { 1138 }, { 42 }, { 7 }, { 1000 } };
        var y = new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 0, 0 }, { 1, 0 }, { 1, 0 } };
        model.Compile("adam", "mse");
        var history = model.Fit(x, y, epochs: 1, batchSize: 3);
        Assert.True(double.IsFinite(history["loss"][0]));
        var predicted = model.Predict(x);
        var weights = model.GetLayerWeights("head");
        var kernel = (float[,])weights[0];
        var bias = (float[])weights[1];
        Assert.Equal(5, kernel.GetLength(0));
        // Index 0 is the OOV slot (7, 1000); the vocabulary takes 1..4 in its order.
        int[] indices = [1, 2, 3, 4, 0, 0];
        for (var row = 0; row < indices.Length; row++)
        {
            for (var unit = 0; unit < 2; unit++)
            {
                Assert.Equal(kernel[indices[row], unit] + bias[unit], predicted[row, unit], 5);
            }
        }
    }

    [Fact]
    public void AdaptedVocabularyIsOrderedByFrequencyAndSurvivesSaveAndLoad()
    {
        ClearSession();
        var tokens = Input(shape: [3], name: "tokens", dtype: "int32");
        var indices = Layers.IntegerLookup(maskToken: 0, name: "lookup").Apply(tokens);
        Assert.Equal("int64", indices.DType);
        using var model = Model(tokens, indices, engine: EngineKind.Torch);
        model.AdaptLayer("lookup", new int[,] { { 12, 1138, 42 }, { 42, 1000, 36 } });
        var x = new float[,] { { 12, 1138, 42 }, { 42, 0, 5 } };
        // Keras's docstring order: 42 (twice), then the rest larger first; after the mask slot 0 and the OOV slot 1.
        var expected = new float[,] { { 6, 3, 2 }, { 2, 0, 1 } };
        Assert.Equal(expected, model.Predict(x));
        using var dir = new TempDirectory();
        var path = dir.Combine("lookup.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: EngineKind.Torch);
        Assert.Equal(expected, loaded.Predict(x));
    }

    [Fact]
    public void KerasEngineSaysTensorFlowIsRequired() =>
        TensorFlowLayers.AssertKerasRequiresTensorFlow("IntegerLookup", () => Build(EngineKind.Keras).Dispose());

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        Assert.Equal("maxTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.IntegerLookup(maxTokens: 1)).ParamName);
        Assert.Equal("invert", Assert.Throws<ArgumentException>(() => Layers.IntegerLookup(invert: true, outputMode: "count")).ParamName);
        Assert.Equal("outputMode", Assert.Throws<ArgumentException>(() => Layers.IntegerLookup(outputMode: "bogus")).ParamName);
    }
}
