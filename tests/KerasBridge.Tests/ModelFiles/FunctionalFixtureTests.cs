using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// The single-input, single-output Functional fixtures (fixtures/keras-3.15.1/functional/NAME.*, made by Keras
/// 3.15.1) through Models.LoadModel on both engines: predictions within <see cref="FixtureModels.Tolerance"/> of
/// NAME.predictions.csv, Summary() equal to NAME.summary.txt (with its InputLayer rows and, for the residual
/// block, the "Connected to" column), and Save → LoadModel giving identical predictions.
/// </summary>
public sealed class FunctionalFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, EngineKind> Cases() =>
        FixtureFolder.Cases(["weather_prediction_model", "model_batchnorm", "dollar_street_dropout", "frozen_base", "residual_dense"]);

    private static string PathOf(string name, string extension) => FixtureFolder.PathOf("functional", name, extension);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FunctionalFilePredictsSummarizesAndSavesLikeKeras(string name, string extension, EngineKind engine) =>
        FixtureFolder.AssertLikeKeras("functional", name, extension, engine, output, sameSummaryAfterReload: true);

    [Theory]
    [InlineData("two_inputs", "2 input(s) (numeric, onehot) and 1 output(s)", EngineKind.Torch)]
    [InlineData("two_outputs", "1 input(s) (input_layer_1) and 2 output(s)", EngineKind.Torch)]
    [InlineData("two_inputs", "2 input(s) (numeric, onehot) and 1 output(s)", EngineKind.Keras)]
    [InlineData("two_outputs", "1 input(s) (input_layer_1) and 2 output(s)", EngineKind.Keras)]
    public void SeveralInputsOrOutputsLoadSummarizeAndSaveButOneArrayPredictIsRefused(string name, string counts, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(PathOf(name, ".keras"), engine: engine);
        Assert.Equal(File.ReadAllText(PathOf(name, ".summary.txt")), model.Summary());
        var error = Assert.Throws<InvalidOperationException>(() => model.Predict(new float[3, 4]));
        Assert.Contains($"Model '{name}' has {counts}", error.Message);
        using var folder = new TempDirectory();
        model.Save(folder.Combine(name + ".keras"));
        using var again = Models.LoadModel(folder.Combine(name + ".keras"), engine: engine);
        Assert.Equal(model.Summary(), again.Summary());
    }
}
