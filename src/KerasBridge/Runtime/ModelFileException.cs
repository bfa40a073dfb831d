namespace KerasBridge;

/// <summary>A model file (.keras, .h5, .weights.h5) could not be read or written; names the file and the problem.</summary>
public class ModelFileException : PythonError
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string path, string problem, string pythonType, string pythonMessage, string pythonTraceback, Exception? inner = null)
        : base(pythonType, pythonMessage, pythonTraceback, inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override string Message => $"{FilePath}: {Problem}";
}

/// <summary>
/// A model file holds a Lambda layer or another object whose loading would run arbitrary code; it is refused
/// unless loading is called with safeMode: false (as Keras's safe_mode).
/// </summary>
public sealed class UnsafeModelException : ModelFileException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeModelException(string path, string problem, string pythonType, string pythonMessage, string pythonTraceback, Exception? inner = null)
        : base(path, problem, pythonType, pythonMessage, pythonTraceback, inner)
    {
    }
}
