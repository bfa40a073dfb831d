using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Lesson;

/// <summary>
/// Sklearn, StandardScaler, DataTable and Plots look their Python functions up once (PythonFunctions), not with an
/// import per call: in a child process (KerasBridge.Scenarios lesson-functions-cached) their modules are made
/// unimportable after a first call, and every helper still works.
/// </summary>
public sealed class LessonFunctionCacheTests
{
    [Fact]
    public void HelpersDoNotImportTheirModulesAgainOnEveryCall()
    {
        var run = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "KerasBridge.Scenarios.dll"), "lesson-functions-cached"],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.StandardOutput}\n{run.StandardError}");
        Assert.Equal("cached", run.StandardOutput.Trim().Split('\n')[^1].Trim());
    }
}
