using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Cli;

/// <summary><c>kerasbridge setup</c>: the shipped script is the repository's, bad command lines exit 2, and a real run.</summary>
public sealed class SetupCommandTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--venv")]
    [InlineData("extra")]
    [InlineData("--no-verify", "--no-verify")]
    public void BadCommandLinesAreUsageErrors(params string[] args)
    {
        var result = ProcessRunner.Cli(["setup", .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kerasbridge: setup:", result.StandardError);
        Assert.Contains("usage: kerasbridge", result.StandardError);
    }

    [Fact]
    public void TheShippedScriptIsTheRepositorysScript()
    {
        using var dir = new TempDirectory();
        var script = KerasBridge.Cli.Commands.SetupCommand.Extract(dir.Path);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "python-env", "setup.sh")), File.ReadAllBytes(script));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "requirements.txt")), File.ReadAllBytes(dir.Combine("requirements.txt")));
    }

    [Fact]
    public void SetupMakesTheVenvWhereAskedSaysHowToPointAtItAndVerifiesItInProcess()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the setup script needs bash");
        using var dir = new TempDirectory();
        var venv = dir.Combine("env");
        var environment = new Dictionary<string, string?> { ["KERASBRIDGE_PYTHON"] = null, ["VIRTUAL_ENV"] = null, ["KERASBRIDGE_ENGINE"] = null };

        var started = DateTime.UtcNow;
        var result = ProcessRunner.Cli(["setup", "--venv", venv], environment, workingDirectory: dir.Path);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        Assert.True(File.Exists(Path.Combine(venv, "bin", "python")));
        Assert.Contains("stage 1/4", result.StandardOutput);                  // the script's own lines, streamed
        Assert.Contains($"KERASBRIDGE_PYTHON={venv}/bin/python", result.StandardOutput);
        Assert.Contains("kerasbridge setup: verifying it", result.StandardOutput);
        Assert.Contains("The lesson can be followed.", result.StandardOutput);
        // The new venv sees Debian's packages (torch) but not the repository venv's Keras: the verify ran on it.
        Assert.Contains("Engine: PyTorch engine (torch ", result.StandardOutput);
        // The extracted script is removed afterwards.
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "kerasbridge-setup-*"), d => Directory.GetCreationTimeUtc(d) >= started);
    }
}
