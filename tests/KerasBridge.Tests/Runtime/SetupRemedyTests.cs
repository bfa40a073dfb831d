using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Runtime;

/// <summary>The one decision behind every "how to set Python up" remedy: the checkout's script, or the tool.</summary>
public sealed class SetupRemedyTests
{
    [Fact]
    public void InACheckoutTheRemedyIsTheCheckoutsScript()
    {
        using var dir = new TempDirectory();
        var script = dir.Combine("python-env", "setup.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(script, "#!/bin/sh\n");
        var deep = dir.Combine("examples", "App", "bin");
        Directory.CreateDirectory(deep);

        Assert.Equal($"run {script}", SetupRemedy.For(deep, "/"));             // upward from the current directory
        Assert.Equal($"run {script}", SetupRemedy.For("/", deep));             // or from the base directory
        Assert.Equal(script, SetupRemedy.FindScript(deep, "/"));
    }

    [Fact]
    public void OutsideACheckoutTheRemedyIsTheToolAndHowToInstallIt()
    {
        using var dir = new TempDirectory();
        var remedy = SetupRemedy.For(dir.Path, dir.Path);
        Assert.Equal("run `kerasbridge setup` (install it with `dotnet tool install -g KerasBridge.Cli`)", remedy);
        Assert.DoesNotContain("setup.sh", remedy);
        Assert.Null(SetupRemedy.FindScript(dir.Path, dir.Path));
    }

    [Fact]
    public void TheTestsRunFromACheckoutSoMessagesNameTheScript() =>
        Assert.Equal($"run {Path.Combine(TestPaths.RepoRoot, "python-env", "setup.sh")}", SetupRemedy.Command);

    [Fact]
    public void NullFoldersAreRefusedNamingTheArgument()
    {
        Assert.Equal("currentDirectory", Assert.Throws<ArgumentNullException>(() => SetupRemedy.For(null!, "/")).ParamName);
        Assert.Equal("baseDirectory", Assert.Throws<ArgumentNullException>(() => SetupRemedy.For("/", null!)).ParamName);
    }

    [Fact]
    public void EngineUnavailableNamesTheInterpreterWhatWasTriedAndTheFix()
    {
        var e = new EngineUnavailableException("EngineUnavailableError",
            "No engine can run. Tried the Keras engine first: the 'keras' package is not installed; then the PyTorch engine: the 'torch' package is not installed.",
            "Traceback ...", "/x/venv/bin/python");
        Assert.Equal("/x/venv/bin/python", e.Interpreter);
        Assert.StartsWith("No engine can run. Tried the Keras engine first", e.Message);
        Assert.Contains("Python: /x/venv/bin/python.", e.Message);
        Assert.Contains("Fix: install an engine", e.Message);
        Assert.Contains(SetupRemedy.Command, e.Message);
    }
}
