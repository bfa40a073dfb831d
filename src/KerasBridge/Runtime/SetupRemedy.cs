namespace KerasBridge;

/// <summary>
/// The one place that words "how to set Python up" for every remedy message, to fit how KerasBridge was
/// obtained: from a repository checkout (python-env/setup.sh is found upward from the current directory or the
/// application's base directory) the fix is that script; otherwise (a NuGet package user) it is the
/// <c>kerasbridge setup</c> command of the KerasBridge.Cli tool, which ships the same script.
/// </summary>
public static class SetupRemedy
{
    /// <summary>The command that installs the kerasbridge tool.</summary>
    public const string ToolInstallCommand = "dotnet tool install -g KerasBridge.Cli";

    /// <summary>The setup script's path inside a repository checkout.</summary>
    public static readonly string ScriptRelativePath = Path.Combine("python-env", "setup.sh");

    /// <summary>
    /// The fix for this process, starting with "run": "run /path/to/python-env/setup.sh" in a checkout, else
    /// "run `kerasbridge setup` (install it with `dotnet tool install -g KerasBridge.Cli`)".
    /// </summary>
    public static string Command => For(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>The fix as seen from the given folders (see <see cref="Command"/>).</summary>
    /// <param name="currentDirectory">The folder searched upward first for python-env/setup.sh.</param>
    /// <param name="baseDirectory">The application's base folder, searched upward second.</param>
    /// <exception cref="ArgumentNullException">A folder is null.</exception>
    public static string For(string currentDirectory, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(currentDirectory);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var script = FindScript(currentDirectory, baseDirectory);
        return script is not null
            ? $"run {script}"
            : $"run `kerasbridge setup` (install it with `{ToolInstallCommand}`)";
    }

    /// <summary>python-env/setup.sh found upward from <paramref name="currentDirectory"/>, then from
    /// <paramref name="baseDirectory"/>; null outside a repository checkout.</summary>
    public static string? FindScript(string currentDirectory, string baseDirectory)
    {
        foreach (var start in new[] { currentDirectory, baseDirectory })
        {
            if (string.IsNullOrEmpty(start))
            {
                continue;
            }
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, ScriptRelativePath);
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }
        return null;
    }
}
