namespace KerasBridge;

/// <summary>
/// Writes Python's forwarded stdout/stderr text (print, warnings, tracebacks printed by libraries) to .NET writers
/// without ever failing the Python call that printed: a process started with its stdout or stderr closed (a
/// service, <c>prog &gt;&amp;- 2&gt;&amp;-</c>) gets <see cref="UnauthorizedAccessException"/> ("Bad file
/// descriptor") from <see cref="Console.Error"/>, a pipe whose reader went away gets <see cref="IOException"/>,
/// and a writer given to <see cref="PythonRuntime.SetOutput"/> may have been disposed. Diagnostics that cannot be
/// written are dropped.
/// </summary>
internal static class PythonOutput
{
    /// <summary>Writes the text; any failure of the writer is swallowed.</summary>
    public static void Write(TextWriter writer, string text)
    {
        try
        {
            writer.Write(text);
        }
        catch (Exception)
        {
            // Deliberately broad: losing a line of diagnostics is better than failing the user's call (Fit, Load).
        }
    }

    /// <summary>Flushes the writer; any failure is swallowed.</summary>
    public static void Flush(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (Exception)
        {
            // As in Write: nothing can be done about a closed stream.
        }
    }
}
