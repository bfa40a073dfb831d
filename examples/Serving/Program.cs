// Scores a Keras model exported to ONNX, from a .NET program that has no Python: references KerasBridge.Onnx only.
//   kerasbridge export penguins.keras --onnx penguins.onnx      (once, where Python is)
//   dotnet run --project examples/Serving -- penguins.onnx rows.csv
// rows.csv: one sample per line, the model's input values comma-separated (e.g. the four standardized penguin
// measurements). Prints each row's outputs and class, scores the rows from 4 threads at once against the one-call
// batch result, times one-row calls, and lists whether libpython is mapped into this process (it is not).
using System.Diagnostics;
using System.Globalization;
using KerasBridge.Onnx;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Serving MODEL.onnx ROWS.csv");
    return 2;
}
var started = Stopwatch.StartNew();
using var model = OnnxModel.Load(args[0], intraOpThreads: 1);
var lines = File.ReadAllLines(args[1]).Where(l => l.Trim().Length > 0).ToArray();
var width = lines[0].Split(',').Length;
var rows = new float[lines.Length, width];
for (var i = 0; i < lines.Length; i++)
{
    var cells = lines[i].Split(',');
    for (var j = 0; j < width; j++)
    {
        rows[i, j] = float.Parse(cells[j], CultureInfo.InvariantCulture);
    }
}
float[,] Row(int i)
{
    var row = new float[1, width];
    Buffer.BlockCopy(rows, i * width * sizeof(float), row, 0, width * sizeof(float));
    return row;
}

var first = model.Predict(Row(0));
Console.WriteLine($"first prediction {started.Elapsed.TotalMilliseconds:F0} ms after Main started (model load included)");
Console.WriteLine($"model: {string.Join(", ", model.InputNames)} {Shape(model.InputShape!)} -> {string.Join(", ", model.OutputNames)} {Shape(model.OutputShape!)}");

var batch = model.Predict(rows);
for (var i = 0; i < batch.GetLength(0); i++)
{
    var values = Enumerable.Range(0, batch.GetLength(1)).Select(j => batch[i, j]).ToArray();
    var best = Array.IndexOf(values, values.Max());
    Console.WriteLine($"row {i}: {string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))} class {best}");
}

// Four threads score every row one at a time, concurrently, on the one loaded model.
var mismatches = 0;
Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
{
    for (var i = 0; i < rows.GetLength(0); i++)
    {
        var one = model.Predict(Row(i));
        for (var j = 0; j < one.GetLength(1); j++)
        {
            if (one[0, j] != batch[i, j])
            {
                Interlocked.Increment(ref mismatches);
            }
        }
    }
});
Console.WriteLine($"4 threads x {rows.GetLength(0)} one-row calls: {mismatches} values differ from the batch call");

var times = new List<double>();
var row0 = Row(0);
for (var n = 0; n < 2000; n++)
{
    var t = Stopwatch.GetTimestamp();
    model.Predict(row0);
    times.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
}
times.Sort();
Console.WriteLine($"one-row Predict: median {times[times.Count / 2]:F1} us over {times.Count} calls");

// What native libraries this process mapped: ONNX Runtime, and no Python.
var modules = Process.GetCurrentProcess().Modules.Cast<ProcessModule>().Select(m => Path.GetFileName(m.FileName ?? "")).ToList();
var python = modules.Where(m => m.Contains("libpython", StringComparison.OrdinalIgnoreCase) || m.Contains("python3", StringComparison.OrdinalIgnoreCase)).ToList();
Console.WriteLine($"onnxruntime mapped: {(modules.Any(m => m.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)) ? "yes" : "no")}");
Console.WriteLine($"libpython mapped: {(python.Count == 0 ? "none" : string.Join(", ", python))} ({modules.Count} modules)");
return 0;

static string Shape(IReadOnlyList<int?> shape) => "(" + string.Join(", ", shape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None")) + ")";
