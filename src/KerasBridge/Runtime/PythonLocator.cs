namespace KerasBridge;

/// <summary>
/// Finds the Python interpreter to embed, in this order: the explicit option; KERASBRIDGE_PYTHON;
/// python-env/.venv/bin/python looked for upward from the current directory, then from the application's
/// base directory; an active VIRTUAL_ENV; /usr/bin/python3; python3 on PATH.
/// </summary>
public sealed class PythonLocator
{
    /// <summary>The environment variable naming a python executable.</summary>
    public const string PythonVariable = "KERASBRIDGE_PYTHON";

    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly string _currentDirectory;
    private readonly string _baseDirectory;
    private readonly string _systemPython;

    /// <summary>Creates a locator over the real process environment.</summary>
    public PythonLocator()
        : this(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, "/usr/bin/python3")
    {
    }

    /// <summary>Creates a locator over the given environment (used to run the rules against other folders).</summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable (KERASBRIDGE_PYTHON, VIRTUAL_ENV, PATH).</param>
    /// <param name="currentDirectory">The folder the upward search for python-env/.venv starts from.</param>
    /// <param name="baseDirectory">The application's base folder, searched upward second.</param>
    /// <param name="systemPython">The system interpreter's path (/usr/bin/python3 on Linux).</param>
    public PythonLocator(Func<string, string?> getEnvironmentVariable, string currentDirectory, string baseDirectory, string systemPython)
    {
        _getEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
        _currentDirectory = currentDirectory ?? throw new ArgumentNullException(nameof(currentDirectory));
        _baseDirectory = baseDirectory ?? throw new ArgumentNullException(nameof(baseDirectory));
        _systemPython = systemPython ?? throw new ArgumentNullException(nameof(systemPython));
    }

    /// <summary>Returns the first interpreter found.</summary>
    /// <param name="explicitExecutable">An explicit choice (PythonOptions.PythonExecutable), or null.</param>
    /// <exception cref="PythonInterpreterInvalidException">An explicit choice does not exist.</exception>
    /// <exception cref="PythonNotFoundException">No rule found an interpreter; lists the places looked at.</exception>
    public PythonCandidate Locate(string? explicitExecutable = null)
    {
        var looked = new List<string>();
        foreach (var candidate in Candidates(explicitExecutable, looked))
        {
            if (File.Exists(candidate.Executable))
            {
                return candidate with { Executable = Path.GetFullPath(candidate.Executable) };
            }
            if (candidate.IsExplicit)
            {
                throw new PythonInterpreterInvalidException(candidate.Executable,
                    $"the file does not exist (it was given by {candidate.Source}). Fix: correct the path, "
                    + "or unset it to let KerasBridge search python-env/.venv, VIRTUAL_ENV, /usr/bin/python3 and PATH.");
            }
        }
        throw new PythonNotFoundException(looked);
    }

    private IEnumerable<PythonCandidate> Candidates(string? explicitExecutable, List<string> looked)
    {
        if (!string.IsNullOrWhiteSpace(explicitExecutable))
        {
            looked.Add($"PythonOptions.PythonExecutable: {explicitExecutable}");
            yield return new PythonCandidate(explicitExecutable, "PythonOptions.PythonExecutable", true);
        }

        var fromVariable = _getEnvironmentVariable(PythonVariable);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            looked.Add($"{PythonVariable}: {fromVariable}");
            yield return new PythonCandidate(fromVariable, PythonVariable, true);
        }
        else
        {
            looked.Add($"{PythonVariable}: not set");
        }

        foreach (var (start, label) in new[] { (_currentDirectory, "the current directory"), (_baseDirectory, "the application's base directory") })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var venvPython = VenvPython(Path.Combine(dir.FullName, "python-env", ".venv"));
                looked.Add($"python-env/.venv above {label}: {venvPython}");
                yield return new PythonCandidate(venvPython, $"python-env/.venv above {label}", false);
            }
        }

        var virtualEnv = _getEnvironmentVariable("VIRTUAL_ENV");
        if (!string.IsNullOrWhiteSpace(virtualEnv))
        {
            var venvPython = VenvPython(virtualEnv);
            looked.Add($"VIRTUAL_ENV: {venvPython}");
            yield return new PythonCandidate(venvPython, "VIRTUAL_ENV", false);
        }
        else
        {
            looked.Add("VIRTUAL_ENV: not set");
        }

        looked.Add($"system Python: {_systemPython}");
        yield return new PythonCandidate(_systemPython, "the system Python", false);

        var onPath = FindOnPath(OperatingSystem.IsWindows() ? "python.exe" : "python3");
        looked.Add($"python3 on PATH: {onPath ?? "not found"}");
        if (onPath is not null)
        {
            yield return new PythonCandidate(onPath, "python3 on PATH", false);
        }
    }

    private static string VenvPython(string venv) =>
        OperatingSystem.IsWindows() ? Path.Combine(venv, "Scripts", "python.exe") : Path.Combine(venv, "bin", "python");

    private string? FindOnPath(string name)
    {
        var path = _getEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
