using System.Diagnostics;

namespace KerasBridge;

/// <summary>
/// The report when Python itself cannot be started, or starts without NumPy: a Python row (and a NumPy row)
/// whose status, version and remedy agree with each other, and no engine.
/// </summary>
internal static class SetupFailureReport
{
    /// <summary>The Python row's minimum, the same number <see cref="InterpreterProbe"/> enforces.</summary>
    public static string MinimumPython => InterpreterProbe.MinimumVersion.ToString();

    /// <summary>Python started but NumPy does not import: the Python row is fine, the NumPy row is missing.</summary>
    public static SetupReport NumpyMissing(PythonPackageMissingException e, Stopwatch clock)
    {
        var version = ProbedVersion(e.Interpreter);
        var pythonRow = new ComponentCheck
        {
            Name = "Python", Module = "", Required = true, MinimumVersion = MinimumPython,
            InstalledVersion = version?.ToString(),
            Status = version is null ? CheckStatus.Unusable : CheckStatus.Ok,
            Details = e.Interpreter,
        };
        var numpyRow = new ComponentCheck
        {
            Name = "NumPy", Module = e.Package, Status = CheckStatus.Missing, Required = true,
            Remedy = $"{SetupRemedy.Command}, or pip install numpy in that environment", Details = e.Message,
        };
        return Report([pythonRow, numpyRow], "none (NumPy is missing)", clock);
    }

    /// <summary>No usable interpreter: the Python row says whether none was found or the one found cannot be used.</summary>
    public static SetupReport PythonUnusable(PythonSetupException e, Stopwatch clock)
    {
        var (status, version, remedy) = e switch
        {
            PythonNotFoundException => (CheckStatus.Missing, null, SetupRemedy.Command),
            PythonInterpreterInvalidException invalid when !File.Exists(invalid.Interpreter) =>
                (CheckStatus.Missing, null, $"correct {PythonLocator.PythonVariable} (or PythonOptions.PythonExecutable), or {SetupRemedy.Command}"),
            UnsupportedPythonVersionException old =>
                (old.Version < InterpreterProbe.MinimumVersion ? CheckStatus.TooOld : CheckStatus.Unusable, old.Version,
                 $"use {InterpreterProbe.SupportedRange} built with a shared libpython: {SetupRemedy.Command}"),
            PythonSharedLibraryMissingException noShared => (CheckStatus.Unusable, noShared.Version,
                $"use a Python built with a shared libpython: {SetupRemedy.Command}"),
            _ => (CheckStatus.Unusable, (Version?)null, SetupRemedy.Command),
        };
        var pythonRow = new ComponentCheck
        {
            Name = "Python", Module = "", Required = true, MinimumVersion = MinimumPython,
            InstalledVersion = version?.ToString(), Status = status, Remedy = remedy, Details = e.Message,
        };
        var why = status == CheckStatus.Missing ? "Python is not found" : "Python is not usable";
        return Report([pythonRow], $"none ({why})", clock);
    }

    private static SetupReport Report(IReadOnlyList<ComponentCheck> rows, string engineDescription, Stopwatch clock) => new()
    {
        Components = rows, Engine = null, EngineDescription = engineDescription, Device = "none",
        CanFollowLesson = false, Duration = clock.Elapsed,
    };

    private static Version? ProbedVersion(string interpreter)
    {
        try
        {
            return InterpreterProbe.Probe(new PythonCandidate(interpreter, "the verifier", true)).Version;
        }
        catch (PythonSetupException)
        {
            return null;
        }
    }
}
