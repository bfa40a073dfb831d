using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Verification;

/// <summary>The verifier against the real interpreter: versions must be exactly what it reports itself.</summary>
public sealed class SetupVerifierTests
{
    private static string? VersionFromInterpreter(string module)
    {
        var python = PythonRuntime.Installation.SysExecutable;
        var result = ProcessRunner.Run(python, ["-c", $"import {module}; print({module}.__version__)"]);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    [Fact]
    public void ReportsEachPackageVersionExactlyAsTheInterpreterDoes()
    {
        var report = SetupVerifier.Run();
        foreach (var row in report.Components.Where(r => r.Module is "numpy" or "torch" or "sklearn" or "seaborn" or "pandas" or "matplotlib" or "keras"))
        {
            Assert.Equal(VersionFromInterpreter(row.Module), row.InstalledVersion);
        }
        Assert.Equal("Python", report.Components[0].Name);
        Assert.Equal(PythonRuntime.Installation.Version.ToString(), report.Components[0].InstalledVersion);
        Assert.Equal(["Python", "NumPy", "TensorFlow", "Keras", "PyTorch", "seaborn", "scikit-learn", "pandas", "matplotlib", "KerasTuner", "Graphviz"],
            report.Components.Select(c => c.Name));
    }

    [Fact]
    public void ChoosesAnEngineAndCanFollowTheLesson()
    {
        var report = SetupVerifier.Run();
        var kerasInstalled = VersionFromInterpreter("keras") is not null;
        Assert.True(report.CanFollowLesson);
        // KERASBRIDGE_ENGINE (CI runs the suite once per engine) wins over what is installed.
        var expected = EngineSelection.Requested() switch
        {
            EngineKind.Keras => EngineKind.Keras,
            EngineKind.Torch => EngineKind.Torch,
            _ => kerasInstalled ? EngineKind.Keras : EngineKind.Torch,
        };
        Assert.Equal(expected, report.Engine);
        Assert.False(string.IsNullOrEmpty(report.Device));
        Assert.True(report.Duration > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("1.2.1", "1.5.1", "1.4", CheckStatus.TooOld)]
    [InlineData("1.4.0", "1.5.1", "1.4", CheckStatus.OlderThanLesson)]
    [InlineData("1.5.1", "1.5.1", "1.4", CheckStatus.Ok)]
    [InlineData("2.17.0", "2.17.0", "2.16", CheckStatus.Ok)]
    [InlineData("2.16.1", "2.17.0", "2.16", CheckStatus.OlderThanLesson)]
    [InlineData("1.13.0a0", null, null, CheckStatus.Ok)]
    [InlineData("0.12.2", "0.13.2", null, CheckStatus.OlderThanLesson)]
    public void ComparesVersionsByTheirNumericParts(string installed, string? lesson, string? minimum, CheckStatus expected) =>
        Assert.Equal(expected, SetupVerifier.Compare(installed, lesson, minimum));

    [Fact]
    public void CliVerifyJsonParsesAndHoldsTheSameNumbers()
    {
        var result = ProcessRunner.Cli(["verify", "--json"]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var components = json.RootElement.GetProperty("components").EnumerateArray().ToList();
        var numpy = components.Single(c => c.GetProperty("module").GetString() == "numpy");
        Assert.Equal(VersionFromInterpreter("numpy"), numpy.GetProperty("installedVersion").GetString());
        var sklearn = components.Single(c => c.GetProperty("module").GetString() == "sklearn");
        Assert.Equal(VersionFromInterpreter("sklearn"), sklearn.GetProperty("installedVersion").GetString());
        Assert.True(json.RootElement.GetProperty("canFollowLesson").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("engine").GetString(), new[] { "keras", "torch" });
    }

    [Fact]
    public void CliVerifyTablePrintsEveryRowAndTheEngine()
    {
        var result = ProcessRunner.Cli(["verify"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "Python", "NumPy", "TensorFlow", "Keras", "PyTorch", "seaborn", "scikit-learn", "pandas", "matplotlib" })
        {
            Assert.Contains(name, result.StandardOutput);
        }
        Assert.Contains(VersionFromInterpreter("numpy")!, result.StandardOutput);
        Assert.Contains("Engine: ", result.StandardOutput);
        Assert.Contains("Verification took", result.StandardOutput);
    }
}
