using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.Lesson;

/// <summary>
/// A series of one point (a one-epoch History: <c>examples/Digits -- --epochs 1</c>) is drawn as a visible marker
/// instead of being refused ("Expected at least two x values to draw a line") or drawn as an invisible line.
/// </summary>
public sealed class ShortSeriesPlotTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>How many pixels of the PNG are matplotlib's first colour, tab:blue (#1f77b4), read back with matplotlib.</summary>
    private static int BluePixels(string path) => PythonRuntime.Run(() =>
    {
        using var scope = Py.CreateScope();
        scope.Set("path", path.ToPython());
        scope.Exec("""
import matplotlib.image as _image
import numpy as _np
_rgb = _image.imread(path)[:, :, :3] * 255.0
count = int((_np.abs(_rgb - _np.array([31.0, 119.0, 180.0])).max(axis=2) < 12).sum())
""");
        using var count = scope.Get("count");
        return count.As<int>();
    });

    [Fact]
    public void OneEpochHistoryIsDrawnAsAPoint()
    {
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input(shape: [1]), Layers.Dense(1)], engine: EngineKind.Torch);
        model.Compile(optimizer: "adam", loss: "mse");
        var history = model.Fit(new float[,] { { 0 }, { 1 }, { 2 }, { 3 } }, new float[,] { { 1 }, { 3 }, { 5 }, { 7 } }, epochs: 1);
        Assert.Single(history.Epoch);

        var path = Plots.History(history, _dir.Combine("one_epoch.png"));

        // One point draws little: the file's size (about 10 KB) varies with the digits of the axis ticks, so the check is
        // the drawn marker below, not RequireChart's generic 10 KB floor.
        var info = Png.Read(path);
        Assert.True(info.Bytes > 5 * 1024, $"{path}: {info.Bytes} bytes is too small for a chart");
        Assert.Equal((800, 500), (info.Width, info.Height));
        // A marker of about 8 px across; a bare one-point line would leave no blue pixel at all (one series: no legend).
        var blue = BluePixels(path);
        Assert.True(blue >= 20, $"expected the one epoch's loss drawn as a visible point; {blue} blue pixels");
    }

    [Fact]
    public void LinesWithOneXValueDrawEachSeriesAsAPoint()
    {
        var path = Plots.Lines([1.0], [new("loss", [0.5]), new("val_loss", [0.7])], _dir.Combine("one_point.png"), "One point");
        Png.RequireChart(path);
        Assert.True(BluePixels(path) >= 20, "expected the first series drawn as a visible point");
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Plots.Lines([], [new("loss", [])], _dir.Combine("none.png"), "t")).ParamName);
    }
}
