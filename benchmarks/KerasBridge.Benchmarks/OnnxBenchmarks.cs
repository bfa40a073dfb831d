using System.Diagnostics;
using System.Text.Json.Nodes;
using KerasBridge.Onnx;
using static KerasBridge.Keras;

namespace KerasBridge.Benchmarks;

/// <summary>
/// ONNX Runtime (KerasBridge.Onnx's OnnxModel) against the bridge's Model.Predict, for the regression model
/// (20 → 100 → 50 → 1) and the penguin model (4 → 10 → 3), exported by Model.ExportOnnx: 20,000 rows, one row
/// (each call timed), throughput of 1, 2 and 8 threads scoring one model, and bytes allocated per one-row call.
/// </summary>
internal static class OnnxBenchmarks
{
    private const int CallWarmup = 500;
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(1.5);

    public static List<JsonObject> Run(BenchData data, int warmup, int reps, int calls)
    {
        var rows = new List<JsonObject>();
        var folder = Directory.CreateTempSubdirectory("kerasbridge-onnx-bench-");
        try
        {
            rows.AddRange(ForModel("regression", data.Matrix("regression_x"),
                [Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse",
                folder.FullName, warmup, reps, calls));
            var penguins = data.Matrix("penguins_x");
            var x = new float[20_000, penguins.GetLength(1)]; // 20,000 rows, the penguin rows repeated
            for (var i = 0; i < x.GetLength(0); i++)
            {
                Buffer.BlockCopy(penguins, (i % penguins.GetLength(0)) * penguins.GetLength(1) * sizeof(float), x,
                    i * penguins.GetLength(1) * sizeof(float), penguins.GetLength(1) * sizeof(float));
            }
            rows.AddRange(ForModel("penguins", x,
                [Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], "categorical_crossentropy",
                folder.FullName, warmup, reps, calls));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        return rows;
    }

    private static IEnumerable<JsonObject> ForModel(string name, float[,] x, Layer[] layers, string loss, string folder, int warmup, int reps, int calls)
    {
        using var model = TrainingBenchmarks.NewModel(layers, loss);
        var path = Path.Combine(folder, name + ".onnx");
        model.ExportOnnx(path);
        using var onnx = OnnxModel.Load(path); // ONNX Runtime's default threads (one per core) for large batches
        using var onnxOneThread = OnnxModel.Load(path, intraOpThreads: 1); // one thread per call: one-row and concurrent scoring
        var one = new float[1, x.GetLength(1)];
        Buffer.BlockCopy(x, 0, one, 0, one.GetLength(1) * sizeof(float));
        var check = Math.Abs(onnx.Predict(one)[0, 0] - model.Predict(one)[0, 0]);

        var results = new List<JsonObject>
        {
            Harness.Row($"{name}_20000", "bridge", Harness.Measure(() => model.Predict(x), warmup, reps)),
            Harness.Row($"{name}_20000", "onnx", Harness.Measure(() => onnx.Predict(x), warmup, reps)),
            Harness.Row($"{name}_20000", "onnx_1_thread", Harness.Measure(() => onnxOneThread.Predict(x), warmup, reps)),
            Harness.Row($"{name}_1", "bridge", Harness.Measure(() => model.Predict(one), CallWarmup, calls, cpu: false), ("per_call", 1)),
            Harness.Row($"{name}_1", "onnx", Harness.Measure(() => onnxOneThread.Predict(one), CallWarmup, calls, cpu: false), ("per_call", 1),
                ("first_output_difference", check)),
        };
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            onnxOneThread.Predict(one);
        }
        results.Add(new JsonObject
        {
            ["name"] = $"{name}_1_allocated_bytes",
            ["side"] = "onnx",
            ["times_s"] = new JsonArray(),
            ["bytes_per_call"] = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0,
        });
        foreach (var threads in new[] { 1, 2, 8 })
        {
            results.Add(Throughput($"{name}_1_threads_{threads}", "onnx", threads, () => onnxOneThread.Predict(one)));
            results.Add(Throughput($"{name}_1_threads_{threads}", "bridge", threads, () => model.Predict(one)));
        }
        return results;
    }

    /// <summary>One-row calls per second of <paramref name="threads"/> threads calling at once for a fixed window.</summary>
    private static JsonObject Throughput(string name, string side, int threads, Action predict)
    {
        for (var i = 0; i < 200; i++)
        {
            predict();
        }
        var counts = new long[threads];
        using var start = new Barrier(threads + 1);
        var stop = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var n = 0L;
            while (Volatile.Read(ref stop) == 0)
            {
                predict();
                n++;
            }
            counts[t] = n;
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(ThroughputWindow);
        Volatile.Write(ref stop, 1);
        workers.ForEach(w => w.Join());
        watch.Stop();
        return new JsonObject
        {
            ["name"] = name,
            ["side"] = side,
            ["times_s"] = new JsonArray(),
            ["threads"] = threads,
            ["calls_per_s"] = counts.Sum() / watch.Elapsed.TotalSeconds,
        };
    }
}
