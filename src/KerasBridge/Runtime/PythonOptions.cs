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

    /// <summary>
    /// The device the PyTorch engine, and Keras on its torch backend, compute on: "cpu", "cuda" (the first GPU) or
    /// "cuda:N"; null or "auto" for the default choice (the KERAS_TORCH_DEVICE environment variable when set, else the
    /// first GPU torch sees, else the CPU). It sets KERAS_TORCH_DEVICE for the embedded Python before any engine
    /// starts, the variable Keras itself reads, so it is chosen once per process. A GPU torch cannot see is refused
    /// when the engine starts, with the reason (see docs/engines.md, "Device").
    /// </summary>
    public string? TorchDevice { get; init; }
}
