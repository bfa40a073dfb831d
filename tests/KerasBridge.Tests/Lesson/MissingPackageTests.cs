using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Lesson;

/// <summary>
/// A lesson helper whose package (scikit-learn, seaborn, pandas, matplotlib) does not import raises
/// <see cref="PythonPackageMissingException"/> naming the package, the interpreter and the fix, not a raw PythonError.
/// Runs in a child process (KerasBridge.Scenarios lesson-without-packages), which hides each package from Python the
/// way an uninstalled one looks (sys.modules[name] = None: the same ModuleNotFoundError with e.name) without
/// uninstalling anything and without disturbing the other tests' Python.
/// </summary>
public sealed class MissingPackageTests
{
    [Fact]
    public void EachLessonHelperNamesTheMissingPackageTheInterpreterAndTheFix()
    {
        var run = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "KerasBridge.Scenarios.dll"), "lesson-without-packages"],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.StandardOutput}\n{run.StandardError}");
        var steps = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Plots.Lines", "Plots.Heatmap", "DataTable.ParseCsv", "Sklearn.ConfusionMatrix", "StandardScaler.Fit"],
            steps.Select(s => s.GetProperty("helper").GetString()));
        foreach (var step in steps)
        {
            var helper = step.GetProperty("helper").GetString();
            var blocked = step.GetProperty("blocked").GetString();
            Assert.True(step.GetProperty("type").GetString() == nameof(PythonPackageMissingException),
                $"{helper} without {blocked}: {step.GetProperty("type")}: {step.GetProperty("message")}");
            Assert.Equal(blocked, step.GetProperty("package").GetString());
            var interpreter = step.GetProperty("interpreter").GetString()!;
            Assert.True(File.Exists(interpreter), $"{helper}: interpreter '{interpreter}' does not exist");
            var message = step.GetProperty("message").GetString()!;
            Assert.Contains($"'{blocked}'", message);
            Assert.Contains(interpreter, message);
            // Run from the repository: the fix is its setup script (a package user is told 'kerasbridge setup').
            Assert.Contains(Path.Combine("python-env", "setup.sh"), message);
            Assert.Contains($"-m pip install {(blocked == "sklearn" ? "scikit-learn" : blocked)}", message);
            // Once the package imports again, the same helper works (nothing half-imported was cached).
            Assert.True(step.GetProperty("recoveredError").ValueKind == JsonValueKind.Null, $"{helper} after {blocked} came back: {step.GetProperty("recoveredError")}");
        }
    }
}
