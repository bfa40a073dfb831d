using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Reliability;

/// <summary>A process that used the bridge ends promptly: no multi-second interpreter shutdown, no hang.</summary>
public sealed class ExitTests
{
    private static ProcessRunner.Result RunScenario(string scenario) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "KerasBridge.Scenarios.dll"), scenario], timeout: TimeSpan.FromMinutes(2));

    private static long ExitLatencyMs(ProcessRunner.Result result)
    {
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith("returning-from-main ", StringComparison.Ordinal));
        var returned = long.Parse(line["returning-from-main ".Length..].Trim());
        return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - returned;
    }

    [Fact]
    public void ExitsAfterTorchSklearnAndSeabornWereLoaded()
    {
        var result = RunScenario("exit-after-use");
        Assert.Equal(0, result.ExitCode);
        TestContext.Current.SendDiagnosticMessage($"exit after use: {ExitLatencyMs(result)} ms from returning from Main to the parent seeing the exit");
    }

    [Fact]
    public void ExitsWhileAnotherThreadIsInsideAPythonCall()
    {
        var result = RunScenario("exit-during-call");
        Assert.Equal(0, result.ExitCode);
        var latency = ExitLatencyMs(result);
        // The Python call sleeps 60 s; the process must not wait for it.
        Assert.True(latency < 60_000, $"the process waited for the Python call ({latency} ms)");
        TestContext.Current.SendDiagnosticMessage($"exit during a Python call: {latency} ms");
    }

    [Fact]
    public void SoakKeepsMemoryAndPythonObjectsFlat()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("KERASBRIDGE_SOAK") == "1",
            "the soak (10,000 predictions, 200 create/fit/dispose cycles) runs only with KERASBRIDGE_SOAK=1; see docs/reliability.md");
        var result = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "KerasBridge.Scenarios.dll"), "soak"], timeout: TimeSpan.FromMinutes(15));
        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        TestContext.Current.SendDiagnosticMessage(r.GetRawText());
        Assert.True(r.GetProperty("rssAfterCyclesMb").GetDouble() - r.GetProperty("rssStartMb").GetDouble() < 50, "memory grew by 50 MB or more");
        Assert.True(r.GetProperty("pythonObjectsAfterCycles").GetInt64() - r.GetProperty("pythonObjectsStart").GetInt64() < 1000, "Python objects leaked");
    }
}
