namespace KerasBridge;

/// <summary>
/// A Python exception raised inside the bridge, carried into .NET with its Python type name,
/// message and traceback text.
/// </summary>
public class PythonError : Exception
{
    /// <summary>Creates the error from its Python parts.</summary>
    public PythonError(string pythonType, string pythonMessage, string pythonTraceback, Exception? inner = null)
        : base(ComposeMessage(pythonType, pythonMessage), inner)
    {
        PythonType = pythonType;
        PythonMessage = pythonMessage;
        PythonTraceback = pythonTraceback;
    }

    /// <summary>The Python exception's type name, e.g. "ValueError".</summary>
    public string PythonType { get; }

    /// <summary>The Python exception's message (str(exc)).</summary>
    public string PythonMessage { get; }

    /// <summary>The formatted Python traceback, ending with "Type: message" (never empty).</summary>
    public string PythonTraceback { get; }

    /// <inheritdoc />
    public override string ToString() => base.ToString() + Environment.NewLine + "Python traceback:" + Environment.NewLine + PythonTraceback;

    private static string ComposeMessage(string type, string message) =>
        string.IsNullOrEmpty(message) ? type : $"{type}: {message}";
}
