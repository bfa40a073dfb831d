using System.Reflection;
using System.Text.Json.Nodes;
using Python.Runtime;
using static KerasBridge.Keras;

namespace KerasBridge.Benchmarks;

/// <summary>Model.Predict from C#: 20,000 rows (batch 32) and one row, plus a breakdown of one-row Predict
/// into the hand-off to the Python thread and the work on it, and a count of Python calls per Predict.</summary>
internal static class PredictBenchmarks
{
    private const int CallWarmup = 500;

    public static List<JsonObject> Run(BenchData data, int warmup, int reps, int calls)
    {
        var x = data.Matrix("regression_x");
        var one = new float[1, 20];
        for (var j = 0; j < 20; j++)
        {
            one[0, j] = x[0, j];
        }
        using var model = TrainingBenchmarks.NewModel(
            [Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse");
        var rows = new List<JsonObject>
        {
            Harness.Row("predict_20000", "csharp", Harness.Measure(() => model.Predict(x), warmup, reps)),
            // Each call timed on its own: the median is a typical call, undisturbed by other processes' bursts.
            Harness.Row("predict_1", "csharp", Harness.Measure(() => model.Predict(one), CallWarmup, calls, cpu: false), ("per_call", 1)),
        };
        rows.AddRange(Breakdown(model, one, calls));
        rows.Add(DuringFit(model, one, data));
        return rows;
    }

    /// <summary>
    /// One-row Predict latency while another model trains (the regression fit, batch 32, on a second thread):
    /// every call timed on its own, only calls that started and finished while the fit ran.
    /// </summary>
    private static JsonObject DuringFit(Model model, float[,] one, BenchData data)
    {
        var x = data.Matrix("regression_x");
        var y = data.Matrix("regression_y");
        using var trained = TrainingBenchmarks.NewModel(
            [Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse");
        var done = 0;
        var fitWatch = new System.Diagnostics.Stopwatch();
        var training = new Thread(() =>
        {
            fitWatch.Start();
            trained.Fit(x, y, epochs: 2, batchSize: 32);
            fitWatch.Stop();
            Volatile.Write(ref done, 1);
        });
        training.Start();
        var times = new List<double>();
        var clock = new System.Diagnostics.Stopwatch();
        Thread.Sleep(200); // the fit is under way
        while (Volatile.Read(ref done) == 0)
        {
            clock.Restart();
            model.Predict(one);
            clock.Stop();
            if (Volatile.Read(ref done) == 0)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }
        training.Join();
        return Harness.Row("predict_1_during_fit", "csharp", new Measurement(times, []), ("per_call", 1),
            ("fit_s", fitWatch.Elapsed.TotalSeconds));
    }

    /// <summary>
    /// One-row Predict taken apart, each part timed per call: an empty PythonRuntime.Run (the hand-off to the
    /// Python thread and back, GIL included); the whole Predict when already on the Python thread (no hand-off);
    /// and the engine's own predict timed by Python inside this process (the embedded interpreter's speed,
    /// to hold against the same line run by /usr/bin/python3). Plus the Python function calls one Predict makes.
    /// </summary>
    private static IEnumerable<JsonObject> Breakdown(Model model, float[,] one, int calls)
    {
        yield return Harness.Row("breakdown_run_empty", "csharp",
            Harness.Measure(() => PythonRuntime.Run(() => 0), CallWarmup, calls, cpu: false), ("per_call", 1));
        yield return Harness.Row("breakdown_on_python_thread", "csharp",
            PythonRuntime.Run(() => Harness.Measure(() => model.Predict(one), CallWarmup, calls, cpu: false)), ("per_call", 1));

        // The model's Python object, for the in-process Python measurements (a benchmark may look inside).
        var pyModel = (PyObject)typeof(Model).GetField("_handle", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model)!;
        var (engineTimes, callsFromCSharp, callsFromPython) = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Set("model", pyModel);
            scope.Set("predict_from_csharp", new Action(() => model.Predict(one)));
            scope.Exec($$"""
                import sys, time
                import numpy as np
                one = np.ascontiguousarray(np.asarray([{{string.Join(",", Enumerable.Range(0, one.Length).Select(j => one[0, j].ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}], dtype=np.float32).reshape(1, -1))
                for _ in range({{CallWarmup}}):
                    model.predict(one)
                times = []
                for _ in range({{calls}}):
                    t = time.perf_counter(); model.predict(one); times.append(time.perf_counter() - t)

                def count_calls(fn):
                    events = [0]
                    def profile(frame, event, arg):
                        if event in ("call", "c_call"):
                            events[0] += 1
                    fn()
                    sys.setprofile(profile)
                    try:
                        fn()
                    finally:
                        sys.setprofile(None)
                    return events[0] - 1  # not the setprofile(None) call itself
                from_python = count_calls(lambda: model.predict(one))
                from_csharp = count_calls(predict_from_csharp)
                """);
            return (scope.Get<double[]>("times"), scope.Get<int>("from_csharp"), scope.Get<int>("from_python"));
        });
        yield return Harness.Row("breakdown_engine_predict_embedded", "csharp", new Measurement([.. engineTimes], []), ("per_call", 1));
        yield return new JsonObject
        {
            ["name"] = "python_calls_per_predict",
            ["side"] = "csharp",
            ["times_s"] = new JsonArray(),
            ["from_csharp"] = callsFromCSharp,
            ["from_python"] = callsFromPython,
        };
    }
}
