using System.Diagnostics;
using System.Text.Json;
using KerasBridge;
using Python.Runtime;
using static KerasBridge.Keras;

// Each scenario prints what the calling test checks; see tests/KerasBridge.Tests/Reliability.
return args.FirstOrDefault() switch
{
    "exit-after-use" => ExitAfterUse(),
    "exit-during-call" => ExitDuringCall(),
    "soak" => Soak(args.Length > 1 ? int.Parse(args[1]) : 10_000, args.Length > 2 ? int.Parse(args[2]) : 200),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: KerasBridge.Scenarios exit-after-use | exit-during-call | soak [predictions] [cycles]");
    return 2;
}

// Loads what makes interpreter shutdown slow (torch, sklearn, seaborn), trains, then returns from Main.
static int ExitAfterUse()
{
    PythonRuntime.Run(() =>
    {
        Py.Import("sklearn.model_selection").Dispose();
        Py.Import("seaborn").Dispose();
    });
    using var model = Sequential([Input(shape: [3]), Layers.Dense(4, activation: "relu"), Layers.Dense(1)], engine: EngineKind.Torch);
    model.Compile("adam", "mse");
    model.Fit(new float[16, 3], new float[16, 1], epochs: 2, batchSize: 8);
    Console.WriteLine($"returning-from-main {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
    return 0;
}

// Another thread is inside a 60-second Python call when Main returns.
static int ExitDuringCall()
{
    PythonRuntime.Initialize();
    var inside = new ManualResetEventSlim();
    var thread = new Thread(() => PythonRuntime.Run(() =>
    {
        inside.Set();
        using var time = Py.Import("time");
        time.InvokeMethod("sleep", new PyFloat(60)).Dispose();
    }))
    {
        IsBackground = true,
    };
    thread.Start();
    inside.Wait();
    Console.WriteLine($"returning-from-main {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
    return 0;
}

// Memory and Python-object growth over many predictions and create/fit/dispose cycles.
static int Soak(int predictions, int cycles)
{
    using var model = Sequential([Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], engine: EngineKind.Torch);
    var row = new float[,] { { 0.1f, 0.2f, 0.3f, 0.4f } };
    var x = new float[64, 4];
    var y = new float[64, 3];
    for (var i = 0; i < 64; i++)
    {
        x[i, i % 4] = 1;
        y[i, i % 3] = 1;
    }
    // Warm up so one-time allocations (imports, first kernels) are not counted as growth.
    for (var i = 0; i < 200; i++)
    {
        model.Predict(row);
    }
    Cycle();
    var (rss0, objects0) = Measure();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < predictions; i++)
    {
        model.Predict(row);
    }
    var predictSeconds = clock.Elapsed.TotalSeconds;
    var (rss1, objects1) = Measure();
    clock.Restart();
    for (var c = 0; c < cycles; c++)
    {
        Cycle();
    }
    var cycleSeconds = clock.Elapsed.TotalSeconds;
    var (rss2, objects2) = Measure();
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        predictions,
        cycles,
        rssStartMb = rss0 / 1e6,
        rssAfterPredictionsMb = rss1 / 1e6,
        rssAfterCyclesMb = rss2 / 1e6,
        pythonObjectsStart = objects0,
        pythonObjectsAfterPredictions = objects1,
        pythonObjectsAfterCycles = objects2,
        predictSeconds,
        cycleSeconds,
    }));
    return 0;

    void Cycle()
    {
        using var m = Sequential([Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], engine: EngineKind.Torch);
        m.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        m.Fit(x, y, epochs: 1, batchSize: 32);
    }
}

static (long Rss, long PythonObjects) Measure()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var objects = PythonRuntime.Run(() =>
    {
        using var gc = Py.Import("gc");
        gc.InvokeMethod("collect").Dispose();
        using var all = gc.InvokeMethod("get_objects");
        return all.Length();
    });
    var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    var kb = long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    return (kb * 1024, objects);
}
