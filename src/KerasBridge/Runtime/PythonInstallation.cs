namespace KerasBridge;

/// <summary>What a probe of an interpreter reported about itself.</summary>
public sealed record PythonInstallation
{
    /// <summary>The executable that was probed (as given to the probe).</summary>
    public required string Executable { get; init; }

    /// <summary>The rule that found it.</summary>
    public required string Source { get; init; }

    /// <summary>sys.executable as the interpreter reports it.</summary>
    public required string SysExecutable { get; init; }

    /// <summary>The Python version (major.minor.micro).</summary>
    public required Version Version { get; init; }

    /// <summary>sys.prefix (the venv when one is active).</summary>
    public required string Prefix { get; init; }

    /// <summary>sys.base_prefix (the installation a venv was made from).</summary>
    public required string BasePrefix { get; init; }

    /// <summary>True when the interpreter runs in a virtual environment (sys.prefix differs from sys.base_prefix).</summary>
    public bool IsVirtualEnvironment => !string.Equals(Prefix, BasePrefix, StringComparison.Ordinal);

    /// <summary>Whether the interpreter was built with a shared libpython (Py_ENABLE_SHARED).</summary>
    public required bool IsSharedBuild { get; init; }

    /// <summary>The shared libpython to load, or null when none exists.</summary>
    public required string? SharedLibrary { get; init; }

    /// <summary>Whether this is a free-threaded (no-GIL) build.</summary>
    public required bool IsFreeThreaded { get; init; }
}
