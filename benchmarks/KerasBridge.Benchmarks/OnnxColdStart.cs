using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasBridge.Onnx;

namespace KerasBridge.Benchmarks;

/// <summary>
/// Cold start of a C# app that only loads an .onnx file (benchmarks/python/coldstart.py times it like the
/// bridge's cold start): load it with KerasBridge.Onnx, predict one row, print one JSON line. No Python is
/// started (the line says whether libpython got mapped). Also the export step run.sh uses to make the file.
/// </summary>
internal static class OnnxColdStart
{
    public static int Run(string onnxPath, string inputsCsv)
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
        using var model = OnnxModel.Load(onnxPath, intraOpThreads: 1);
        var loaded = Since();
        var y = model.Predict(x);
        var predicted = Since();
        var python = Process.GetCurrentProcess().Modules.Cast<ProcessModule>()
            .Any(m => Path.GetFileName(m.FileName ?? "").Contains("libpython", StringComparison.Ordinal));
        Console.WriteLine(new JsonObject
        {
            ["ready"] = true,
            ["prediction"] = new JsonArray(Enumerable.Range(0, y.GetLength(1)).Select(j => (JsonNode?)y[0, j]).ToArray()),
            ["vmhwm_kb"] = Harness.VmHwmKb(),
            ["libpython_mapped"] = python,
            ["steps_s"] = new JsonObject { ["main_entered"] = mainEntered, ["model_loaded"] = loaded, ["predicted"] = predicted },
        }.ToJsonString());
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Exports MODEL.keras to OUT.onnx with the PyTorch engine (run.sh makes the cold-start file with it).</summary>
    public static int Export(string modelPath, string onnxPath)
    {
        using var model = Models.LoadModel(modelPath, engine: EngineKind.Torch);
        model.ExportOnnx(onnxPath);
        Console.WriteLine($"exported {modelPath} -> {onnxPath}");
        return 0;
    }
}
