using System.Text.Json.Nodes;
using KerasBridge;
using KerasBridge.Benchmarks;

// Usage: KerasBridge.Benchmarks GROUP --data DIR --out FILE [--reps N] [--warmup N] [--calls N] [--elementwise N]
//        KerasBridge.Benchmarks coldstart MODEL.keras INPUTS.csv
//        KerasBridge.Benchmarks coldstart-onnx MODEL.onnx INPUTS.csv | export-onnx MODEL.keras OUT.onnx
// GROUP: transfer | penguins | regression | lstm | cnn | predict | onnx. benchmarks/run.sh calls each group in its own process.
if (args.Length == 3 && args[0] == "coldstart")
{
    return ColdStart.Run(args[1], args[2]);
}
if (args.Length == 3 && args[0] == "coldstart-onnx")
{
    return OnnxColdStart.Run(args[1], args[2]);
}
if (args.Length == 3 && args[0] == "export-onnx")
{
    return OnnxColdStart.Export(args[1], args[2]);
}
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: KerasBridge.Benchmarks transfer|penguins|regression|lstm|cnn|predict|onnx --data DIR --out FILE [--reps N] [--warmup N]");
    return 2;
}
var group = args[0];
string Option(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
}
var reps = int.Parse(Option("--reps", "5"));
var warmup = int.Parse(Option("--warmup", "1"));
var calls = int.Parse(Option("--calls", "5000"));
var output = Option("--out");
Keras.DefaultEngine = EngineKind.Torch;
var started = DateTime.UtcNow;
List<JsonObject> rows = group switch
{
    "transfer" => TransferBenchmarks.Run(warmup, reps, int.Parse(Option("--elementwise", "1000000"))),
    "penguins" => TrainingBenchmarks.Penguins(new BenchData(Option("--data")), warmup, reps),
    "regression" => TrainingBenchmarks.Regression(new BenchData(Option("--data")), warmup, reps),
    "lstm" => TrainingBenchmarks.Lstm(new BenchData(Option("--data")), warmup, reps),
    "cnn" => TrainingBenchmarks.Cnn(new BenchData(Option("--data")), warmup, reps),
    "predict" => PredictBenchmarks.Run(new BenchData(Option("--data")), warmup, reps, calls),
    "onnx" => OnnxBenchmarks.Run(new BenchData(Option("--data")), warmup, reps, calls),
    _ => throw new ArgumentException($"unknown group {group}"),
};
Harness.Write(output, group, "csharp", rows, new JsonObject { ["wall_s"] = (DateTime.UtcNow - started).TotalSeconds });
Console.WriteLine($"{group}: {rows.Count} rows -> {output}");
return 0;
