using System.Collections.Concurrent;
using System.Text.Json;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// An engine that runs Keras model configs: real Keras, or KerasBridge's PyTorch engine. One instance per
/// kind per process.
/// </summary>
public sealed class Engine
{
    private static readonly ConcurrentDictionary<EngineKind, Lazy<Engine>> Engines = new();

    private Engine(EngineKind kind, string version, string device, PyObject handle)
    {
        Kind = kind;
        Version = version;
        Device = device;
        Handle = handle;
    }

    /// <summary>Keras or Torch (never Auto: auto is resolved when the engine is made).</summary>
    public EngineKind Kind { get; }

    /// <summary>What runs, e.g. "torch 1.13.0a0" or "keras 3.15.1 (backend tensorflow)".</summary>
    public string Version { get; }

    /// <summary>The device computations run on, e.g. "cpu" or "cuda:0".</summary>
    public string Device { get; }

    internal PyObject Handle { get; }

    /// <summary>
    /// The engine for new models: <see cref="Keras.DefaultEngine"/> when set, else KERASBRIDGE_ENGINE, else
    /// real Keras when it imports and the PyTorch engine otherwise.
    /// </summary>
    public static Engine Current => Get(EngineSelection.Requested(Keras.DefaultEngine));

    /// <summary>Gets (and on first use starts) the engine of the given kind.</summary>
    /// <exception cref="EngineUnavailableException">That engine cannot run in this Python (e.g. Keras is not installed).</exception>
    public static Engine Get(EngineKind kind)
    {
        var lazy = Engines.GetOrAdd(kind, k => new Lazy<Engine>(() => Create(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache a failure: the user may fix the environment variable or install a package.
            Engines.TryRemove(new KeyValuePair<EngineKind, Lazy<Engine>>(kind, lazy));
            throw;
        }
    }

    private static Engine Create(EngineKind kind)
    {
        if (kind == EngineKind.Auto)
        {
            var resolved = PythonRuntime.Run(() =>
            {
                using var engine = PythonFunctions.Api("engine").Invoke(new PyString("auto"));
                return engine.GetAttr("name").As<string>();
            });
            return Get(EngineSelection.Parse(resolved));
        }
        return PythonRuntime.Run(() =>
        {
            var handle = PythonFunctions.Api("engine").Invoke(new PyString(EngineSelection.PythonName(kind)));
            using var info = JsonDocument.Parse(PythonFunctions.Api("engine_info").Invoke(handle).As<string>());
            return new Engine(kind, info.RootElement.GetProperty("version").GetString()!, info.RootElement.GetProperty("device").GetString()!, handle);
        });
    }

    /// <summary>Seeds Python's, NumPy's and the backend's random generators, as <c>keras.utils.set_random_seed</c>.</summary>
    public void SetRandomSeed(int seed) => PythonRuntime.Run(() =>
    {
        PythonFunctions.Api("set_random_seed").Invoke(Handle, new PyInt(seed)).Dispose();
    });

    internal double LossValue(Loss loss, Array yTrue, Array yPred) => PythonRuntime.Run(() =>
    {
        using var t = NumpyArrays.ToNumpy(yTrue);
        using var p = NumpyArrays.ToNumpy(yPred);
        using var lossJson = new PyString(KerasJson.Serialize(loss.ToConfig()));
        return PythonFunctions.Api("loss_value").Invoke(Handle, lossJson, t, p).As<double>();
    });

    /// <inheritdoc />
    public override string ToString() => $"{(Kind == EngineKind.Keras ? "Keras engine" : "PyTorch engine")} ({Version}) on {Device}";
}
