using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// The layer-coverage fixtures (fixtures/keras-3.15.1/layers/NAME.*, made by Keras 3.15.1: activation layers,
/// Conv1D with 1D pooling, DepthwiseConv2D with SeparableConv2D, Reshape/Permute/TimeDistributed/RepeatVector,
/// Conv2DTranspose with UpSampling2D/ZeroPadding2D/Cropping2D/AveragePooling2D) through Models.LoadModel on both
/// engines: predictions within <see cref="FixtureModels.Tolerance"/> of NAME.predictions.csv, Summary() equal to
/// NAME.summary.txt, and Save → LoadModel giving identical predictions.
/// </summary>
public sealed class LayerFixtureTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, int[]> InputShapes = new()
    {
        ["activation_layers"] = [6],
        ["conv1d_pooling1d"] = [20, 3],
        ["depthwise_separable"] = [12, 12, 3],
        ["reshape_permute"] = [12],
        ["transpose_upsampling"] = [4, 4, 2],
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
        Path.Combine(TestPaths.Keras3Fixtures, "layers", name + extension);

    private static Array Inputs(string name)
    {
        var flat = TestData.ReadCsv(PathOf(name, ".inputs.csv"));
        var x = Array.CreateInstance(typeof(float), [flat.GetLength(0), .. InputShapes[name]]);
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        return x;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerFixturePredictsSummarizesAndSavesLikeKeras(string name, string extension, EngineKind engine)
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
    }
}
