using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

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
