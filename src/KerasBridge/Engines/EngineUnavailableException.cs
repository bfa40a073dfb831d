namespace KerasBridge;

/// <summary>The engine asked for (Keras or PyTorch) cannot be used in this Python; the message says why and how to fix it.</summary>
public sealed class EngineUnavailableException : PythonError
{
    /// <summary>Creates the exception from the Python error.</summary>
    public EngineUnavailableException(string pythonType, string pythonMessage, string pythonTraceback, Exception? inner = null)
        : base(pythonType, pythonMessage, pythonTraceback, inner)
    {
    }

    /// <inheritdoc />
    public override string Message => PythonMessage;
}
