using Python.Runtime;

namespace KerasBridge;

/// <summary>Turns pythonnet's PythonException into <see cref="PythonError"/> (or a more specific subclass).</summary>
internal static class PythonErrorTranslator
{
    /// <summary>
    /// Translates the exception; a bad argument reported by the engines (InvalidArgumentError) becomes an
    /// <see cref="ArgumentException"/> whose ParamName is the C# name of the argument. Must be called while holding the GIL.
    /// </summary>
    public static Exception TranslateAny(PythonException e)
    {
        var error = Translate(e);
        if (error.PythonType == "NotCompiledError")
        {
            return new InvalidOperationException(error.PythonMessage, error);
        }
        if (error.PythonType == "OnnxExportError")
        {
            return new NotSupportedException(error.PythonMessage, error);
        }
        if (error.PythonType == "InvalidArgumentError")
        {
            string? argument = null;
            if (e.Value is { } value && value.HasAttr("argument"))
            {
                using var a = value.GetAttr("argument");
                argument = a.IsNone() ? null : a.As<string>();
            }
            return new ArgumentException(error.PythonMessage, argument is null ? null : CSharpName(argument), error);
        }
        return error;
    }

    /// <summary>batch_size → batchSize, validation_split → validationSplit.</summary>
    internal static string CSharpName(string pythonName)
    {
        var parts = pythonName.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? pythonName : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

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
        if (type == "WeightsUnavailableError" && e.Value is { } missing)
        {
            string Attr(string name) => missing.HasAttr(name) ? missing.GetAttr(name).ToString() ?? "" : "";
            return new WeightsUnavailableException(Attr("file_name"), Attr("url"), Attr("cache_path"), Attr("reason"), type, message, traceback, e);
        }
        if (type == "EngineUnavailableError")
        {
            return new EngineUnavailableException(type, message, traceback, PythonRuntime.Installation.Executable, e);
        }
        return new PythonError(type, message, traceback, e);
    }
}
