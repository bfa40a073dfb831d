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
    private static readonly Dictionary<string, int[]> InputShapes = new()
    {
        ["embedding_lstm"] = [7],
        ["gru_sequences"] = [6, 4],
        ["preprocessing"] = [5],
        ["resizing"] = [10, 14, 3],
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

/// <summary>Model.AdaptLayer: a Normalization layer takes the data's per-feature mean and (biased) variance.</summary>
public sealed class AdaptLayerTests
{
    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void NormalizationAdaptsToTheDataMeanAndVariance(EngineKind engine)
    {
        FixtureModels.Require(engine);
        var path = Path.Combine(TestPaths.Keras3Fixtures, "layers", "preprocessing.keras");
        using var model = Models.LoadModel(path, engine: engine);
        var data = new float[6, 5];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                data[i, j] = (i * 7 + j * 3) % 5 + 0.5f * j;
            }
        }
        model.AdaptLayer("normalization", data);
        // Rescaling(0.5, offset 1) -> Normalization with the data's statistics -> Dense, by hand. (The layer's
        // own weights include a rank-0 count, which .NET arrays cannot hold, so the outputs are checked.)
        var mean = new double[5];
        var std = new double[5];
        for (var j = 0; j < 5; j++)
        {
            var column = Enumerable.Range(0, 6).Select(i => (double)data[i, j]).ToArray();
            mean[j] = column.Average();
            std[j] = Math.Sqrt(column.Select(v => (v - mean[j]) * (v - mean[j])).Average());
        }
        var dense = model.GetLayerWeights("dense_29");
        var kernel = (float[,])dense[0];
        var bias = (float[])dense[1];
        var expected = new double[6, 2];
        for (var i = 0; i < 6; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                expected[i, k] = bias[k] + Enumerable.Range(0, 5).Sum(j => (data[i, j] * 0.5 + 1.0 - mean[j]) / std[j] * kernel[j, k]);
            }
        }
        Assert.True(FixtureModels.MaxRelativeError(model.Predict(data), expected) <= FixtureModels.Tolerance);
        var error = Assert.Throws<ArgumentException>(() => model.AdaptLayer("dense_29", data));
        Assert.Equal("layerName", error.ParamName);
        Assert.Contains("dense_29", error.Message);
        error = Assert.Throws<ArgumentException>(() => model.AdaptLayer("normalization", new float[2, 3]));
        Assert.Equal("data", error.ParamName);
    }
}
