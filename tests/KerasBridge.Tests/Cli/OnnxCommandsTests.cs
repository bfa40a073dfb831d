using System.Globalization;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Cli;

/// <summary>
/// The real kerasbridge CLI (a child process): <c>export MODEL --onnx OUT.onnx</c> on both engines, then
/// <c>predict OUT.onnx --runtime onnx</c> without any Python, <c>predict MODEL.keras --runtime onnx</c> exporting on
/// the fly, a refused layer (exit 1, named, nothing written) and bad options (exit 2).
/// </summary>
public sealed class OnnxCommandsTests(ITestOutputHelper output)
{
    private static string EngineName(EngineKind engine) => engine.ToString().ToLowerInvariant();

    private static float[,] ParseRows(string text)
    {
        Assert.EndsWith("\n", text);
        var rows = text[..^1].Split('\n')
            .Select(l => l.Split(',').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var result = new float[rows.Count, rows[0].Length];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                result[i, j] = rows[i][j];
            }
        }
        return result;
    }

    [Theory]
    [InlineData("digits_cnn", EngineKind.Torch)]
    [InlineData("penguins_mlp", EngineKind.Keras)]
    public void ExportThenPredictTheOnnxFileWithoutPython(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var folder = new TempDirectory();
        var onnx = folder.Combine(name + ".onnx");
        var export = ProcessRunner.Cli(["export", FixtureModels.PathOf(name, ".h5"), "--onnx", onnx, "--opset", "13", "--engine", EngineName(engine)]);
        Assert.True(export.ExitCode == 0, $"exit {export.ExitCode}: {export.StandardError}");
        Assert.Contains("ONNX opset 13", export.StandardOutput);
        Assert.Equal([onnx], Directory.GetFileSystemEntries(folder.Path));

        // An interpreter that does not exist: any use of Python would fail, so this run uses none.
        var noPython = new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = folder.Combine("no-such-python") };
        var predict = ProcessRunner.Cli(["predict", onnx, "--input", FixtureModels.PathOf(name, ".inputs.csv"), "--runtime", "onnx"], noPython);
        Assert.True(predict.ExitCode == 0, $"exit {predict.ExitCode}: {predict.StandardError}");
        var error = FixtureModels.AssertMatchesPredictions(name, ParseRows(predict.StandardOutput), "CLI predict --runtime onnx");
        output.WriteLine($"{name} exported on {engine}, scored by ONNX Runtime from the CLI: max relative error {error:E2}");
    }

    [Fact]
    public void PredictKerasFileWithOnnxRuntimeExportsOnTheFly()
    {
        using var folder = new TempDirectory();
        var target = folder.Combine("predictions.csv");
        var result = ProcessRunner.Cli(["predict", FixtureModels.PathOf("regression_bn_dropout", ".keras"), "--input",
            FixtureModels.PathOf("regression_bn_dropout", ".inputs.csv"), "--output", target, "--runtime", "onnx", "--engine", "torch"]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Equal([target], Directory.GetFileSystemEntries(folder.Path));
        FixtureModels.AssertMatchesPredictions("regression_bn_dropout", ParseRows(File.ReadAllText(target)), "CLI predict .keras --runtime onnx");
    }

    [Fact]
    public void ExportOfALayerThatCannotBeExportedExitsWithOneNamingItAndWritesNothing()
    {
        using var folder = new TempDirectory();
        var modelPath = folder.Combine("normalized.keras");
        using (var model = Models.ModelFromJson("""
            {"module": "keras", "class_name": "Sequential", "config": {"name": "normalized", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "features"}},
              {"module": "keras.layers", "class_name": "LayerNormalization", "config": {"name": "norm", "center": false, "scale": false}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 2}}]}}
            """, EngineKind.Torch))
        {
            model.Save(modelPath);
        }
        var onnx = folder.Combine("normalized.onnx");
        var result = ProcessRunner.Cli(["export", modelPath, "--onnx", onnx, "--opset", "17", "--engine", "torch"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("layer 'norm' (LayerNormalization)", result.StandardError);
        Assert.False(File.Exists(onnx));
        Assert.Equal([modelPath], Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(new[] { "export", "m.keras" }, "missing --onnx")]
    [InlineData(new[] { "export", "m.keras", "--onnx", "out.txt" }, "--onnx must name a .onnx file")]
    [InlineData(new[] { "export", "m.keras", "--onnx", "out.onnx", "--opset", "18" }, "--opset must be an integer from 9 to 17")]
    [InlineData(new[] { "predict", "m.onnx", "--input", "x.csv", "--runtime", "tensorrt" }, "--runtime must be engine or onnx")]
    public void BadOnnxOptionsExitWithTwo(string[] arguments, string message)
    {
        var result = ProcessRunner.Cli(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
    }
}
