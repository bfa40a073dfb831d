using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge.Benchmarks;

/// <summary>Wall-clock seconds per call of each timed repetition, and the process CPU seconds alongside
/// (less disturbed than wall time when other processes share the cores).</summary>
internal sealed record Measurement(List<double> Wall, List<double> Cpu)
{
    public static Measurement Empty() => new([], []);

    public Measurement Scaled(double factor) => new(Wall.Select(t => t * factor).ToList(), Cpu.Select(t => t * factor).ToList());
}

/// <summary>
/// The whole timing harness: warm-up calls that are not timed, then timed repetitions with a Stopwatch.
/// Raw times go to JSON; benchmarks/render.py computes median, spread and ratios from them.
/// </summary>
internal static class Harness
{
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Seconds per call: <paramref name="warmup"/> untimed calls, then <paramref name="reps"/> timed ones.
    /// With <paramref name="perCall"/> &gt; 1 each repetition times that many calls and records the mean.</summary>
    /// <remarks>With <paramref name="cpu"/> false no CPU time is read (reading it costs ~10 µs: too much for per-call timing).</remarks>
    public static Measurement Measure(Action action, int warmup, int reps, int perCall = 1, bool cpu = true)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }
        var result = Measurement.Empty();
        for (var r = 0; r < reps; r++)
        {
            var cpuStart = cpu ? CpuSeconds() : 0;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perCall; i++)
            {
                action();
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (cpu)
            {
                result.Cpu.Add((CpuSeconds() - cpuStart) / perCall);
            }
            result.Wall.Add(elapsed.TotalSeconds / perCall);
        }
        return result;
    }

    /// <summary>Like <see cref="Measure"/> but each repetition first runs an untimed setup (e.g. a fresh model).</summary>
    public static Measurement MeasureWithSetup<T>(Func<T> setup, Action<T> action, int warmup, int reps) where T : IDisposable
    {
        var result = Measurement.Empty();
        for (var r = 0; r < warmup + reps; r++)
        {
            using var state = setup();
            var cpu = CpuSeconds();
            var watch = Stopwatch.StartNew();
            action(state);
            watch.Stop();
            if (r >= warmup)
            {
                result.Cpu.Add(CpuSeconds() - cpu);
                result.Wall.Add(watch.Elapsed.TotalSeconds);
            }
        }
        return result;
    }

    public static JsonObject Row(string name, string side, Measurement times, params (string Key, JsonNode? Value)[] extra)
    {
        var row = new JsonObject
        {
            ["name"] = name,
            ["side"] = side,
            ["times_s"] = new JsonArray(times.Wall.Select(t => (JsonNode?)t).ToArray()),
            ["cpu_s"] = new JsonArray(times.Cpu.Select(t => (JsonNode?)t).ToArray()),
        };
        foreach (var (key, value) in extra)
        {
            row[key] = value;
        }
        return row;
    }

    /// <summary>Peak resident set size of this process so far (VmHWM), in KiB; null where /proc is missing.</summary>
    public static long? VmHwmKb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>Versions as seen from this process (the embedded Python, its packages, .NET, pythonnet).</summary>
    public static JsonObject Environment()
    {
        var pythonnet = typeof(PythonEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                        ?? typeof(PythonEngine).Assembly.GetName().Version?.ToString();
        var env = new JsonObject
        {
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["pythonnet"] = pythonnet?.Split('+')[0],
            ["python_executable"] = PythonRuntime.Installation.Executable,
            ["python_shared_library"] = PythonRuntime.Installation.SharedLibrary,
        };
        var json = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("""
                import json, platform, numpy
                info = {"python": platform.python_version(), "numpy": numpy.__version__}
                try:
                    import torch
                    info.update(torch=torch.__version__, torch_threads=torch.get_num_threads(),
                                device="cuda:0" if torch.cuda.is_available() else "cpu")
                except ImportError:
                    pass
                result = json.dumps(info)
                """);
            return scope.Get<string>("result");
        });
        foreach (var (key, value) in JsonNode.Parse(json)!.AsObject())
        {
            env[key] = value?.DeepClone();
        }
        return env;
    }

    public static void Write(string path, string group, string side, IEnumerable<JsonObject> rows, JsonObject? extra = null)
    {
        var result = new JsonObject
        {
            ["group"] = group,
            ["side"] = side,
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)r).ToArray()),
            ["vmhwm_kb"] = VmHwmKb(),
            ["env"] = Environment(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            result[key] = value?.DeepClone();
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}
