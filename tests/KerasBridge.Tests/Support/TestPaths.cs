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
