using System.Text.RegularExpressions;

namespace KerasBridge.Tests.Support;

/// <summary>What Python printed to stdout while an action ran (Keras's progress output), without its ANSI colour codes.</summary>
internal static partial class PythonOutputCapture
{
    public static string Captured(Action action)
    {
        var output = new StringWriter();
        PythonRuntime.SetOutput(output, null);
        try
        {
            action();
        }
        finally
        {
            PythonRuntime.SetOutput(null, null);
        }
        return AnsiCodes().Replace(output.ToString(), "");
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiCodes();
}
