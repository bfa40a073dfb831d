using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge.Benchmarks;

/// <summary>
/// 40 MB of float32 (10M floats) from C# to numpy and back: KerasBridge's NumpyArrays (one copy through pinned
/// addresses), element-by-element conversion through pythonnet (a Python float object per element, timed on
/// a smaller array and scaled up linearly), and a plain Array.Copy in .NET as the reference.
/// </summary>
internal static class TransferBenchmarks
{
    public const int Length = 10_000_000;

    public static List<JsonObject> Run(int warmup, int reps, int elementwiseLength)
    {
        var rows = new List<JsonObject>();
        var source = new float[Length];
        for (var i = 0; i < source.Length; i++)
        {
            source[i] = i * 0.25f;
        }

        // .NET reference: into an array that exists already (the brief's "plain copy"), and into a new one.
        var target = new float[Length];
        rows.Add(Harness.Row("array_copy_existing", "dotnet", Harness.Measure(() => Array.Copy(source, target, Length), warmup, reps)));
        rows.Add(Harness.Row("array_copy_new", "dotnet", Harness.Measure(() =>
        {
            var fresh = new float[Length];
            Array.Copy(source, fresh, Length);
            GC.KeepAlive(fresh);
        }, warmup, reps)));

        // KerasBridge: one call on the Python thread each, as a user's code would make it.
        rows.Add(Harness.Row("to_numpy", "kerasbridge", Harness.Measure(() =>
            PythonRuntime.Run(() => NumpyArrays.ToNumpy(source).Dispose()), warmup, reps)));
        var numpyTarget = PythonRuntime.Run(() => NumpyArrays.ToNumpy(new float[Length]));
        rows.Add(Harness.Row("copy_to_numpy_existing", "kerasbridge", Harness.Measure(() =>
            PythonRuntime.Run(() => NumpyArrays.CopyTo(source, numpyTarget)), warmup, reps)));
        PythonRuntime.Run(numpyTarget.Dispose);
        var numpyArray = PythonRuntime.Run(() => NumpyArrays.ToNumpy(source));
        float[]? back = null;
        rows.Add(Harness.Row("to_array", "kerasbridge", Harness.Measure(() =>
            back = PythonRuntime.Run(() => NumpyArrays.ToArray<float[]>(numpyArray)), warmup, reps)));
        Check(source, back!);
        var reused = new float[Length];
        rows.Add(Harness.Row("copy_to_existing", "kerasbridge", Harness.Measure(() =>
            PythonRuntime.Run(() => NumpyArrays.CopyTo(numpyArray, reused)), warmup, reps)));
        Check(source, reused);
        PythonRuntime.Run(numpyArray.Dispose); // a PyObject is released only while holding the GIL

        // Element by element, on a smaller array; scaled to 10M floats (both raw and scaled times are kept).
        var small = source[..elementwiseLength];
        var scale = (double)Length / elementwiseLength;
        var toNumpy = Harness.Measure(() => PythonRuntime.Run(() => ElementwiseToNumpy(small).Dispose()), 1, Math.Min(reps, 3));
        rows.Add(Harness.Row("to_numpy", "elementwise", toNumpy.Scaled(scale),
            ("measured_elements", elementwiseLength), ("measured_times_s", new JsonArray(toNumpy.Wall.Select(t => (JsonNode?)t).ToArray()))));
        var smallNumpy = PythonRuntime.Run(() => NumpyArrays.ToNumpy(small));
        float[]? smallBack = null;
        var toArray = Harness.Measure(() => smallBack = PythonRuntime.Run(() => ElementwiseToArray(smallNumpy, elementwiseLength)), 1, Math.Min(reps, 3));
        rows.Add(Harness.Row("to_array", "elementwise", toArray.Scaled(scale),
            ("measured_elements", elementwiseLength), ("measured_times_s", new JsonArray(toArray.Wall.Select(t => (JsonNode?)t).ToArray()))));
        Check(small, smallBack!);
        PythonRuntime.Run(smallNumpy.Dispose);

        // Where the KerasBridge time goes, measured inside Python (no hand-off, no .NET allocation):
        // numpy's copy of 40 MB into memory it allocates anew vs into an array it has touched before.
        var inside = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec($$"""
                import time, numpy as np
                src = np.arange({{Length}}, dtype=np.float32)
                dst = np.empty_like(src); dst[:] = 1
                def timed(fn, n={{reps}}):
                    fn()
                    out = []
                    for _ in range(n):
                        t = time.perf_counter(); fn(); out.append(time.perf_counter() - t)
                    return out
                fresh = timed(lambda: src.copy())
                reused = timed(lambda: np.copyto(dst, src))
                """);
            return (Fresh: scope.Get<double[]>("fresh"), Reused: scope.Get<double[]>("reused"));
        });
        rows.Add(Harness.Row("numpy_copy_new", "numpy", new Measurement([.. inside.Fresh], [])));
        rows.Add(Harness.Row("numpy_copy_existing", "numpy", new Measurement([.. inside.Reused], [])));
        return rows;
    }

    /// <summary>What a straightforward pythonnet program does: a Python float per element into a list, then numpy.array.</summary>
    private static PyObject ElementwiseToNumpy(float[] values)
    {
        using var list = new PyList();
        foreach (var v in values)
        {
            using var item = new PyFloat(v);
            list.Append(item);
        }
        using var numpy = Py.Import("numpy");
        using var dtype = new PyString("float32");
        return numpy.InvokeMethod("array", list, dtype); // numpy.array(object, dtype)
    }

    /// <summary>Index each element and convert it through a Python float (numpy scalars do not convert with As&lt;float&gt;).</summary>
    private static float[] ElementwiseToArray(PyObject array, int length)
    {
        var result = new float[length];
        for (var i = 0; i < length; i++)
        {
            using var item = array[i];
            using var number = PyFloat.AsFloat(item);
            result[i] = (float)number.As<double>();
        }
        return result;
    }

    private static void Check(float[] expected, float[] actual)
    {
        if (actual.Length != expected.Length || actual[^1] != expected[^1] || actual[actual.Length / 2] != expected[expected.Length / 2])
        {
            throw new InvalidOperationException("A transfer returned different values.");
        }
    }
}
