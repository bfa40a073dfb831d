using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Verification;

/// <summary>
/// <c>kerasbridge verify</c> in broken environments (real interpreters in temporary venvs): every row agrees with
/// itself, the engine line never says "on none", the minimum Python is the probe's, and JSON holds real characters.
/// </summary>
public sealed class VerifyConsistencyTests
{
    private static readonly Dictionary<string, string?> NoEngineChoice = new() { ["KERASBRIDGE_ENGINE"] = null };

    /// <summary>A real venv that sees only NumPy (linked from Debian's): Python starts, but neither Keras nor torch imports.</summary>
    private static string NumpyOnlyVenv(TempDirectory dir)
    {
        var venv = dir.Combine("numpy-only");
        Assert.Equal(0, ProcessRunner.Run(TestPaths.SystemPython, ["-m", "venv", "--without-pip", venv]).ExitCode);
        var python = Path.Combine(venv, "bin", "python");
        var numpy = ProcessRunner.Run(TestPaths.SystemPython, ["-c", "import numpy, os; print(os.path.dirname(numpy.__file__))"]);
        Assert.SkipUnless(numpy.ExitCode == 0, "the system Python has no NumPy to link");
        var sitePackages = ProcessRunner.Run(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).StandardOutput.Trim();
        File.CreateSymbolicLink(Path.Combine(sitePackages, "numpy"), numpy.StandardOutput.Trim());
        return python;
    }

    private static Dictionary<string, string?> WithPython(string python) => new(NoEngineChoice) { ["KERASBRIDGE_PYTHON"] = python };

    [Fact]
    public void JsonHoldsRealCharactersNotEscapes()
    {
        using var dir = new TempDirectory();
        var result = ProcessRunner.Cli(["verify", "--json"], WithPython(NumpyOnlyVenv(dir)));
        Assert.Contains("No module named 'torch'", result.StandardOutput);   // the default encoder wrote \u0027 here
        Assert.DoesNotContain("\\u00", result.StandardOutput);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var python = json.RootElement.GetProperty("components")[0];
        Assert.Equal(InterpreterProbe.MinimumVersion.ToString(), python.GetProperty("minimumVersion").GetString());
    }

    [Fact]
    public void MissingPythonIsMissingEverywhereAndNoEngineRunsOnNone()
    {
        var environment = WithPython("/no/such/python3");
        using (var json = JsonDocument.Parse(ProcessRunner.Cli(["verify", "--json"], environment).StandardOutput))
        {
            var python = json.RootElement.GetProperty("components")[0];
            Assert.Equal("missing", python.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, python.GetProperty("installedVersion").ValueKind);
            Assert.Contains("python-env/setup.sh", python.GetProperty("remedy").GetString());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("engine").ValueKind);
        }
        var table = ProcessRunner.Cli(["verify"], environment);
        Assert.Equal(1, table.ExitCode);
        Assert.DoesNotContain(" on none", table.StandardOutput);
        Assert.Contains("The lesson cannot be followed yet: Python is missing", table.StandardOutput);
    }

    [Fact]
    public void PythonWithoutNumpyIsAnOkPythonWithItsVersionAndAMissingNumpy()
    {
        using var dir = new TempDirectory();
        var venv = dir.Combine("bare");
        Assert.Equal(0, ProcessRunner.Run(TestPaths.SystemPython, ["-m", "venv", "--without-pip", venv]).ExitCode);
        var python = Path.Combine(venv, "bin", "python");
        var version = ProcessRunner.Run(python, ["-c", "import platform; print(platform.python_version())"]).StandardOutput.Trim();

        var result = ProcessRunner.Cli(["verify", "--json"], WithPython(python));
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var rows = json.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal("ok", rows[0].GetProperty("status").GetString());
        Assert.Equal(version, rows[0].GetProperty("installedVersion").GetString());
        Assert.Equal("missing", rows[1].GetProperty("status").GetString());
        Assert.Equal("numpy", rows[1].GetProperty("module").GetString());
    }

    [Fact]
    public void NoEngineIsReportedWithBothReasonsAndNeverOnNone()
    {
        using var dir = new TempDirectory();
        var python = NumpyOnlyVenv(dir);
        var result = ProcessRunner.Cli(["verify"], WithPython(python));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Engine: none: Keras is not installed, and the 'torch' package is not installed.", result.StandardOutput);
        Assert.DoesNotContain(" on none", result.StandardOutput);
        Assert.Contains("no engine can run (Keras 3 or PyTorch)", result.StandardOutput);
    }

    [Fact]
    public void EngineUnavailableNamesTheInterpreterBothAttemptsAndTheFix()
    {
        using var dir = new TempDirectory();
        var python = NumpyOnlyVenv(dir);
        var model = Path.Combine(TestPaths.Keras3Fixtures, "digits_cnn.keras");
        var result = ProcessRunner.Cli(["summary", model], WithPython(python));
        Assert.Equal(1, result.ExitCode);
        var message = result.StandardError;
        Assert.Contains("Tried the Keras engine first: the 'keras' package is not installed", message);
        Assert.Contains("then the PyTorch engine: the 'torch' package is not installed", message);
        Assert.Contains($"Python: {python}.", message);
        Assert.Contains("Fix: install an engine", message);
        Assert.Contains("python-env/setup.sh", message);                      // run from the checkout
    }

    [Fact]
    public void TheReadmeStatesTheSamePythonRangeAsTheProbe()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        Assert.Contains($"Python {InterpreterProbe.MinimumVersion}–{InterpreterProbe.MaximumVersion}", readme);
        Assert.DoesNotContain("3.7–3.14", readme);
    }
}
