using Python.Runtime;

namespace KerasBridge;

/// <summary>Turns pythonnet's PythonException into <see cref="PythonError"/> (or a more specific subclass).</summary>
internal static class PythonErrorTranslator
{
    /// <summary>Translates the exception. Must be called while holding the GIL.</summary>
    public static PythonError Translate(PythonException e)
    {
        string type = e.Type?.Name ?? "Exception";
        string message;
        string traceback;
        try
        {
            message = e.Value?.ToString() ?? e.Message;
            // traceback.format_exception gives the Python frames when there are some and
            // at least "Type: message" when there are none (errors raised in C code, SyntaxError, ...).
            using var tracebackModule = Py.Import("traceback");
            using var lines = tracebackModule.InvokeMethod("format_exception",
                e.Type ?? PyObject.None, e.Value ?? PyObject.None, e.Traceback ?? PyObject.None);
            traceback = string.Concat(lines.As<string[]>());
        }
        catch (PythonException)
        {
            message = e.Message;
            traceback = $"{type}: {message}";
        }
        if (string.IsNullOrWhiteSpace(traceback))
        {
            traceback = $"{type}: {message}";
        }

        if (type is "ModelFileError" or "UnsafeModelError" && e.Value is { } value)
        {
            var path = value.HasAttr("path") ? value.GetAttr("path").ToString() ?? "" : "";
            var problem = value.HasAttr("problem") ? value.GetAttr("problem").ToString() ?? message : message;
            return type == "UnsafeModelError"
                ? new UnsafeModelException(path, problem, type, message, traceback, e)
                : new ModelFileException(path, problem, type, message, traceback, e);
        }
        return new PythonError(type, message, traceback, e);
    }
}
