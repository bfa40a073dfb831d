using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Examples;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM during training: the example finishes the current batch, keeps the History of the finished
/// epochs, writes its plot and the model, says it was cancelled and exits 0 (before: the process died at once).
/// </summary>
public sealed partial class CancellationTests : IDisposable
{
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [GeneratedRegex(@"penguins: epoch\s+(\d+)/")]
    private static partial Regex EpochLine();

    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    public void ASignalDuringFitCancelsTrainingKeepsTheHistoryAndExitsZero(string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends POSIX signals");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        start.ArgumentList.Add(TestPaths.ExampleAssembly("Penguins"));
        start.Environment["KERASBRIDGE_OUTPUT"] = _output.Path;
        start.Environment["KERASBRIDGE_EPOCHS"] = "1000000"; // hours of training: only the signal ends it
        var output = new StringBuilder();
        var trainingStarted = new ManualResetEventSlim();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (EpochLine().Match(e.Data) is { Success: true } m && int.Parse(m.Groups[1].Value) >= 3)
            {
                trainingStarted.Set();
            }
        };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        // The readers append on their own threads: every look at the text (assertion messages are built eagerly,
        // even when the assertion holds) takes the same locks.
        string Seen()
        {
            lock (output)
            {
                lock (errors)
                {
                    return $"{output}\n{errors}";
                }
            }
        }
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(trainingStarted.Wait(TimeSpan.FromMinutes(2)), $"training did not start:\n{Seen()}");
            Assert.Equal(0, ProcessRunner.Run("kill", ["-s", name[3..], process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
            var signalled = Stopwatch.StartNew();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"still running 30 s after {name}:\n{Seen()}");
            process.WaitForExit(); // the output readers have finished
            string text;
            lock (output)
            {
                text = output.ToString();
            }
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode} after {name}:\n{Seen()}");
            TestContext.Current.SendDiagnosticMessage($"{name}: exited {signalled.ElapsedMilliseconds} ms after the signal");

            // The History keeps exactly the epochs that finished (one progress line each).
            var ran = Regex.Match(text, $@"penguins: cancelled by {name} after (\d+) of 1000000 epochs");
            Assert.True(ran.Success, $"no cancellation line:\n{text}");
            Assert.Equal(int.Parse(ran.Groups[1].Value), EpochLine().Matches(text).Count);
            Assert.Contains($"Cancelled by {name}", text);
            Png.RequireChart(Path.Combine(_output.Path, "training_loss.png"));
            Assert.True(new FileInfo(Path.Combine(_output.Path, "my_first_model.keras")).Length > 1000, "the partly trained model was not saved");
            Assert.DoesNotContain("Predictions and confusion matrix", text);
            Assert.Empty(Directory.GetFiles(_output.Path, "*.tmp"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
