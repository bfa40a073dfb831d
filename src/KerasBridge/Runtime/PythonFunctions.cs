using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Functions of the library's own Python modules, looked up once and kept: every call into Python from C#
/// goes through here instead of importing the module again.
/// </summary>
internal static class PythonFunctions
{
    // Only touched while holding the GIL (on the Python thread), which serializes access.
    private static readonly Dictionary<(string Module, string Name), PyObject> Cache = new();

    /// <summary>A function of kerasbridge.dotnet_api, the coarse calls C# makes.</summary>
    public static PyObject Api(string name) => Get("kerasbridge.dotnet_api", name);

    /// <summary>A function of kerasbridge.arrays, the array transfer helpers.</summary>
    public static PyObject Arrays(string name) => Get("kerasbridge.arrays", name);

    /// <summary>A function of any module (the lesson helpers' kerasbridge.sklearn_helpers, plots, tables). Needs the GIL.</summary>
    internal static PyObject Get(string module, string name)
    {
        if (!Cache.TryGetValue((module, name), out var function))
        {
            using var imported = Py.Import(module);
            function = imported.GetAttr(name);
            Cache[(module, name)] = function;
        }
        return function;
    }
}
