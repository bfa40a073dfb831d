using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// The lesson's plots, drawn by seaborn and matplotlib through the bridge (non-interactive Agg backend) and written
/// as PNG files atomically: a finished file or none, never half a file. Each method checks its arguments (an
/// <see cref="ArgumentException"/> names the argument, what was expected and what was given), creates the folder
/// of <c>path</c> when needed and returns the full path written. A matplotlib, seaborn or pandas that does not import
/// raises <see cref="PythonPackageMissingException"/> (naming the package, the interpreter and the fix).
/// </summary>
public static partial class Plots
{
    /// <summary>Checks the path ends in .png, creates its folder and returns it in full.</summary>
    private static string PreparePath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Expected the path of a .png file to write; got {(path is null ? "null" : $"'{path}'")}.", nameof(path));
        }
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Expected a path ending in .png (plots are written as PNG); got '{path}'.", nameof(path));
        }
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        return full;
    }

    private static void RequireText(string value, string parameterName, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Expected {what}; got {(value is null ? "null" : $"'{value}'")}.", parameterName);
        }
    }

    private static void RequireNames(IReadOnlyList<string> names, string parameterName, string what)
    {
        ArgumentNullException.ThrowIfNull(names, parameterName);
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new ArgumentException($"Expected every {what} to be non-empty text; entry {i} is {(names[i] is null ? "null" : $"'{names[i]}'")}.", parameterName);
            }
        }
    }

    /// <summary>Calls kerasbridge.plots.&lt;function&gt; on the Python thread with the arguments made there.</summary>
    private static string Draw(string function, Func<PyObject[]> arguments)
    {
        return LessonPython.Call("kerasbridge.plots", function, draw =>
        {
            var args = arguments();
            try
            {
                using var result = draw.Invoke(args);
                return result.As<string>();
            }
            finally
            {
                foreach (var arg in args)
                {
                    arg.Dispose();
                }
            }
        });
    }

    private static PyObject Strings(IEnumerable<string> values) => new PyList(values.Select(v => (PyObject)new PyString(v)).ToArray());

    private static PyObject Numbers(IReadOnlyList<double> values) => NumpyArrays.ToNumpy(values as double[] ?? values.ToArray());
}
