using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// The small lesson helpers: Evaluate unpacked as Keras's list, model.Dtype, DataTable row slicing (iloc and loc),
/// column names kept on matrices, and plots taking model outputs as they come.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DataHelperTests
{
    private static EngineKind Require(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return kind;
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void EvaluateUnpacksInKerasOrderAndDtypeIsTheVariablesDtype(string engine)
    {
        var kind = Require(engine);
        var (x, y) = TensorBoardTests.Blobs(20, 3);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), Layers.Dense(2, activation: "softmax")], engine: kind);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["mae", "accuracy"]);
        var result = model.Evaluate(x, y);
        Assert.Equal(["loss", "mae", "accuracy"], result.Names);
        var (loss, mae, accuracy) = result;
        Assert.Equal((result["loss"], result["mae"], result["accuracy"]), (loss, mae, accuracy));
        Assert.Equal(loss, result.Loss);
        Assert.Equal([loss, mae, accuracy], result.ToList());
        Assert.Throws<InvalidOperationException>(() => { var (a, b) = result; });
        Assert.Equal("float32", model.Dtype);

        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var (valLoss, valAccuracy) = model.Evaluate(x, y);
        Assert.Equal(loss, valLoss, 6);
        Assert.Equal(accuracy, valAccuracy);
    }

    private static DataTable Table() => new(["day", "sun", "rain"],
        Enumerable.Range(0, 10).Select(i => (IReadOnlyList<string?>)[$"d{i}", (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture), (10 - i).ToString(System.Globalization.CultureInfo.InvariantCulture)]));

    [Fact]
    public void RowsSliceAsPandasLocAndIloc()
    {
        var data = Table();
        Assert.Equal(["d0", "d1", "d2"], data[..3].Strings("day"));
        Assert.Equal(["d8", "d9"], data[^2..].Strings("day"));
        Assert.Equal(10, data[..100].RowCount);
        Assert.Equal(0, data[7..3].RowCount);
        // loc is inclusive of its end label, as pandas' data.loc[:3] and data.loc[1:4].
        Assert.Equal(["d0", "d1", "d2", "d3"], data.Loc(end: 3).Strings("day"));
        Assert.Equal(["d1", "d2", "d3", "d4"], data.Loc(1, 4).Strings("day"));
        Assert.Equal(["d7", "d8", "d9"], data.Tail(3).Strings("day"));
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => data.Loc(-1, 2)).ParamName);
    }

    [Fact]
    public void MatricesKeepTheirColumnNames()
    {
        var matrix = Table().Loc(end: 4).ToMatrix("sun", "rain");
        Assert.Equal(["sun", "rain"], matrix.Columns);
        Assert.Equal((5, 2), matrix.Shape);
        Assert.Equal([0f, 1.5f, 3f, 4.5f, 6f], matrix["sun"]);
        float[,] values = matrix;
        Assert.Equal(6f, values[4, 1]);
        Assert.Equal(["sun", "rain"], Table().ToMatrix().Columns);
        Assert.Contains("sun, rain", Assert.Throws<KeyNotFoundException>(() => matrix["snow"]).Message);
        Assert.Equal("sun", matrix.Series("sun").Name);
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void PlotsTakePredictionsAsTheyCome(string engine)
    {
        var kind = Require(engine);
        using var temp = new TempDirectory();
        var data = Table();
        var features = data.ToMatrix("rain");
        var target = data.ToMatrix("sun");
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([1]), Layers.Dense(1)], engine: kind);
        model.Compile(optimizer: "sgd", loss: "mse");
        model.Fit(features, target, epochs: 2, batchSize: 5);
        var predicted = model.Predict(features);
        Png.RequireChart(Plots.Scatter(target, predicted, temp.Combine("scatter.png"), "true", "predicted", "Sunshine", identityLine: true));
        Png.RequireChart(Plots.Lines([target.Series("sun"), Series.FromColumn("predicted", predicted)], temp.Combine("lines.png"), "Sunshine", "day", "hours"));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() =>
            Plots.Scatter(new float[3, 2], new float[3, 1], temp.Combine("bad.png"), "a", "b", "c")).ParamName);
    }
}
