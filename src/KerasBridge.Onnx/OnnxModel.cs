using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace KerasBridge.Onnx;

/// <summary>
/// A Keras model exported to ONNX (by KerasBridge's <c>Model.ExportOnnx</c> or <c>kerasbridge export --onnx</c>),
/// scored from .NET with ONNX Runtime: no Python. <see cref="Predict(Array, int?)"/> and <see cref="PredictOutputs(Array)"/>
/// take and return arrays as KerasBridge's <c>Model</c> does (samples first, float32 results).
/// Thread-safe: any number of threads may score one loaded model at once (ONNX Runtime runs concurrent calls on
/// one session); each call rents input/output buffers bound to the session for its batch size, so scoring a
/// batch size seen before allocates only the returned array.
/// </summary>
public sealed partial class OnnxModel : IDisposable
{
    // Buffers are kept for at most this many batch sizes and this many bytes; other calls use fresh buffers.
    private const int MaxPooledBatchSizes = 16;
    private const long MaxPooledBytes = 256L * 1024 * 1024;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly TensorSpec[] _inputs;
    private readonly TensorSpec[] _outputs;
    private readonly bool _poolable;
    private readonly ConcurrentDictionary<int, ConcurrentBag<Scratch>> _pool = new();
    private long _pooledBytes;
    private int _active;
    private volatile bool _disposed;

    private OnnxModel(InferenceSession session, string path)
    {
        _session = session;
        Path = path;
        _inputs = session.InputNames.Select(n => TensorSpec.From(n, session.InputMetadata[n], "input")).ToArray();
        _outputs = session.OutputNames.Select(n => TensorSpec.From(n, session.OutputMetadata[n], "output")).ToArray();
        _poolable = _inputs.Concat(_outputs).All(s => s.SampleSize is not null);
        InputNames = _inputs.Select(s => s.Name).ToArray();
        OutputNames = _outputs.Select(s => s.Name).ToArray();
        InputShapes = _inputs.ToDictionary(s => s.Name, s => (IReadOnlyList<int?>)s.Shape.ToArray());
        OutputShapes = _outputs.ToDictionary(s => s.Name, s => (IReadOnlyList<int?>)s.Shape.ToArray());
    }

