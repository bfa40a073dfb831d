using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Runtime;

/// <summary>Behaviour that needs a fresh process: a missing package, and a prompt exit after heavy imports.</summary>
public sealed class ProcessLevelTests
{
    [Fact]
    public void MissingPackageNamesThePackageTheInterpreterAndTheFix()
    {
        using var dir = new TempDirectory();
        // A real venv without system site packages: a real interpreter with no numpy.
        var venv = dir.Combine("bare");
        var made = ProcessRunner.Run(TestPaths.SystemPython, ["-m", "venv", "--without-pip", venv]);
        Assert.Equal(0, made.ExitCode);
        var python = Path.Combine(venv, "bin", "python");

        var result = ProcessRunner.Cli(["verify", "--json"], new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = python });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("numpy", result.StandardOutput);
        Assert.Contains("is not installed in", result.StandardOutput);
        Assert.Contains(python, result.StandardOutput);
        Assert.Contains("python-env/setup.sh", result.StandardOutput);
    }

    [Fact]
    public void InterpreterThatDoesNotExistIsReportedByVerify()
    {
        var result = ProcessRunner.Cli(["verify", "--json"], new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = "/no/such/python3" });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/no/such/python3", result.StandardOutput);
        Assert.Contains("does not exist", result.StandardOutput);
    }
}
