using System.Reflection;

namespace KerasBridge.Tests.Support;

/// <summary>Where the repository, the fixtures and the real interpreters are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static string Keras3Fixtures => Path.Combine(Fixtures, "keras-3.15.1");

    public const string SystemPython = "/usr/bin/python3";

    /// <summary>The CLI's built assembly (referenced by the test project, so it sits beside the tests).</summary>
    public static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "KerasBridge.Cli.dll");

    /// <summary>
    /// A lesson example's built assembly (examples/NAME/bin/CONFIG/TFM/NAME.dll), built in the same configuration as
    /// the tests (the test project references the examples so they are built first).
    /// </summary>
    public static string ExampleAssembly(string name)
    {
        var configuration = typeof(TestPaths).Assembly.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepoRoot, "examples", name, "bin", configuration, framework, name + ".dll");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KerasBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("KerasBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
