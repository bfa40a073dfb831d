using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Reliability;

/// <summary>
/// Python output is forwarded to Console.Out / Console.Error; a process whose stdout and stderr are closed (a service,
/// a daemon, `prog &gt;&amp;- 2&gt;&amp;-`) must not fail the call that printed.
/// </summary>
public sealed class ClosedStreamsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PythonPrintingToClosedStdoutAndStderrDoesNotFailTheCall()
    {
        var result = _dir.Combine("result.txt");
        var scenario = Path.Combine(AppContext.BaseDirectory, "KerasBridge.Scenarios.dll");
        // exec replaces the shell, so the scenario itself runs with fds 0, 1 and 2 closed.
        var run = ProcessRunner.Run("/bin/sh", ["-c", "exec dotnet \"$0\" print-to-closed-streams \"$1\" <&- >&- 2>&-", scenario, result],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; result file: {(File.Exists(result) ? File.ReadAllText(result) : "none")}");
        Assert.Equal("total=45 rows=3", File.ReadAllText(result));
    }
}
