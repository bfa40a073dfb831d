using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// TextVectorization in "int" mode with a split and no outputSequenceLength pads each batch to its own longest row, as
/// Keras's call densifies the ragged tokens of each batch: from C# <c>string[]</c> texts on the PyTorch engine, a
/// Predict with batchSize 2 equals the model run on each batch alone, and a model that outputs the token sequences is
/// refused naming batchSize when its batches differ in length (Keras's predict fails to concatenate them too). The
/// formula and fit are checked in tests/python/test_text_vectorization_batches.py.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TextVectorizationBatchTests
{
    // Batches of 2: longest rows 5, 2 and 3 tokens.
    private static readonly string[] Texts = ["a b c d a", "a", "b c", "c b", "a a a", ""];

    private static Model Build(bool pooled)
    {
        ClearSession();
        var text = Input(shape: [1], name: "text", dtype: "string");
        var indices = Layers.TextVectorization(vocabulary: ["a", "b", "c"], name: "vectorize").Apply(text);
        var embedded = Layers.Embedding(5, 2, name: "embedding").Apply(indices);
        var output = pooled ? Layers.Dense(1, name: "head").Apply(Layers.GlobalAveragePooling1D().Apply(embedded)) : embedded;
        return Model(text, output, name: "texts", engine: EngineKind.Torch);
    }

    [Fact]
    public void PredictPadsEachBatchToItsLongestRow()
    {
        using var model = Build(pooled: true);
        var predicted = model.Predict(Texts, batchSize: 2);
        for (var start = 0; start < Texts.Length; start += 2)
        {
            var alone = model.Predict(Texts[start..(start + 2)]);
            Assert.Equal(alone[0, 0], predicted[start, 0]);
            Assert.Equal(alone[1, 0], predicted[start + 1, 0]);
        }
        // One batch pads every row to 5 tokens, which changes the short rows' averages.
        var whole = model.Predict(Texts, batchSize: 6);
        Assert.True(Math.Abs(whole[2, 0] - predicted[2, 0]) > 1e-4, $"{whole[2, 0]} vs {predicted[2, 0]}");
    }

    [Fact]
    public void SequenceOutputsOfDifferentLengthsAreRefusedNamingBatchSize()
    {
        using var model = Build(pooled: false);
        var error = Assert.Throws<ArgumentException>(() => model.Predict<float[,,]>(Texts, batchSize: 2));
        Assert.Equal("batchSize", error.ParamName);
        Assert.Contains("output_sequence_length", error.Message);
        Assert.Equal(5, model.Predict<float[,,]>(Texts, batchSize: 6).GetLength(1));
    }
}
