using System.Globalization;
using System.Text.Json;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Cli;

/// <summary>
/// The real kerasbridge CLI on the Keras 3.15.1 fixtures with several inputs (--input NAME=FILE.csv) and several
/// outputs (--output-dir DIR: one OUTPUT_NAME.csv per output); combinations that cannot serve the model are usage errors.
/// </summary>
public sealed class MultiIoPredictTests
{
    private static string Fixture(string file) => Path.Combine(TestPaths.Keras3Fixtures, "functional", file);

    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static string EngineName(EngineKind engine) => engine.ToString().ToLowerInvariant();

    /// <summary>Each entry of the fixture facts' "inputs" written as a CSV (one sample per row) in <paramref name="dir"/>.</summary>
    private static Dictionary<string, string> WriteInputs(string name, TempDirectory dir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".json")));
        var files = new Dictionary<string, string>();
        foreach (var input in json.RootElement.GetProperty("inputs").EnumerateObject())
        {
            var path = dir.Combine(input.Name + ".input.csv");
            File.WriteAllLines(path, input.Value.EnumerateArray().Select(row =>
                string.Join(',', row.EnumerateArray().Select(v => v.GetSingle().ToString("R", CultureInfo.InvariantCulture)))));
            files[input.Name] = path;
        }
        return files;
    }

    private static Array ExpectedOutput(string name, string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".json")));
        return TestData.ToArray(json.RootElement.GetProperty("outputs").GetProperty(output));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void SeveralInputsAreGivenByNameAndTheOneOutputGoesToStdout(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var files = WriteInputs("two_inputs", dir);
        var result = ProcessRunner.Cli(["predict", Fixture("two_inputs.keras"), "--input", $"onehot={files["onehot"]}",
            $"--input=numeric={files["numeric"]}", "--engine", EngineName(engine)]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        AssertRowsClose(ExpectedOutput("two_inputs", "dense_11"), result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void SeveralOutputsGoToOneCsvPerOutputInTheOutputDirectory(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var inputs = new TempDirectory();
        using var outputs = new TempDirectory();
        var x = WriteInputs("two_outputs", inputs).Values.Single();
        File.WriteAllText(Path.Combine(outputs.Path, "mass.csv"), "an older file\n");

        var result = ProcessRunner.Cli(["predict", Fixture("two_outputs.h5"), "--input", x, "--output-dir", outputs.Path, "--engine", EngineName(engine)]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Equal("", result.StandardOutput);
        // Replaced and added, no temporary file left.
        Assert.Equal(["mass.csv", "species.csv"], Directory.GetFileSystemEntries(outputs.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertRowsClose(ExpectedOutput("two_outputs", "species"), File.ReadAllText(Path.Combine(outputs.Path, "species.csv")));
        AssertRowsClose(ExpectedOutput("two_outputs", "mass"), File.ReadAllText(Path.Combine(outputs.Path, "mass.csv")));
    }

    [Fact]
    public void CombinationsThatCannotServeTheModelAreUsageErrorsNamingItsInputsAndOutputs()
    {
        using var dir = new TempDirectory();
        var files = WriteInputs("two_inputs", dir);
        var twoInputs = Fixture("two_inputs.keras");
        var single = WriteInputs("two_outputs", dir).Values.Single();
        (string[] Arguments, string Message)[] cases =
        [
            (["predict", twoInputs, "--input", files["numeric"]], "model 'two_inputs' has 2 inputs (numeric, onehot); give one --input NAME=FILE.csv per input"),
            (["predict", twoInputs, "--input", $"numeric={files["numeric"]}"], "missing --input for: onehot"),
            (["predict", twoInputs, "--input", $"numeric={files["numeric"]}", "--input", $"onehat={files["onehot"]}"], "has no input 'onehat'; its inputs are: numeric, onehot"),
            (["predict", twoInputs, "--input", $"numeric={files["numeric"]}", "--input", $"numeric={files["numeric"]}"], "input 'numeric' is given more than once"),
            (["predict", Fixture("two_outputs.keras"), "--input", single], "has 2 outputs (species, mass); give --output-dir DIR"),
            (["predict", twoInputs, "--input", files["numeric"], "--output", dir.Combine("y.csv"), "--output-dir", dir.Path], "not both"),
        ];
        foreach (var (arguments, message) in cases)
        {
            var result = ProcessRunner.Cli([.. arguments, "--engine", "torch"]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit {result.ExitCode}: {result.StandardError}");
            Assert.Equal("", result.StandardOutput);
            Assert.Contains(message, result.StandardError);
            Assert.Contains("--input NAME=FILE.csv", result.StandardError); // the usage text
        }
        var missingDir = dir.Combine("none");
        var bad = ProcessRunner.Cli(["predict", Fixture("two_outputs.keras"), "--input", single, "--output-dir", missingDir, "--engine", "torch"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"{missingDir}: cannot be used as --output-dir: the folder does not exist", bad.StandardError);
    }

    private static void AssertRowsClose(Array expected, string text)
    {
        Assert.EndsWith("\n", text);
        var rows = text[..^1].Split('\n');
        Assert.Equal(expected.GetLength(0), rows.Length);
        var flat = expected.Cast<float>().ToArray();
        var values = rows.SelectMany(r => r.Split(',').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(flat.Length, values.Length);
        for (var i = 0; i < flat.Length; i++)
        {
            Assert.True(Math.Abs(flat[i] - values[i]) <= Math.Max(1e-4 * Math.Abs(flat[i]), 1e-6), $"value {i}: expected {flat[i]:R}, got {values[i]:R}");
        }
    }
}
