namespace KerasBridge;

/// <summary>
/// The engine asked for (Keras or PyTorch) cannot be used in this Python. The message names the interpreter,
/// what was tried (for the automatic choice: Keras, then PyTorch, each with its import error) and the fix.
/// </summary>
public sealed class EngineUnavailableException : PythonError
{
    /// <summary>Creates the exception from the Python error and the interpreter it was raised in.</summary>
    /// <param name="pythonType">The Python exception's type name.</param>
    /// <param name="pythonMessage">What was tried and why each engine failed (from the Python side).</param>
    /// <param name="pythonTraceback">The Python traceback.</param>
    /// <param name="interpreter">The python executable KerasBridge runs.</param>
    /// <param name="inner">The pythonnet exception.</param>
    public EngineUnavailableException(string pythonType, string pythonMessage, string pythonTraceback, string interpreter, Exception? inner = null)
        : base(pythonType, pythonMessage, pythonTraceback, inner)
    {
        Interpreter = interpreter;
        Remedy = "install an engine in that Python — Keras 3 with a backend (pip install \"tensorflow>=2.16\") or PyTorch "
                 + "(pip install torch; on Debian/Ubuntu apt-get install python3-torch) — "
                 + $"{SetupRemedy.Command} to do that; or point {PythonLocator.PythonVariable} at a Python that has one; "
                 + $"or, when only one engine was asked for, choose the other ({EngineSelection.EngineVariable}=keras|torch, or Keras.DefaultEngine).";
    }

    /// <summary>The python executable in which no usable engine was found.</summary>
    public string Interpreter { get; }

    /// <summary>The fix, worded for how KerasBridge was obtained (see <see cref="SetupRemedy"/>).</summary>
    public string Remedy { get; }

    /// <inheritdoc />
    public override string Message => $"{PythonMessage} Python: {Interpreter}. Fix: {Remedy}";
}