    /// <summary>
    /// Loads an .onnx file. <paramref name="intraOpThreads"/> is ONNX Runtime's threads per call (0: its default, one
    /// per core; 1 suits many threads scoring concurrently and one-row calls).
    /// </summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="intraOpThreads">ONNX Runtime's threads per call; 0 for its default.</param>
    /// <param name="cpuMemoryArena">
    /// ONNX Runtime's CPU memory arena. Null (the default) turns it on with the default threads (large batches allocate
    /// less: 20,000 rows ran in 2.5 ms with it, 9.4 ms without) and off with <paramref name="intraOpThreads"/> set (the
    /// arena is one lock every concurrent call takes: one-row calls on 2 threads made 0.8× one thread's throughput with
    /// it and 1.7-2.1× without; docs/onnx.md).
    /// </param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative.</exception>
    /// <exception cref="NotSupportedException">An input or output is not a float32 tensor with samples first.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load the file (damaged, not ONNX, an unknown opset); the inner exception is its own.</exception>
    public static OnnxModel Load(string path, int intraOpThreads = 0, bool? cpuMemoryArena = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No ONNX model file at '{full}'.", full);
        }
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            EnableCpuMemArena = cpuMemoryArena ?? intraOpThreads == 0,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(full, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{full}: not an ONNX model ONNX Runtime can load ({e.Message.Trim()}).", e);
        }
        try
        {
            return new OnnxModel(session, full);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    /// <summary>The graph's input names: the Keras model's input (InputLayer) names, in Keras's order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The graph's output names: the Keras model's output names (the layers producing them), in Keras's order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Each input's shape with null for dynamic dimensions (the batch), e.g. [null, 4].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int?>> InputShapes { get; }

    /// <summary>Each output's shape with null for dynamic dimensions (the batch), e.g. [null, 3].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int?>> OutputShapes { get; }

    /// <summary>The input shape of a model with one input (null for the batch), as <c>Model.InputShape</c>; null when it has several.</summary>
    public IReadOnlyList<int?>? InputShape => _inputs.Length == 1 ? InputShapes[_inputs[0].Name] : null;

    /// <summary>The output shape of a model with one output, as <c>Model.OutputShape</c>; null when it has several.</summary>
    public IReadOnlyList<int?>? OutputShape => _outputs.Length == 1 ? OutputShapes[_outputs[0].Name] : null;

    /// <summary>
    /// Predicts for a model of one input and one output of shape (samples, units), as <c>Model.Predict</c>.
    /// <paramref name="batchSize"/>: rows per ONNX Runtime run (null: all rows in one run, the fastest; a number
    /// bounds the memory a huge array needs, as Keras's batch_size does).
    /// </summary>
    /// <exception cref="ArgumentException">x is not a float/double array of the input's shape (samples first).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The model has several inputs or outputs, or its output is not rank 2.</exception>
    public float[,] Predict(Array x, int? batchSize = null)
    {
        RequireRank2Output();
        return Predict<float[,]>(x, batchSize);
    }

    /// <summary>Predicts into an array of the output's rank, e.g. <c>Predict&lt;float[,,,]&gt;(images)</c>.</summary>
    public TArray Predict<TArray>(Array x, int? batchSize = null) where TArray : class
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSingle();
        if (batchSize is { } size && size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), size, $"Expected batchSize > 0 (or null for one run); got {size}.");
        }
        var result = batchSize is { } rows && x.Rank > 1 && x.GetLength(0) > rows && _poolable ? RunInBatches(x, rows) : RunSingle(x);
        return result as TArray ?? throw WrongResultType<TArray>();
    }

    /// <summary>Predicts for a model with several inputs and one output: <paramref name="inputs"/> keyed by input name.</summary>
    public float[,] Predict(IReadOnlyDictionary<string, Array> inputs)
    {
        RequireRank2Output();
        return Predict<float[,]>(inputs);
    }

    /// <summary>As <see cref="Predict(IReadOnlyDictionary{string, Array})"/>, into an array of the output's rank.</summary>
    public TArray Predict<TArray>(IReadOnlyDictionary<string, Array> inputs) where TArray : class
    {
        if (_outputs.Length != 1)
        {
            throw new InvalidOperationException(
                $"The ONNX model has {_outputs.Length} outputs ({string.Join(", ", OutputNames)}); use PredictOutputs, which returns one array per output name.");
        }
        return RunMany(Ordered(inputs, "Predict"), "Predict")[0] as TArray ?? throw WrongResultType<TArray>();
    }

    /// <summary>Every output for one input array, keyed by output name (as <c>Model.PredictOutputs</c>).</summary>
    public IReadOnlyDictionary<string, Array> PredictOutputs(Array x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (_inputs.Length != 1)
        {
            throw new InvalidOperationException(
                $"The ONNX model has {_inputs.Length} inputs ({string.Join(", ", InputNames)}); pass a dictionary keyed by input name.");
        }
        return Keyed(RunMany([x], "PredictOutputs"));
    }

    /// <summary>Every output, keyed by output name, for inputs keyed by input name (each with samples first).</summary>
    public IReadOnlyDictionary<string, Array> PredictOutputs(IReadOnlyDictionary<string, Array> inputs) =>
        Keyed(RunMany(Ordered(inputs, "PredictOutputs"), "PredictOutputs"));

    /// <summary>Releases the ONNX Runtime session and buffers; waits for calls in progress. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var wait = new SpinWait();
        while (Volatile.Read(ref _active) != 0)
        {
            wait.SpinOnce();
        }
        foreach (var bag in _pool.Values)
        {
            while (bag.TryTake(out var scratch))
            {
                scratch.Dispose();
            }
        }
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"OnnxModel '{System.IO.Path.GetFileName(Path)}' ({string.Join(", ", InputNames)} -> {string.Join(", ", OutputNames)})";

    // ------------------------------------------------------------------ running

    private Array RunSingle(Array x)
    {
        var rows = _inputs[0].Check(x, "Predict", "x");
        Enter();
        try
        {
            if (Rent(rows) is not { } scratch)
            {
                return RunFresh([x], rows)[0];
            }
            try
            {
                TensorSpec.CopyInto(x, scratch.Inputs[0]);
                scratch.Run(_session, _runOptions);
                var result = NewResult(_outputs[0], rows);
                scratch.Outputs[0].AsSpan(0, result.Length).CopyTo(TensorSpec.Values(result));
                return result;
            }
            finally
            {
                Return(scratch);
            }
        }
        finally
        {
            Exit();
        }
    }

    private Array[] RunMany(Array[] xs, string method)
    {
        var rows = -1;
        for (var i = 0; i < xs.Length; i++)
        {
            var argument = _inputs.Length == 1 ? "x" : $"inputs['{_inputs[i].Name}']";
            var n = _inputs[i].Check(xs[i] ?? throw new ArgumentNullException(argument), method, argument);
            if (rows >= 0 && n != rows)
            {
                throw new ArgumentException(
                    $"{method}: all inputs must have the same number of samples; got {string.Join(", ", xs.Select(a => a.GetLength(0)))} "
                    + $"for {string.Join(", ", InputNames)}.", "inputs");
            }
            rows = n;
        }
        Enter();
        try
        {
            if (Rent(rows) is not { } scratch)
            {
                return RunFresh(xs, rows);
            }
            try
            {
                for (var i = 0; i < xs.Length; i++)
                {
                    TensorSpec.CopyInto(xs[i], scratch.Inputs[i]);
                }
                scratch.Run(_session, _runOptions);
                var results = new Array[_outputs.Length];
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = NewResult(_outputs[i], rows);
                    scratch.Outputs[i].AsSpan(0, results[i].Length).CopyTo(TensorSpec.Values(results[i]));
                }
                return results;
            }
            finally
            {
                Return(scratch);
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>A run with buffers made for this call (dynamic dimensions other than the batch, or the pool is full).</summary>
    private Array[] RunFresh(Array[] xs, int rows)
    {
        var values = new List<OrtValue>();
        try
        {
            for (var i = 0; i < xs.Length; i++)
            {
                var buffer = new float[xs[i].Length];
                TensorSpec.CopyInto(xs[i], buffer);
                var shape = Enumerable.Range(0, xs[i].Rank).Select(d => (long)xs[i].GetLength(d)).ToArray();
                values.Add(OrtValue.CreateTensorValueFromMemory(buffer, shape));
            }
            using var outputs = _session.Run(_runOptions, InputNames, values, OutputNames);
            return outputs.Select(output =>
            {
                var shape = output.GetTensorTypeAndShape().Shape.Select(d => checked((int)d)).ToArray();
                var result = Array.CreateInstance(typeof(float), shape.Length == 0 ? [1] : shape);
                output.GetTensorDataAsSpan<float>().CopyTo(TensorSpec.Values(result));
                return result;
            }).ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private Scratch? Rent(int rows)
    {
        if (!_poolable)
        {
            return null;
        }
        if (_pool.TryGetValue(rows, out var bag) && bag.TryTake(out var scratch))
        {
            return scratch;
        }
        if (bag is null && _pool.Count >= MaxPooledBatchSizes)
        {
            return null;
        }
        var made = new Scratch(_session, _inputs, _outputs, rows);
        if (Interlocked.Add(ref _pooledBytes, made.Bytes) > MaxPooledBytes)
        {
            Interlocked.Add(ref _pooledBytes, -made.Bytes);
            made.Dispose();
            return null;
        }
        return made;
    }

    private void Return(Scratch scratch) => _pool.GetOrAdd(scratch.Rows, static _ => new ConcurrentBag<Scratch>()).Add(scratch);

    private static Array NewResult(TensorSpec spec, int rows)
    {
        var s = spec.Shape;
        return s.Length switch
        {
            1 => new float[rows],
            2 => new float[rows, s[1]!.Value],
            3 => new float[rows, s[1]!.Value, s[2]!.Value],
            4 => new float[rows, s[1]!.Value, s[2]!.Value, s[3]!.Value],
            _ => Array.CreateInstance(typeof(float), [rows, .. s.Skip(1).Select(d => d!.Value)]),
        };
    }

    // ------------------------------------------------------------------ arguments

    private Array[] Ordered(IReadOnlyDictionary<string, Array> inputs, string method)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var missing = InputNames.Where(n => !inputs.ContainsKey(n)).ToList();
        var unknown = inputs.Keys.Where(k => !InputNames.Contains(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"{method}: argument 'inputs' must have one entry per model input ({string.Join(", ", InputNames)}); "
                + $"missing: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}; unknown: {(unknown.Count == 0 ? "none" : string.Join(", ", unknown))}.",
                nameof(inputs));
        }
        return InputNames.Select(n => inputs[n]).ToArray();
    }

    private IReadOnlyDictionary<string, Array> Keyed(Array[] results)
    {
        var keyed = new Dictionary<string, Array>(results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            keyed[_outputs[i].Name] = results[i];
        }
        return keyed;
    }

    private void RequireSingle()
    {
        if (_inputs.Length != 1 || _outputs.Length != 1)
        {
            throw new InvalidOperationException(
                $"The ONNX model has {_inputs.Length} input(s) and {_outputs.Length} output(s); Predict(x) takes one array and returns one, "
                + "so use Predict(inputs) with a dictionary keyed by input name, or PredictOutputs.");
        }
    }

    private void RequireRank2Output()
    {
        if (_outputs.Length == 1 && _outputs[0].Shape.Length != 2)
        {
            throw new InvalidOperationException(
                $"Predict returns float[,] for outputs of shape (samples, units); this model's output shape is {TensorSpec.Format((IEnumerable<int?>)_outputs[0].Shape)}. Use Predict<float[...]>(x).");
        }
    }

    private InvalidOperationException WrongResultType<TArray>() =>
        new($"The model's output has shape {TensorSpec.Format((IEnumerable<int?>)_outputs[0].Shape)}, a float array of rank {_outputs[0].Shape.Length}; "
            + $"{typeof(TArray).Name} cannot hold it.");

    private void Enter()
    {
        Interlocked.Increment(ref _active);
        if (_disposed)
        {
            Interlocked.Decrement(ref _active);
            throw new ObjectDisposedException(nameof(OnnxModel), $"The ONNX model '{Path}' has been disposed.");
        }
    }

    private void Exit() => Interlocked.Decrement(ref _active);
}
