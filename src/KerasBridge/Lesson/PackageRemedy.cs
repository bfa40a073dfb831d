namespace KerasBridge;

/// <summary>
/// The fix to print for a Python package the lesson helpers need and the interpreter lacks. A user of the repository
/// (python-env/setup.sh exists above the current directory or the application) runs that script; a user of the
/// NuGet package runs <c>kerasbridge setup</c>. Either way pip in that environment also works.
/// (Temporary home: to be merged with the runtime's single remedy decision.)
/// </summary>
internal static class PackageRemedy
{
    /// <summary>The pip distribution name of an import name (sklearn is installed as scikit-learn).</summary>
    public static string PipName(string importName) => importName switch
    {
        "sklearn" => "scikit-learn",
        "PIL" => "pillow",
        "yaml" => "pyyaml",
        _ => importName,
    };

    /// <summary>The remedy text for a missing package, e.g. "run python-env/setup.sh (...), or 'pip install scikit-learn' in that environment."</summary>
    public static string For(string importName)
    {
        var pip = $"'{PythonRuntime.Installation.SysExecutable} -m pip install {PipName(importName)}'";
        var script = FindSetupScript();
        return script is not null
            ? $"run {script} (it installs the lesson's packages into python-env/.venv), or {pip}."
            : $"run 'kerasbridge setup' (it installs the lesson's packages), or {pip}.";
    }

    /// <summary>python-env/setup.sh above the current directory or the application's base directory, or null.</summary>
    internal static string? FindSetupScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "python-env", "setup.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }
        return null;
    }
}
