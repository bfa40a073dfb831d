using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// How the lesson helpers (Sklearn, Plots, DataTable, StandardScaler) call their Python functions: looked up once
/// through <see cref="PythonFunctions"/>, and a package that does not import (scikit-learn, seaborn, pandas,
/// matplotlib or one of theirs) reported as <see cref="PythonPackageMissingException"/> naming the package, the
/// interpreter and the fix, instead of a raw <see cref="PythonError"/> ModuleNotFoundError.
/// </summary>
internal static class LessonPython
{
    /// <summary>Runs <paramref name="call"/> on the Python thread with the function <paramref name="module"/>.<paramref name="name"/>.</summary>
    public static T Call<T>(string module, string name, Func<PyObject, T> call) =>
        PythonRuntime.Run(() =>
        {
            try
            {
                return call(PythonFunctions.Get(module, name));
            }
            catch (PythonException e) when (MissingPackage(e) is { } package)
            {
                throw Missing(package, e);
            }
        });

    /// <summary>
    /// The top-level package a ModuleNotFoundError names (Python's <c>e.name</c>), or null for another error or for
    /// KerasBridge's own package (a broken install of the library, not a missing dependency). Needs the GIL.
    /// </summary>
    internal static string? MissingPackage(PythonException e)
    {
        if (e.Type?.Name != "ModuleNotFoundError" || e.Value is not { } value || !value.HasAttr("name"))
        {
            return null;
        }
        using var name = value.GetAttr("name");
        if (name.IsNone())
        {
            return null;
        }
        var top = name.As<string>().Split('.')[0];
        return top.Length == 0 || top == "kerasbridge" ? null : top;
    }

    /// <summary>The exception for a package that does not import. Needs the GIL (it formats the Python error).</summary>
    internal static PythonPackageMissingException Missing(string package, PythonException e) =>
        new(package, PythonRuntime.Installation.SysExecutable, PackageRemedy.For(package), PythonErrorTranslator.Translate(e));
}
