using System.Globalization;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Cli;

/// <summary>The real kerasbridge CLI (a child process) on every fixture: summary and predict, bad arguments, bad files.</summary>
public sealed class ModelCommandsTests(ITestOutputHelper output)
{
    public static TheoryData<string, EngineKind> Cases => FixtureModels.NamesOnEachEngine();

    private static string EngineName(EngineKind engine) => engine.ToString().ToLowerInvariant();

    [Theory]
    [MemberData(nameof(Cases))]
    public void SummaryPrintsExactlyKerasSummaryText(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        foreach (var extension in new[] { ".keras", ".h5" })
        {
            var result = ProcessRunner.Cli(["summary", FixtureModels.PathOf(name, extension), "--engine", EngineName(engine)]);
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
            Assert.Equal(FixtureModels.Summary(name), result.StandardOutput);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictWritesOnlyTheRowsToStdout(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        var result = ProcessRunner.Cli(["predict", FixtureModels.PathOf(name, ".keras"), "--input", FixtureModels.PathOf(name, ".inputs.csv"), "--engine", EngineName(engine)]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        var rows = ParseRows(result.StandardOutput); // every line of stdout is a row of numbers
        var error = FixtureModels.AssertMatchesPredictions(name, rows, "CLI predict to stdout");
        output.WriteLine($"{name} CLI .keras on {engine}: max relative error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictWithOutputWritesTheFileAtomicallyAndNothingToStdout(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var target = dir.Combine("predictions.csv");
        File.WriteAllText(target, "an older file\n");
        var result = ProcessRunner.Cli(["predict", FixtureModels.PathOf(name, ".h5"), $"--input={FixtureModels.PathOf(name, ".inputs.csv")}", "--output", target, "--engine", EngineName(engine)]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Equal("", result.StandardOutput);
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path)); // replaced, no temporary file left
        var error = FixtureModels.AssertMatchesPredictions(name, ParseRows(File.ReadAllText(target)), "CLI predict --output");
        output.WriteLine($"{name} CLI .h5 --output on {engine}: max relative error {error:E2}");
    }

    [Fact]
    public void PredictionsAreWrittenAtFullPrecisionInInvariantCulture()
    {
        // A German culture must not turn "0.5" into "0,5"; values keep all their float digits.
        Assert.SkipUnless(0.5.ToString(new CultureInfo("de-DE")) == "0,5", "no culture data here (invariant globalization), so a German culture cannot be tried");
        var result = ProcessRunner.Cli(
            ["predict", FixtureModels.PathOf("digits_cnn", ".keras"), "--input", FixtureModels.PathOf("digits_cnn", ".inputs.csv"), "--engine", "torch"],
            new Dictionary<string, string?> { ["LC_ALL"] = "de_DE.UTF-8", ["LANG"] = "de_DE.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0" });
        Assert.Equal(0, result.ExitCode);
        var first = result.StandardOutput.Split('\n')[0].Split(',');
        Assert.Equal(10, first.Length);
        // The same model on the same engine and machine (same BLAS) in this process: bit for bit the same floats.
        // (Keras's own numbers come from another machine and agree only to ~1e-5, see FixtureModels.Tolerance.)
        using var model = Models.LoadModel(FixtureModels.PathOf("digits_cnn", ".keras"), engine: EngineKind.Torch);
        var expected = model.Predict(FixtureModels.Inputs("digits_cnn"));
        for (var j = 0; j < 10; j++)
        {
            // Round-trip formatting: parsing the text gives back the very float32 the model computed.
            Assert.Equal(expected[0, j], float.Parse(first[j], CultureInfo.InvariantCulture));
        }
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { [], "missing command" },
        { ["frobnicate"], "unknown command 'frobnicate'" },
        { ["summary"], "summary: missing MODEL" },
        { ["summary", "a.keras", "b.keras"], "summary: expected one MODEL" },
        { ["summary", "a.keras", "--engine", "gpu"], "--engine must be auto, keras or torch; got 'gpu'" },
        { ["summary", "a.keras", "--engine"], "option '--engine' needs a value" },
        { ["predict", "a.keras"], "predict: missing --input X.csv" },
        { ["predict", "--input", "x.csv"], "predict: missing MODEL" },
        { ["predict", "a.keras", "--input", "x.csv", "--bogus", "1"], "predict: unknown option '--bogus'" },
        { ["predict", "a.keras", "--input", "x.csv", "--input", "y.csv"], "option '--input' is given more than once" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsExitWithTwoAndUsageOnStderr(string[] arguments, string message)
    {
        var result = ProcessRunner.Cli(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains(message, result.StandardError);
        Assert.Contains("usage: kerasbridge <command>", result.StandardError);
        Assert.Contains("predict MODEL --input X.csv [--output Y.csv] [--engine auto|keras|torch]", result.StandardError);
    }

    [Fact]
    public void BadFilesExitWithOneAndTheMessageOnStderr()
    {
        using var dir = new TempDirectory();
        var model = FixtureModels.PathOf("penguins_mlp", ".keras");
        var inputs = FixtureModels.PathOf("penguins_mlp", ".inputs.csv");
        var notAZip = dir.Combine("notes.keras");
        File.WriteAllText(notAZip, "hello\n");
        var wrongWidth = dir.Combine("wide.csv");
        File.WriteAllText(wrongWidth, "1,2,3,4,5\n6,7,8,9,10\n");
        var ragged = dir.Combine("ragged.csv");
        File.WriteAllText(ragged, "1,2,3,4\n\n5,6,7\n");
        var header = dir.Combine("header.csv");
        File.WriteAllText(header, "bill_length,bill_depth,flipper,mass\n1,2,3,4\n");
        var missing = dir.Combine("missing.keras");

        (string[] Arguments, string Message)[] cases =
        [
            (["summary", missing], $"kerasbridge: {missing}: file does not exist"),
            (["summary", notAZip], $"kerasbridge: {notAZip}: is neither a Keras 3 model archive (.keras zip) nor an HDF5 file (.h5)"),
            (["summary", FixtureModels.PathOf("penguins_mlp", ".weights.h5")], "is a Keras 3 weights file (.weights.h5) without a model config"),
            (["predict", notAZip, "--input", inputs], $"kerasbridge: {notAZip}: is neither a Keras 3 model archive"),
            (["predict", model, "--input", dir.Combine("none.csv")], $"kerasbridge: {dir.Combine("none.csv")}: file does not exist"),
            (["predict", model, "--input", wrongWidth], $"kerasbridge: {wrongWidth}: has 5 values per row, but model 'sequential' takes 4 per sample (input shape (None, 4), flattened in C order)"),
            (["predict", model, "--input", ragged], $"kerasbridge: {ragged}: line 3 has 3 values but line 1 has 4"),
            (["predict", model, "--input", header], $"kerasbridge: {header}: line 1, value 1: 'bill_length' is not a number (the file must hold only numbers: no header row)"),
            (["predict", model, "--input", inputs, "--output", dir.Combine("no", "y.csv")], $"kerasbridge: {dir.Combine("no", "y.csv")}: cannot be written: the folder {dir.Combine("no")} does not exist"),
        ];
        foreach (var (arguments, message) in cases)
        {
            var result = ProcessRunner.Cli(arguments);
            output.WriteLine($"{string.Join(' ', arguments)} -> exit {result.ExitCode}: {result.StandardError.Trim()}");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.StandardOutput);
            Assert.Contains(message, result.StandardError);
            Assert.DoesNotContain("usage:", result.StandardError);
        }
        Assert.Equal(["header.csv", "notes.keras", "ragged.csv", "wide.csv"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AskingForKerasWhereItIsMissingExitsWithOne()
    {
        var python = EngineSupport.RequirePythonWithoutKeras();
        var result = ProcessRunner.Cli(["summary", FixtureModels.PathOf("single_neuron", ".keras"), "--engine", "keras"],
            new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = python, ["KERASBRIDGE_ENGINE"] = null });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("keras", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(python, result.StandardError);
        Assert.DoesNotContain("usage:", result.StandardError);
    }

    private static float[,] ParseRows(string text)
    {
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        var rows = lines.Select(l => l.Split(',').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var result = new float[rows.Count, rows[0].Length];
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[0].Length, rows[i].Length);
            for (var j = 0; j < rows[i].Length; j++)
            {
                result[i, j] = rows[i][j];
            }
        }
        return result;
    }
}
