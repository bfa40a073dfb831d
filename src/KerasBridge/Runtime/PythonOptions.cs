namespace KerasBridge;

/// <summary>How KerasBridge finds and starts Python. Every property is optional.</summary>
public sealed record PythonOptions
{
    /// <summary>
    /// Path to a python executable to embed. Takes precedence over every other rule
    /// (KERASBRIDGE_PYTHON, python-env/.venv, VIRTUAL_ENV, /usr/bin/python3, python3 on PATH).
    /// </summary>
    public string? PythonExecutable { get; init; }

    /// <summary>
    /// Where Python's stdout and stderr go. Defaults to <see cref="Console.Out"/> and <see cref="Console.Error"/>,
    /// so print() works even in processes without a console.
    /// </summary>
    public TextWriter? StandardOutput { get; init; }

    /// <inheritdoc cref="StandardOutput"/>
    public TextWriter? StandardError { get; init; }
}
