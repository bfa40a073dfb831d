using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge.Benchmarks;

/// <summary>
/// The child process of the cold-start benchmark: load a .keras file, predict one row, print one JSON line
/// (benchmarks/python/coldstart.py times this process from its start to that line and to its exit).
/// Times inside the process are reported too, from the process's own start time.
/// </summary>
internal static class ColdStart
{
    public static int Run(string modelPath, string inputsCsv)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        double Since() => (DateTime.UtcNow - started).TotalSeconds;
        var mainEntered = Since();
        var row = File.ReadLines(inputsCsv).First().Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var x = new float[1, row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            x[0, j] = row[j];
        }
        PythonRuntime.Initialize();
        var pythonStarted = Since();
        var engine = Engine.Get(EngineKind.Torch);
        var engineReady = Since();
        using var model = Models.LoadModel(modelPath, engine: EngineKind.Torch);
        var loaded = Since();
        var y = model.Predict(x);
        var predicted = Since();
        Console.WriteLine(new JsonObject
        {
            ["ready"] = true,
            ["prediction"] = new JsonArray(Enumerable.Range(0, y.GetLength(1)).Select(j => (JsonNode?)y[0, j]).ToArray()),
            ["vmhwm_kb"] = Harness.VmHwmKb(),
            ["device"] = engine.Device,
            ["steps_s"] = new JsonObject
            {
                ["main_entered"] = mainEntered,
                ["python_started"] = pythonStarted,
                ["engine_ready"] = engineReady,
                ["model_loaded"] = loaded,
                ["predicted"] = predicted,
            },
        }.ToJsonString());
        Console.Out.Flush();
        return 0;
    }
}
