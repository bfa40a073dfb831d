using System.Xml.Linq;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// Utils.PlotModel on both engines: real PNG and SVG files drawn by Graphviz, the SVG holding every layer's box with
/// Keras's label and one arrow per edge of the graph (a Functional model's skip connection included).
/// </summary>
public sealed class PlotModelTests
{
    private static void RequireGraphviz() =>
        Assert.SkipWhen(ProcessRunner.Run("dot", ["-V"]).ExitCode != 0, "Graphviz's dot is not installed (apt-get install -y graphviz)");

    private static EngineKind Require(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return kind;
    }

    /// <summary>The texts of the SVG's node titles, all its text, and its edge titles ("a->b").</summary>
    private static (List<string> Nodes, string Text, List<string> Edges) ReadSvg(string path)
    {
        var svg = XDocument.Load(path);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var groups = svg.Descendants(ns + "g").ToList();
        string Title(XElement g) => g.Element(ns + "title")?.Value ?? "";
        var nodes = groups.Where(g => (string?)g.Attribute("class") == "node").Select(Title).ToList();
        var edges = groups.Where(g => (string?)g.Attribute("class") == "edge").Select(Title).ToList();
        var text = string.Join(" ", svg.Descendants(ns + "text").Select(t => t.Value));
        return (nodes, text, edges);
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void SequentialDrawsOneBoxPerLayerInOrder(string engine)
    {
        RequireGraphviz();
        var kind = Require(engine);
        using var temp = new TempDirectory();
        using var model = KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input([4]), Layers.Dense(6, activation: "relu", name: "hidden"), Layers.Dense(3, activation: "softmax", name: "scores")],
            name: "plotted", engine: kind);

        var png = Utils.PlotModel(model, temp.Combine("pictures", "model.png"), showShapes: true, showLayerNames: true);
        var info = Png.Read(png);
        Assert.True(info.Width > 200 && info.Height > 200, $"{info.Width}x{info.Height}");

        var svg = Utils.PlotModel(model, temp.Combine("model.svg"), showShapes: true, showLayerNames: true, showLayerActivations: true);
        var (nodes, text, edges) = ReadSvg(svg);
        Assert.Equal(["hidden", "scores"], nodes);
        Assert.Equal(["hidden->scores"], edges);
        foreach (var expected in new[] { "hidden", "(Dense)", "Input shape:", "(None, 4)", "(None, 6)", "(None, 3)", "Activation:", "relu", "softmax" })
        {
            Assert.Contains(expected, text);
        }

        // Without names, Keras shows only the class.
        var plain = ReadSvg(Utils.PlotModel(model, temp.Combine("plain.svg"), rankdir: "LR"));
        Assert.DoesNotContain("hidden", plain.Text);
        Assert.Contains("Dense", plain.Text);
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void FunctionalDrawsBranchesAndMerges(string engine)
    {
        RequireGraphviz();
        var kind = Require(engine);
        using var temp = new TempDirectory();
        using var model = Models.LoadModel(FixtureModels.PathOf("functional/residual_dense", ".keras"), engine: kind);
        var (nodes, text, edges) = ReadSvg(Utils.PlotModel(model, temp.Combine("residual.svg"), showShapes: true, showLayerNames: true));
        Assert.Equal(["features", "dense_8", "add", "layer_normalization", "probabilities"], nodes);
        Assert.Equal(["features->dense_8", "features->add", "dense_8->add", "add->layer_normalization", "layer_normalization->probabilities"], edges);
        Assert.Contains("[(None, 16), (None, 16)]", text); // the Add's two inputs
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([2]), Layers.Dense(1)], engine: EngineKind.Torch);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Utils.PlotModel(model, "model.bmpx")).ParamName);
        Assert.Equal("rankdir", Assert.Throws<ArgumentException>(() => Utils.PlotModel(model, "model.png", rankdir: "XY")).ParamName);
        Assert.Equal("dpi", Assert.Throws<ArgumentOutOfRangeException>(() => Utils.PlotModel(model, "model.png", dpi: 0)).ParamName);
    }

    [Fact]
    public void MissingGraphvizIsATypedErrorWithTheInstallCommand()
    {
        using var temp = new TempDirectory();
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([2]), Layers.Dense(1)], engine: EngineKind.Torch);
        var previous = Environment.GetEnvironmentVariable("KERASBRIDGE_DOT");
        PythonRuntime.Run(() => Python.Runtime.PythonEngine.Exec($"import os; os.environ['KERASBRIDGE_DOT'] = {Quote(temp.Combine("no-dot"))}"));
        try
        {
            var e = Assert.Throws<GraphvizNotFoundException>(() => Utils.PlotModel(model, temp.Combine("m.png")));
            Assert.Contains("apt-get install -y graphviz", e.Message);
            Assert.False(File.Exists(temp.Combine("m.png")));
        }
        finally
        {
            PythonRuntime.Run(() => Python.Runtime.PythonEngine.Exec(previous is null
                ? "import os; os.environ.pop('KERASBRIDGE_DOT', None)"
                : $"import os; os.environ['KERASBRIDGE_DOT'] = {Quote(previous)}"));
        }
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
