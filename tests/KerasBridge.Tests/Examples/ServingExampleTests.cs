using System.Globalization;
using System.Text.RegularExpressions;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Examples;

/// <summary>
/// examples/Serving as a real process: the penguin classifier exported here (Model.ExportOnnx, PyTorch engine) is
/// scored by a program that references KerasBridge.Onnx only: its outputs equal Keras's within the fixtures'
/// tolerance, four threads get the batch result, and the process never maps libpython (it lists its modules; the
/// ONNX Runtime library is among them, so the listing is real).
/// </summary>
public sealed class ServingExampleTests(ITestOutputHelper output)
{
    [Fact]
    public void ServingScoresTheExportedModelWithoutPython()
    {
        using var folder = new TempDirectory();
        var onnx = folder.Combine("penguins.onnx");
        using (var model = Models.LoadModel(FixtureModels.PathOf("penguins_mlp", ".keras"), engine: EngineKind.Torch))
        {
            model.ExportOnnx(onnx);
        }
        var assembly = TestPaths.ExampleAssembly("Serving");
        Assert.True(File.Exists(assembly), $"example not built: {assembly}");
        // No interpreter: were Python needed, nothing could be found.
        var result = ProcessRunner.Run("dotnet", [assembly, onnx, FixtureModels.PathOf("penguins_mlp", ".inputs.csv")],
            new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = folder.Combine("no-such-python") });
        output.WriteLine(result.StandardOutput);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");

        var expected = FixtureModels.Expected("penguins_mlp");
        var rows = Regex.Matches(result.StandardOutput, @"^row (\d+): ([^ ]+) class (\d+)$", RegexOptions.Multiline);
        Assert.Equal(expected.GetLength(0), rows.Count);
        var actual = new float[rows.Count, expected.GetLength(1)];
        foreach (Match row in rows)
        {
            var i = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            var values = row.Groups[2].Value.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (var j = 0; j < values.Length; j++)
            {
                actual[i, j] = values[j];
            }
        }
        FixtureModels.AssertMatchesPredictions("penguins_mlp", actual, "examples/Serving");
        Assert.Contains("4 threads x 67 one-row calls: 0 values differ from the batch call", result.StandardOutput);
        Assert.Contains("onnxruntime mapped: yes", result.StandardOutput);
        Assert.Matches(@"libpython mapped: none \(\d+ modules\)", result.StandardOutput);
    }
}
