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
    private static readonly Dictionary<string, int[]> InputShapes = new()
    {
        ["weather_prediction_model"] = [89],
        ["model_batchnorm"] = [89],
        ["dollar_street_dropout"] = [32, 32, 3],
        ["frozen_base"] = [12],
        ["residual_dense"] = [16],
    };

    public static TheoryData<string, string, EngineKind> Cases()
    {
        var data = new TheoryData<string, string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in InputShapes.Keys)
            {
                data.Add(name, ".keras", engine);
                data.Add(name, ".h5", engine);
            }
        }
        return data;
    }

    private static string PathOf(string name, string extension) =>
        Path.Combine(TestPaths.Keras3Fixtures, "functional", name + extension);

    private static Array Inputs(string name)
    {
        var flat = TestData.ReadCsv(PathOf(name, ".inputs.csv"));
        var x = Array.CreateInstance(typeof(float), [flat.GetLength(0), .. InputShapes[name]]);
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        return x;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FunctionalFilePredictsSummarizesAndSavesLikeKeras(string name, string extension, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(PathOf(name, extension), engine: engine);
        var predictions = model.Predict(Inputs(name));
        var error = FixtureModels.MaxRelativeError(predictions, TestData.ReadCsvDouble(PathOf(name, ".predictions.csv")));
        output.WriteLine($"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.True(error <= FixtureModels.Tolerance, $"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.Equal(File.ReadAllText(PathOf(name, ".summary.txt")), model.Summary());

        using var folder = new TempDirectory();
        var saved = folder.Combine(name + ".keras");
        model.Save(saved);
        using var again = Models.LoadModel(saved, engine: engine);
        Assert.Equal(predictions, again.Predict(Inputs(name)));
        Assert.Equal(model.Summary(), again.Summary());
    }

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
