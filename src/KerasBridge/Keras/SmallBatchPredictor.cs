using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Predict for small float32 batches (up to <see cref="Capacity"/> rows, e.g. one row in a service) through buffers
/// that stay pinned for the model's life: the rows are copied into the input buffer, one argument-less Python call
/// runs the engine's predict on numpy views made once over those buffers, and the outputs are copied out of the
/// output buffer. Against the general path this saves building numpy views, checking shapes and dtypes and the
/// argument tuple on every call (see docs/benchmarks.md, "Where one C# one-row Predict spends its time").
/// Used only on the Python thread, under the model's lock.
/// </summary>
internal sealed class SmallBatchPredictor : IDisposable
{
    /// <summary>The most rows the buffers hold (Predict's default batch size: one forward pass).</summary>
    public const int Capacity = 32;

    private readonly int[] _sampleShape;
    private readonly int[] _outputShape;
    private readonly int _sampleSize;
    private readonly int _outputSize;
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly int[] _rows = GC.AllocateArray<int>(1, pinned: true);
    private readonly Type _resultType;
    private PyObject? _predict;
    private readonly PyTuple _noArguments = new(); // made once: Invoke() would make an empty tuple per call

    private SmallBatchPredictor(PyObject model, int[] sampleShape, int[] outputShape)
    {
        _sampleShape = sampleShape;
        _outputShape = outputShape;
        _sampleSize = sampleShape.Aggregate(1, (a, b) => a * b);
        _outputSize = outputShape.Aggregate(1, (a, b) => a * b);
        _resultType = typeof(float).MakeArrayType(outputShape.Length + 1);
        _x = GC.AllocateArray<float>(Capacity * _sampleSize, pinned: true);
        _y = GC.AllocateArray<float>(Capacity * _outputSize, pinned: true);
        using var rows = new PyInt(Address(_rows).ToInt64());
        using var x = new PyInt(Address(_x).ToInt64());
        using var y = new PyInt(Address(_y).ToInt64());
        using var xShape = new PyList([.. new[] { Capacity }.Concat(sampleShape).Select(d => (PyObject)new PyInt(d))]);
        using var yShape = new PyList([.. new[] { Capacity }.Concat(outputShape).Select(d => (PyObject)new PyInt(d))]);
        _predict = PythonFunctions.Api("small_batch_predictor").Invoke(model, rows, x, xShape, y, yShape);
    }

    /// <summary>The shapes it was made for (a model's shapes are fixed once it has an input).</summary>
    public bool Serves(IReadOnlyList<int?> inputShape, IReadOnlyList<int?> outputShape) =>
        inputShape.Skip(1).SequenceEqual(_sampleShape.Select(d => (int?)d)) && outputShape.Skip(1).SequenceEqual(_outputShape.Select(d => (int?)d));

    /// <summary>A predictor for a model with fully known float input and output shapes; null otherwise.</summary>
    public static SmallBatchPredictor? TryCreate(PyObject model, IReadOnlyList<int?>? inputShape, IReadOnlyList<int?>? outputShape)
    {
        if (inputShape is null || outputShape is null || inputShape.Count < 2 || outputShape.Count < 2
            || inputShape.Skip(1).Any(d => d is null or <= 0) || outputShape.Skip(1).Any(d => d is null or <= 0))
        {
            return null;
        }
        return new SmallBatchPredictor(model, [.. inputShape.Skip(1).Select(d => d!.Value)], [.. outputShape.Skip(1).Select(d => d!.Value)]);
    }

    /// <summary>Whether x fits: float32, the model's sample shape, 1 to <see cref="Capacity"/> rows, one forward pass.</summary>
    public bool Fits(Array x, Type resultType, int batchSize)
    {
        if (x.GetType().GetElementType() != typeof(float) || x.Rank != _sampleShape.Length + 1
            || resultType != _resultType)
        {
            return false;
        }
        var rows = x.GetLength(0);
        if (rows < 1 || rows > Capacity || rows > batchSize)
        {
            return false;
        }
        for (var d = 0; d < _sampleShape.Length; d++)
        {
            if (x.GetLength(d + 1) != _sampleShape[d])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The outputs for x (which <see cref="Fits"/>); null when the engine's output did not fit the buffer.</summary>
    public Array? Predict(Array x)
    {
        var rows = x.GetLength(0);
        Buffer.BlockCopy(x, 0, _x, 0, rows * _sampleSize * sizeof(float));
        _rows[0] = rows;
        using var written = _predict!.Invoke(_noArguments);
        if (!written.IsTrue())
        {
            return null;
        }
        var result = _outputShape.Length == 1 ? new float[rows, _outputShape[0]] : Array.CreateInstance(typeof(float), [rows, .. _outputShape]);
        Buffer.BlockCopy(_y, 0, result, 0, rows * _outputSize * sizeof(float));
        return result;
    }

    /// <summary>Releases the Python side (on the Python thread).</summary>
    public void Dispose()
    {
        var predict = Interlocked.Exchange(ref _predict, null);
        predict?.Dispose();
        _noArguments.Dispose();
    }

    private static IntPtr Address(Array pinned) => System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
}
