namespace KerasBridge;

/// <summary>
/// The fix to print for a Python package the lesson helpers need and the interpreter lacks. A user of the repository
/// (python-env/setup.sh exists above the current directory or the application) runs that script; a user of the
/// NuGet package runs <c>kerasbridge setup</c> (the wording comes from <see cref="SetupRemedy"/>, the one place that
/// decides it). Either way pip in that environment also works.
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

    /// <summary>The remedy text for a missing package: the setup fix of <see cref="SetupRemedy"/> (the repository's
    /// script or <c>kerasbridge setup</c>), or pip in that environment.</summary>
    public static string For(string importName)
    {
        var pip = $"'{PythonRuntime.Installation.SysExecutable} -m pip install {PipName(importName)}'";
        return $"{SetupRemedy.Command} (it installs the lesson's packages), or {pip}.";
    }
}
