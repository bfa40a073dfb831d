using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Lesson;

/// <summary>Every plot writes a complete PNG of a sensible size; bad arguments are ArgumentExceptions naming the argument.</summary>
public sealed class PlotsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LinesWritesAPngAndReturnsItsFullPath()
    {
        var x = Enumerable.Range(0, 50).Select(i => i / 10.0 - 2.5).ToArray();
        var path = Plots.Lines(x, [new("sigmoid", x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray()), new("relu", x.Select(v => Math.Max(0, v)).ToArray())],
            _dir.Combine("nested", "lines.png"), "Activations", "x", "activation(x)");
        Assert.Equal(_dir.Combine("nested", "lines.png"), path);
        Png.RequireChart(path);
        Assert.Empty(Directory.GetFiles(_dir.Combine("nested"), "*.tmp"));
    }

    [Fact]
    public void HeatmapScatterPairplotAndHistoryWritePngs()
    {
        Png.RequireChart(Plots.Heatmap(new[,] { { 5, 1 }, { 0, 7 } }, ["no", "yes"], _dir.Combine("heatmap.png")));
        var x = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        Png.RequireChart(Plots.Scatter(x, x.Select(v => v + Math.Sin(v) * 3).ToArray(), _dir.Combine("scatter.png"), "true", "predicted", "Predictions", identityLine: true));
        var table = DataTable.ReadCsv(Path.Combine(TestPaths.Fixtures, "penguins.csv"));
        Png.RequireChart(Plots.Pairplot(table, "species", _dir.Combine("pairplot.png"), columns: ["bill_length_mm", "body_mass_g"]));

        using var model = KerasBridge.Keras.Sequential(KerasBridge.Keras.Input(shape: [1]), Layers.Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var history = model.Fit(new float[,] { { 0 }, { 1 }, { 2 }, { 3 } }, new float[,] { { 1 }, { 3 }, { 5 }, { 7 } }, epochs: 5, validationSplit: 0.25,
            cancellationToken: TestContext.Current.CancellationToken);
        var info = Png.RequireChart(Plots.History(history, _dir.Combine("history.png")));
        Assert.Equal((800, 500), (info.Width, info.Height));
        var keyError = Assert.Throws<ArgumentException>(() => Plots.History(history, _dir.Combine("h2.png"), keys: ["accuracy"]));
        Assert.Equal("keys", keyError.ParamName);
        Assert.Contains("val_loss", keyError.Message);
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        double[] x = [1, 2, 3];
        var png = _dir.Combine("bad.png");
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [new("a", x)], _dir.Combine("bad.jpg"), "t")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [new("a", x)], " ", "t")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [new("a", [1.0, 2])], png, "t")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [new("a", x), new("a", x)], png, "t")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [], png, "t")).ParamName);
        Assert.Equal("title", Assert.Throws<ArgumentException>(() => Plots.Lines(x, [new("a", x)], png, "")).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Plots.Scatter(x, [1.0], png, "x", "y", "t")).ParamName);
        Assert.Equal("xLabel", Assert.Throws<ArgumentException>(() => Plots.Scatter(x, x, png, " ", "y", "t")).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Plots.Heatmap(new int[2, 3], ["a", "b"], png)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Plots.Heatmap(new[,] { { -1 } }, ["a"], png)).ParamName);
        var labels = Assert.Throws<ArgumentException>(() => Plots.Heatmap(new int[2, 2], ["a"], png));
        Assert.Equal("labels", labels.ParamName);
        Assert.Contains("(2)", labels.Message);
        Assert.Equal("featureNames", Assert.Throws<ArgumentException>(() => Plots.Pairplot(new double[3, 2], ["a"], null, png)).ParamName);
        Assert.Equal("hue", Assert.Throws<ArgumentException>(() => Plots.Pairplot(new double[3, 1], ["a"], ["x"], png)).ParamName);
        var table = DataTable.ParseCsv(new StringReader("a,b\n1,x\n2,y\n"));
        Assert.Equal("hue", Assert.Throws<ArgumentException>(() => Plots.Pairplot(table, "c", png)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => Plots.Pairplot(table, "a", png, columns: ["b"])).ParamName);
        Assert.False(File.Exists(png));
    }
}
