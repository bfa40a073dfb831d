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
    "print-to-closed-streams" => PrintToClosedStreams(args[1]),
    "lesson-without-packages" => LessonWithoutPackages(),
    "lesson-functions-cached" => LessonFunctionsCached(),
    "soak" => Soak(args.Length > 1 ? int.Parse(args[1]) : 10_000, args.Length > 2 ? int.Parse(args[2]) : 200),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: KerasBridge.Scenarios exit-after-use | exit-during-call | print-to-closed-streams RESULT_FILE | lesson-without-packages | lesson-functions-cached | soak [predictions] [cycles]");
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

// Started with stdin, stdout and stderr closed: Python prints to both streams (print, sys.stderr, a warning) in
// calls that must still return their result; the result goes to a file because there is no stdout.
static int PrintToClosedStreams(string resultFile)
{
    try
    {
        return PrintToClosedStreamsAndWrite(resultFile);
    }
    catch (Exception e)
    {
        // No stderr to report on: the failure goes to the result file, for the test's message.
        File.WriteAllText(resultFile, "failed: " + e);
        return 3;
    }
}

static int PrintToClosedStreamsAndWrite(string resultFile)
{
    var total = PythonRuntime.Run(() =>
    {
        using var scope = Py.CreateScope();
        scope.Exec("""
import sys, warnings
print("to stdout", flush=True)
sys.stderr.write("to stderr\n")
sys.stderr.flush()
warnings.warn("a warning goes to stderr")
total = sum(range(10))
""");
        using var value = scope.Get("total");
        return value.As<int>();
    });
    // A model whose Fit and Predict run after the failed writes: the bridge still works.
    using var model = Sequential([Input(shape: [2]), Layers.Dense(1)], engine: EngineKind.Torch);
    model.Compile("adam", "mse");
    model.Fit(new float[8, 2], new float[8, 1], epochs: 1, batchSize: 4);
    var rows = model.Predict(new float[3, 2]).GetLength(0);
    File.WriteAllText(resultFile, $"total={total} rows={rows}");
    return 0;
}

// Each lesson helper called while the package it needs does not import (sys.modules[name] = None makes Python
// raise the same ModuleNotFoundError as an uninstalled package), then again once it imports. One JSON line per step.
static int LessonWithoutPackages()
{
    double[] x = [1, 2, 3];
    (string Package, string Helper, Action Call)[] steps =
    [
        ("matplotlib", "Plots.Lines", () => Plots.Lines(x, [new Series("a", x)], Path.Combine(Path.GetTempPath(), $"kb-missing-{Environment.ProcessId}.png"), "t")),
        ("seaborn", "Plots.Heatmap", () => Plots.Heatmap(new[,] { { 1, 0 }, { 0, 1 } }, ["a", "b"], Path.Combine(Path.GetTempPath(), $"kb-missing-{Environment.ProcessId}.png"))),
        ("pandas", "DataTable.ParseCsv", () => DataTable.ParseCsv(new StringReader("a,b\n1,2\n"))),
        ("sklearn", "Sklearn.ConfusionMatrix", () => Sklearn.ConfusionMatrix([0, 1], [0, 1])),
        ("sklearn", "StandardScaler.Fit", () => new StandardScaler().Fit(new float[,] { { 1 }, { 2 } })),
    ];
    foreach (var (package, helper, call) in steps)
    {
        PythonRuntime.Run(() => Block(package, true));
        Exception? error = null;
        try
        {
            call();
        }
        catch (Exception e)
        {
            error = e;
        }
        PythonRuntime.Run(() => Block(package, false));
        string? recovered = null;
        try
        {
            call();
        }
        catch (Exception e)
        {
            recovered = e.GetType().Name + ": " + e.Message;
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            helper,
            blocked = package,
            type = error?.GetType().Name,
            package = (error as PythonPackageMissingException)?.Package,
            interpreter = (error as PythonPackageMissingException)?.Interpreter,
            message = error?.Message,
            recoveredError = recovered,
        }));
    }
    File.Delete(Path.Combine(Path.GetTempPath(), $"kb-missing-{Environment.ProcessId}.png"));
    return 0;

    static void Block(string package, bool blocked)
    {
        using var sys = Py.Import("sys");
        using var modules = sys.GetAttr("modules");
        if (blocked)
        {
            modules.SetItem(package, PyObject.None);
        }
        else
        {
            modules.InvokeMethod("pop", new PyString(package), PyObject.None).Dispose();
        }
    }
}

// The lesson helpers look their Python functions up once: after a first call, their modules are made unimportable
// (sys.modules[name] = None) and every helper must still work. Prints "cached" or the first failure.
static int LessonFunctionsCached()
{
    var png = Path.Combine(Path.GetTempPath(), $"kb-cached-{Environment.ProcessId}.png");
    Action[] calls =
    [
        () => Sklearn.ConfusionMatrix([0, 1], [0, 1]),
        () => Sklearn.RootMeanSquaredError(new float[] { 1, 2 }, new float[] { 1, 3 }),
        () => Sklearn.TrainTestSplit(new float[4, 1], new float[4, 1], testSize: 0.5, randomState: 0),
        () => new StandardScaler().Fit(new float[,] { { 1 }, { 2 } }),
        () => DataTable.ParseCsv(new StringReader("a\n1\n")),
        () => Plots.Lines([1.0, 2.0], [new Series("a", [1.0, 2.0])], png, "t"),
    ];
    foreach (var call in calls)
    {
        call();
    }
    PythonRuntime.Run(() =>
    {
        using var sys = Py.Import("sys");
        using var modules = sys.GetAttr("modules");
        foreach (var module in new[] { "kerasbridge.sklearn_helpers", "kerasbridge.tables", "kerasbridge.plots", "sklearn.model_selection" })
        {
            modules.SetItem(module, PyObject.None);
        }
    });
    try
    {
        foreach (var call in calls)
        {
            call();
        }
        Console.WriteLine("cached");
    }
    catch (Exception e)
    {
        Console.WriteLine($"imported again: {e.GetType().Name}: {e.Message}");
    }
    File.Delete(png);
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
