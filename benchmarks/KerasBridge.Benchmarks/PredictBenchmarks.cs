using System.Text.Json.Nodes;
using Python.Runtime;
using static KerasBridge.Keras;

namespace KerasBridge.Benchmarks;

/// <summary>Model.Predict from C#: 20,000 rows (batch 32) and one row, plus a breakdown of one-row Predict
/// into the hand-off to the Python thread and the steps inside it.</summary>
internal static class PredictBenchmarks
{
    public static List<JsonObject> Run(BenchData data, int warmup, int reps, int perCall)
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
            Harness.Row("predict_1", "csharp", Harness.Measure(() => model.Predict(one), Math.Max(warmup, 1) * 200, reps, perCall), ("per_call", perCall)),
        };
        rows.AddRange(Breakdown(model, one, reps, perCall));
        return rows;
    }

    /// <summary>
    /// One-row Predict taken apart (each step timed on its own, per call): an empty PythonRuntime.Run (the
    /// hand-off to the Python thread and back, GIL included), and inside one Run: the input to numpy, the
    /// engine's predict, the output back to .NET.
    /// </summary>
    private static IEnumerable<JsonObject> Breakdown(Model model, float[,] one, int reps, int perCall)
    {
        var warm = 200;
        yield return Harness.Row("breakdown_run_empty", "csharp", Harness.Measure(() => PythonRuntime.Run(() => 0), warm, reps, perCall), ("per_call", perCall));
        var handle = typeof(Model).GetField("_handle", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var pyModel = (PyObject)handle.GetValue(model)!;
        var steps = PythonRuntime.Run(() =>
        {
            using var api = Py.Import("kerasbridge.dotnet_api");
            using var input = NumpyArrays.ToNumpy(one);
            using var size = new PyInt(32);
            using var output = api.InvokeMethod("predict", pyModel, input, size);
            return new[]
            {
                ("breakdown_to_numpy", Harness.Measure(() => NumpyArrays.ToNumpy(one).Dispose(), warm, reps, perCall)),
                ("breakdown_engine_predict", Harness.Measure(() => api.InvokeMethod("predict", pyModel, input, size).Dispose(), warm, reps, perCall)),
                ("breakdown_to_array", Harness.Measure(() => NumpyArrays.ToArray<float[,]>(output), warm, reps, perCall)),
            };
        });
        foreach (var (name, times) in steps)
        {
            yield return Harness.Row(name, "csharp", times, ("per_call", perCall));
        }
    }
}
