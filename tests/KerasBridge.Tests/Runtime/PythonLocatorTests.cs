using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Runtime;

/// <summary>Every locator rule, over real folders and a real interpreter (symlinked into them).</summary>
public sealed class PythonLocatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _env = new();

    public void Dispose() => _dir.Dispose();

    private string FakeSystemPython => _dir.Combine("no-system-python");

    private PythonLocator Locator(string? current = null, string? baseDir = null, string? system = null) =>
        new(name => _env.GetValueOrDefault(name), current ?? _dir.Combine("cwd"), baseDir ?? _dir.Combine("base"), system ?? FakeSystemPython);

    private string MakeVenv(string root)
    {
        var bin = Path.Combine(root, "python-env", ".venv", "bin");
        Directory.CreateDirectory(bin);
        var python = Path.Combine(bin, "python");
        File.CreateSymbolicLink(python, TestPaths.SystemPython);
        return python;
    }

    public PythonLocatorTests()
    {
        Directory.CreateDirectory(_dir.Combine("cwd", "a", "b"));
        Directory.CreateDirectory(_dir.Combine("base"));
    }

    [Fact]
    public void ExplicitOptionComesFirst()
    {
        _env[PythonLocator.PythonVariable] = "/somewhere/else/python";
        var found = Locator().Locate(TestPaths.SystemPython);
        Assert.Equal(TestPaths.SystemPython, found.Executable);
        Assert.Equal("PythonOptions.PythonExecutable", found.Source);
    }

    [Fact]
    public void EnvironmentVariableComesBeforeVenvSearch()
    {
        MakeVenv(_dir.Combine("cwd"));
        _env[PythonLocator.PythonVariable] = TestPaths.SystemPython;
        var found = Locator().Locate();
        Assert.Equal(TestPaths.SystemPython, found.Executable);
        Assert.Equal(PythonLocator.PythonVariable, found.Source);
    }

    [Fact]
    public void ExplicitPathThatDoesNotExistIsAnErrorNotSkipped()
    {
        var missing = _dir.Combine("nope", "python");
        var e = Assert.Throws<PythonInterpreterInvalidException>(() => Locator(system: TestPaths.SystemPython).Locate(missing));
        Assert.Equal(missing, e.Interpreter);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("PythonOptions.PythonExecutable", e.Message);
    }

    [Fact]
    public void EnvironmentVariableThatDoesNotExistIsAnError()
    {
        _env[PythonLocator.PythonVariable] = _dir.Combine("missing-python");
        var e = Assert.Throws<PythonInterpreterInvalidException>(() => Locator(system: TestPaths.SystemPython).Locate());
        Assert.Contains("KERASBRIDGE_PYTHON", e.Message);
        Assert.Contains("missing-python", e.Message);
    }

    [Fact]
    public void VenvIsFoundUpwardFromTheCurrentDirectory()
    {
        var venvPython = MakeVenv(_dir.Combine("cwd"));
        var found = Locator(current: _dir.Combine("cwd", "a", "b"), system: TestPaths.SystemPython).Locate();
        Assert.Equal(venvPython, found.Executable);
        Assert.Contains("current directory", found.Source);
    }

    [Fact]
    public void VenvIsFoundUpwardFromTheBaseDirectoryWhenNotAboveTheCurrentOne()
    {
        var venvPython = MakeVenv(_dir.Combine("base"));
        Directory.CreateDirectory(_dir.Combine("base", "bin", "Debug"));
        var found = Locator(baseDir: _dir.Combine("base", "bin", "Debug"), system: TestPaths.SystemPython).Locate();
        Assert.Equal(venvPython, found.Executable);
        Assert.Contains("base directory", found.Source);
    }

    [Fact]
    public void ActiveVirtualEnvComesAfterTheRepoVenvs()
    {
        var venv = _dir.Combine("myvenv");
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        File.CreateSymbolicLink(Path.Combine(venv, "bin", "python"), TestPaths.SystemPython);
        _env["VIRTUAL_ENV"] = venv;
        var found = Locator(system: TestPaths.SystemPython).Locate();
        Assert.Equal(Path.Combine(venv, "bin", "python"), found.Executable);
        Assert.Equal("VIRTUAL_ENV", found.Source);
    }

    [Fact]
    public void SystemPythonComesBeforePath()
    {
        var pathDir = _dir.Combine("pathdir");
        Directory.CreateDirectory(pathDir);
        File.CreateSymbolicLink(Path.Combine(pathDir, "python3"), TestPaths.SystemPython);
        _env["PATH"] = pathDir;
        var found = Locator(system: TestPaths.SystemPython).Locate();
        Assert.Equal(TestPaths.SystemPython, found.Executable);
        Assert.Equal("the system Python", found.Source);
    }

    [Fact]
    public void Python3OnPathIsTheLastResort()
    {
        var pathDir = _dir.Combine("pathdir");
        Directory.CreateDirectory(pathDir);
        File.CreateSymbolicLink(Path.Combine(pathDir, "python3"), TestPaths.SystemPython);
        _env["PATH"] = _dir.Combine("empty") + Path.PathSeparator + pathDir;
        var found = Locator().Locate();
        Assert.Equal(Path.Combine(pathDir, "python3"), found.Executable);
        Assert.Equal("python3 on PATH", found.Source);
    }

    [Fact]
    public void NothingFoundListsEveryPlaceLookedAt()
    {
        _env["PATH"] = _dir.Combine("empty");
        var e = Assert.Throws<PythonNotFoundException>(() => Locator().Locate());
        Assert.Contains(e.PlacesLookedAt, p => p.StartsWith("KERASBRIDGE_PYTHON: not set"));
        Assert.Contains(e.PlacesLookedAt, p => p.Contains(Path.Combine(_dir.Combine("cwd"), "python-env", ".venv", "bin", "python")));
        Assert.Contains(e.PlacesLookedAt, p => p.Contains("base directory"));
        Assert.Contains(e.PlacesLookedAt, p => p == "VIRTUAL_ENV: not set");
        Assert.Contains(e.PlacesLookedAt, p => p.Contains(FakeSystemPython));
        Assert.Contains(e.PlacesLookedAt, p => p == "python3 on PATH: not found");
        Assert.Contains("python-env/setup.sh", e.Message);
    }
}
