using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Keras 3.15.1 fixtures with Embedding, LSTM, GRU, SimpleRNN, Rescaling, Normalization and Resizing layers
/// (fixtures/keras-3.15.1/layers/NAME.*) through Models.LoadModel on both engines: predictions within
/// <see cref="FixtureModels.Tolerance"/> of NAME.predictions.csv, Summary() equal to NAME.summary.txt, and
/// Save → LoadModel giving identical predictions. embedding_lstm's input is token ids (an int32 InputLayer)
/// given as floats, as Keras's Embedding casts them.
/// </summary>
public sealed class RecurrentFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, EngineKind> Cases() => FixtureFolder.Cases(["embedding_lstm", "gru_sequences", "preprocessing", "resizing"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerFixturePredictsSummarizesAndSavesLikeKeras(string name, string extension, EngineKind engine) =>
        FixtureFolder.AssertLikeKeras("layers", name, extension, engine, output);
}
