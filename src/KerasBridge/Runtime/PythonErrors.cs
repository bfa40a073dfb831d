namespace KerasBridge;

/// <summary>Base type of every error KerasBridge raises about the Python installation itself.</summary>
public abstract class PythonSetupException : Exception
{
    /// <summary>Creates the exception with its full message.</summary>
    protected PythonSetupException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>No usable Python interpreter was found in any of the places KerasBridge looks.</summary>
public sealed class PythonNotFoundException : PythonSetupException
{
    /// <summary>Creates the exception listing every place that was looked at.</summary>
    public PythonNotFoundException(IReadOnlyList<string> placesLookedAt)
        : base("No Python interpreter was found. Places looked at, in order:" + Environment.NewLine
               + string.Join(Environment.NewLine, placesLookedAt.Select(p => "  - " + p)) + Environment.NewLine
               + $"Fix: {SetupRemedy.Command}, or set KERASBRIDGE_PYTHON to a python executable, "
               + "or pass PythonOptions.PythonExecutable.")
    {
        PlacesLookedAt = placesLookedAt;
    }

    /// <summary>The places looked at, in the order they were tried.</summary>
    public IReadOnlyList<string> PlacesLookedAt { get; }
}

/// <summary>An interpreter was chosen explicitly (option or KERASBRIDGE_PYTHON) but cannot be run.</summary>
public sealed class PythonInterpreterInvalidException : PythonSetupException
{
    /// <summary>Creates the exception naming the interpreter and what is wrong with it.</summary>
    public PythonInterpreterInvalidException(string interpreter, string problem, Exception? inner = null)
        : base($"The Python interpreter '{interpreter}' cannot be used: {problem}", inner)
    {
        Interpreter = interpreter;
    }

    /// <summary>The interpreter that was tried.</summary>
    public string Interpreter { get; }
}

/// <summary>The interpreter has no shared libpython (e.g. a pyenv build without --enable-shared), so it cannot be embedded.</summary>
public sealed class PythonSharedLibraryMissingException : PythonSetupException
{
    /// <summary>Creates the exception naming the interpreter (and its version, when known).</summary>
    public PythonSharedLibraryMissingException(string interpreter, string details, Version? version = null)
        : base($"The Python interpreter '{interpreter}' was built without a shared libpython ({details}), "
               + "so it cannot be embedded in a .NET process. Fix: use an interpreter built with --enable-shared, "
               + "e.g. Debian's /usr/bin/python3 with 'apt-get install libpython3-dev' (or libpython3.X), "
               + "or rebuild with 'PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install <version>'.")
    {
        Interpreter = interpreter;
        Version = version;
    }

    /// <summary>The interpreter that was tried.</summary>
    public string Interpreter { get; }

    /// <summary>Its version, when the probe got that far.</summary>
    public Version? Version { get; }
}

/// <summary>The interpreter's version is one pythonnet 3.2.1 cannot embed.</summary>
public sealed class UnsupportedPythonVersionException : PythonSetupException
{
    /// <summary>Creates the exception naming the interpreter, its version and the supported range.</summary>
    public UnsupportedPythonVersionException(string interpreter, Version version, string supported)
        : base($"The Python interpreter '{interpreter}' is Python {version}, which pythonnet 3.2.1 cannot embed "
               + $"(supported: {supported}). Fix: point KERASBRIDGE_PYTHON at a supported Python, e.g. /usr/bin/python3.11.")
    {
        Interpreter = interpreter;
        Version = version;
    }

    /// <summary>The interpreter that was tried.</summary>
    public string Interpreter { get; }

    /// <summary>Its version.</summary>
    public Version Version { get; }
}

/// <summary>A Python package KerasBridge needs does not import in the chosen interpreter.</summary>
public sealed class PythonPackageMissingException : PythonSetupException
{
    /// <summary>Creates the exception naming the package, the interpreter and the fix.</summary>
    public PythonPackageMissingException(string package, string interpreter, string remedy, Exception? inner = null)
        : base($"The Python package '{package}' is not installed in '{interpreter}'. Fix: {remedy}", inner)
    {
        Package = package;
        Interpreter = interpreter;
    }

    /// <summary>The missing package (its import name).</summary>
    public string Package { get; }

    /// <summary>The interpreter it was looked for in.</summary>
    public string Interpreter { get; }
}

/// <summary>Python was already started in this process with another interpreter; CPython can be embedded once per process.</summary>
public sealed class PythonRuntimeConflictException : PythonSetupException
{
    /// <summary>Creates the exception naming both interpreters.</summary>
    public PythonRuntimeConflictException(string running, string requested)
        : base($"Python is already running in this process with '{running}'; it cannot be restarted with '{requested}'. "
               + "CPython can be embedded once per process: choose the interpreter before first use "
               + "(PythonRuntime.Initialize or KERASBRIDGE_PYTHON).")
    {
        Running = running;
        Requested = requested;
    }

    /// <summary>The interpreter in use.</summary>
    public string Running { get; }

    /// <summary>The interpreter that was asked for.</summary>
    public string Requested { get; }
}
