using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Runtime;

/// <summary>The probe run against real interpreters (and, for versions this machine lacks, a stand-in that answers the probe).</summary>
public sealed class InterpreterProbeTests
{
    [Fact]
    public void SystemPythonIsProbedWithItsSharedLibrary()
    {
        var found = InterpreterProbe.Probe(new PythonCandidate(TestPaths.SystemPython, "test", true));
        Assert.Equal(3, found.Version.Major);
        Assert.True(found.IsSharedBuild);
        Assert.NotNull(found.SharedLibrary);
        Assert.True(File.Exists(found.SharedLibrary));
        Assert.Contains("libpython3", found.SharedLibrary);
        Assert.False(found.IsVirtualEnvironment);
    }

    [Fact]
    public void VenvReportsItsOwnExecutableAndPrefix()
    {
        var venvPython = Path.Combine(TestPaths.RepoRoot, "python-env", ".venv", "bin", "python");
        Assert.SkipUnless(File.Exists(venvPython), "python-env/.venv is not set up (run python-env/setup.sh)");
        var found = InterpreterProbe.Probe(new PythonCandidate(venvPython, "test", true));
        Assert.True(found.IsVirtualEnvironment);
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "python-env", ".venv"), found.Prefix);
        Assert.Equal(venvPython, found.SysExecutable);
        Assert.NotNull(found.SharedLibrary);
    }

    [Fact]
    public void InterpreterWithoutSharedLibraryIsRefusedWithTheFix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the stand-in is a POSIX shell script");
        using var dir = new TempDirectory();
        // Every interpreter on this machine is a shared build, so a stand-in answers the probe as a static
        // build (Py_ENABLE_SHARED = 0, libpython3.11.a only) does, e.g. pyenv without --enable-shared.
        var standIn = StandIn(dir, "python3.11", """{"version":[3,11,7],"executable":"/x/python3.11","prefix":"/x","base_prefix":"/x","enable_shared":0,"libdir":"/x/lib","ldlibrary":"libpython3.11.a"}""");
        var e = Assert.Throws<PythonSharedLibraryMissingException>(() => InterpreterProbe.Probe(new PythonCandidate(standIn, "test", true)));
        Assert.Equal(standIn, e.Interpreter);
        Assert.Contains(standIn, e.Message);
        Assert.Contains("Py_ENABLE_SHARED is 0", e.Message);
        Assert.Contains("--enable-shared", e.Message);
    }

    [Fact]
    public void SharedBuildWhoseLibraryIsGoneIsRefusedNamingTheFoldersSearched()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the stand-in is a POSIX shell script");
        using var dir = new TempDirectory();
        var standIn = StandIn(dir, "python3", $$"""{"version":[3,11,2],"executable":"/x/python3","prefix":"/x","base_prefix":"/x","enable_shared":1,"libdir":"{{dir.Path}}","instsoname":"libpython3.11.so.1.0"}""");
        var e = Assert.Throws<PythonSharedLibraryMissingException>(() => InterpreterProbe.Probe(new PythonCandidate(standIn, "test", true)));
        Assert.Contains("libpython3.11.so.1.0 is in none of", e.Message);
        Assert.Contains(dir.Path, e.Message);
    }

    [Fact]
    public void RealOldPythonIsRefusedNamingTheRange()
    {
        var old = new[] { "3.10.13", "3.9.18", "3.7.16", "3.6.15" }.Select(v => $"/root/.pyenv/versions/{v}/bin/python3").FirstOrDefault(File.Exists);
        Assert.SkipWhen(old is null, $"no Python older than {InterpreterProbe.MinimumVersion} on this machine");
        var e = Assert.Throws<UnsupportedPythonVersionException>(() => InterpreterProbe.Probe(new PythonCandidate(old!, "test", true)));
        Assert.True(e.Version < InterpreterProbe.MinimumVersion);
        Assert.Contains("3.11 to 3.14", e.Message);
        Assert.Contains(old!, e.Message);
    }

    [Fact]
    public void UnsupportedVersionIsRefusedNamingTheRange()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the stand-in is a POSIX shell script");
        using var dir = new TempDirectory();
        // A stand-in executable answering the probe as a Python 3.99 would: no such Python exists to test with.
        var standIn = StandIn(dir, "python3.99", """{"version":[3,99,0],"executable":"/x/python3.99","prefix":"/x","base_prefix":"/x","enable_shared":1,"libdir":"/x/lib","instsoname":"libpython3.99.so"}""");
        var e = Assert.Throws<UnsupportedPythonVersionException>(() => InterpreterProbe.Probe(new PythonCandidate(standIn, "test", true)));
        Assert.Equal(new Version(3, 99, 0), e.Version);
        Assert.Contains("3.11 to 3.14", e.Message);
        Assert.Contains(standIn, e.Message);
    }

    [Fact]
    public void FileThatIsNotAnInterpreterIsRefused()
    {
        using var dir = new TempDirectory();
        var notPython = dir.Combine("python");
        File.WriteAllText(notPython, "this is not a program");
        var e = Assert.Throws<PythonInterpreterInvalidException>(() => InterpreterProbe.Probe(new PythonCandidate(notPython, "test", true)));
        Assert.Contains(notPython, e.Message);
        Assert.Contains("could not be started", e.Message);
    }

    [Fact]
    public void ProgramThatDoesNotAnswerLikePythonIsRefused()
    {
        var e = Assert.Throws<PythonInterpreterInvalidException>(() => InterpreterProbe.Probe(new PythonCandidate("/bin/true", "test", true)));
        Assert.Contains("/bin/true", e.Message);
        Assert.Contains("did not answer the probe", e.Message);
    }

    private static string StandIn(TempDirectory dir, string name, string probeAnswer)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, "#!/bin/sh\necho '" + probeAnswer + "'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
