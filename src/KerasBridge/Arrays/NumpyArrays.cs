using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Moves float, double, int and long arrays of rank 1 to 4 between .NET and numpy with one memory copy,
/// keeping shape and dtype; <see cref="ToNumpy"/> also takes string arrays (to numpy arrays of Python str). Every method must be called while holding the GIL (inside
/// <see cref="PythonRuntime.Run{T}(Func{T})"/>).
/// </summary>
public static class NumpyArrays
{
    /// <summary>The highest rank supported.</summary>
    public const int MaxRank = 4;

    private static readonly Dictionary<Type, string> DTypes = new()
    {
        [typeof(float)] = "float32",
        [typeof(double)] = "float64",
        [typeof(int)] = "int32",
        [typeof(long)] = "int64",
    };

    private static readonly Dictionary<string, Type> ElementTypes = DTypes.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>
    /// Copies a .NET array (<c>float[]</c>, <c>float[,]</c>, ... <c>long[,,,]</c>, or a rectangular jagged
    /// <c>T[][]</c>) into a new numpy array of the same shape and dtype. A <c>string[]</c>, <c>string[,]</c>... or
    /// <c>string[][]</c> becomes a numpy array of dtype object holding Python str (for a model's string Input).
    /// </summary>
    /// <param name="array">The array to copy.</param>
    /// <param name="parameterName">The caller's argument name, used in error messages.</param>
    /// <exception cref="ArgumentException">Unsupported element type or rank, a ragged jagged array, or a null string (named by its index).</exception>
    public static PyObject ToNumpy(Array array, [CallerArgumentExpression(nameof(array))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(array, parameterName);
        if (NumpyStrings.Holds(array))
        {
            return NumpyStrings.ToNumpy(array, parameterName ?? nameof(array));
        }
        using var pinned = Pin(array, parameterName);
        return PythonFunctions.Arrays("from_address").Invoke(pinned.Arguments);
    }

    /// <summary>
    /// Copies a .NET array into an existing, writeable numpy array of the same shape, converting the dtype where
    /// numpy allows a same-kind cast (float to float64, int to int64). Nothing is allocated: for a numpy buffer
    /// reused across calls this costs only the copy (a new numpy array also pays for fresh memory pages).
    /// </summary>
    /// <exception cref="ArgumentException">The source's element type or rank is not supported, the destination is
    /// not a writeable numpy array of the source's shape, or the cast is not allowed.</exception>
    public static void CopyTo(Array source, PyObject numpyArray)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(numpyArray);
        using var pinned = Pin(source, nameof(source));
        try
        {
            PythonFunctions.Arrays("copy_from_address").Invoke([numpyArray, .. pinned.Arguments]).Dispose();
        }
        catch (PythonException e) when (e.Type?.Name is "TypeError" or "ValueError")
        {
            throw new ArgumentException($"Cannot copy the {source.GetType().Name} into the numpy array: {e.Message}", nameof(numpyArray), e);
        }
    }

    /// <summary>Copies a numpy array into a new .NET array whose element type follows the dtype and whose rank follows the shape.</summary>
    /// <exception cref="ArgumentException">A dtype other than float32, float64, int32, int64, or rank 0 or above 4.</exception>
    public static Array ToArray(PyObject numpyArray)
    {
        ArgumentNullException.ThrowIfNull(numpyArray);
        var (dtype, shape) = Describe(numpyArray);
        if (!ElementTypes.TryGetValue(dtype, out var elementType))
        {
            throw new ArgumentException(
                $"Expected a numpy array of dtype float32, float64, int32 or int64; got dtype {dtype} with shape ({string.Join(", ", shape)}).",
                nameof(numpyArray));
        }
        return CopyOut(numpyArray, elementType, dtype, shape);
    }

    /// <summary>
    /// Copies a numpy array into a new .NET array of type <typeparamref name="TArray"/> (e.g. <c>float[,]</c>),
    /// converting the dtype where numpy allows a same-kind cast (float64 to float32, int64 to int32).
    /// </summary>
    /// <exception cref="ArgumentException">The numpy array's rank differs from the requested one, or the cast is not allowed.</exception>
    public static TArray ToArray<TArray>(PyObject numpyArray) where TArray : class
    {
        ArgumentNullException.ThrowIfNull(numpyArray);
        var arrayType = typeof(TArray);
        if (!arrayType.IsArray || !DTypes.ContainsKey(arrayType.GetElementType()!))
        {
            throw new ArgumentException($"Expected an array type of float, double, int or long; got {arrayType}.", nameof(TArray));
        }
        var elementType = arrayType.GetElementType()!;
        var (_, shape) = Describe(numpyArray);
        var rank = arrayType.GetArrayRank();
        if (shape.Length != rank)
        {
            throw new ArgumentException(
                $"Expected a numpy array of rank {rank} for {arrayType.Name}; got shape ({string.Join(", ", shape)}).", nameof(numpyArray));
        }
        return (TArray)(object)CopyOut(numpyArray, elementType, DTypes[elementType], shape);
    }

    /// <summary>The shape of a .NET array as numpy would see it.</summary>
    public static int[] Shape(Array array)
    {
        var shape = new int[array.Rank];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = array.GetLength(i);
        }
        return shape;
    }

    private static Array CopyOut(PyObject numpyArray, Type elementType, string dtype, int[] shape)
    {
        if (shape.Length is 0 or > MaxRank)
        {
            throw new ArgumentException(
                $"Expected a numpy array of rank 1 to {MaxRank}; got shape ({string.Join(", ", shape)}).", nameof(numpyArray));
        }
        var result = Array.CreateInstance(elementType, shape);
        CopyInto(numpyArray, result, dtype, shape);
        return result;
    }

    /// <summary>
    /// Copies a numpy array into an existing .NET array of the same shape, converting the dtype where numpy
    /// allows a same-kind cast. Nothing is allocated, so a buffer reused across calls costs only the copy
    /// (a new 40 MB .NET array costs more than the copy whenever the GC has to take fresh memory for it).
    /// </summary>
    /// <exception cref="ArgumentException">The destination's element type is not float, double, int or long, its
    /// shape differs from the numpy array's, or the cast is not allowed.</exception>
    public static void CopyTo(PyObject numpyArray, Array destination)
    {
        ArgumentNullException.ThrowIfNull(numpyArray);
        ArgumentNullException.ThrowIfNull(destination);
        var elementType = destination.GetType().GetElementType()!;
        var dtype = DType(elementType, destination, nameof(destination));
        var (_, shape) = Describe(numpyArray);
        var target = Shape(destination);
        if (!shape.SequenceEqual(target))
        {
            throw new ArgumentException(
                $"Expected a numpy array of shape ({string.Join(", ", target)}) to fill the {destination.GetType().Name}; got shape ({string.Join(", ", shape)}).",
                nameof(numpyArray));
        }
        CopyInto(numpyArray, destination, dtype, target);
    }

    private static void CopyInto(PyObject numpyArray, Array destination, string dtype, int[] shape)
    {
        using var pinned = new PinnedArray(destination, dtype, shape);
        try
        {
            PythonFunctions.Arrays("copy_to_address").Invoke([numpyArray, .. pinned.Arguments]).Dispose();
        }
        catch (PythonException e) when (e.Type?.Name == "TypeError")
        {
            throw new ArgumentException($"Cannot convert the numpy array to {destination.GetType().GetElementType()!.Name}[]: {e.Message}", nameof(numpyArray), e);
        }
    }

    private static (string DType, int[] Shape) Describe(PyObject numpyArray)
    {
        using var description = PythonFunctions.Arrays("describe").Invoke(numpyArray);
        using var dtypeName = description[0];
        var dtype = dtypeName.As<string>();
        using var shapeTuple = description[1];
        var shape = new int[shapeTuple.Length()];
        for (var i = 0; i < shape.Length; i++)
        {
            using var dimension = shapeTuple[i];
            shape[i] = dimension.As<int>();
        }
        return (dtype, shape);
    }

    private static string DType(Type elementType, Array array, string? parameterName)
    {
        if (!DTypes.TryGetValue(elementType, out var dtype))
        {
            throw new ArgumentException(
                $"Expected an array of float, double, int or long; got {array.GetType().Name}.", parameterName);
        }
        if (array.Rank > MaxRank)
        {
            throw new ArgumentException($"Expected an array of rank 1 to {MaxRank}; got rank {array.Rank} ({array.GetType().Name}).", parameterName);
        }
        return dtype;
    }

    /// <summary>
    /// Pins a .NET array (validated as <see cref="ToNumpy"/> does; a jagged array is made rectangular first) for a
    /// Python call that reads or writes it by address: the call gets <see cref="PinnedArray.Arguments"/>
    /// (address, nbytes, dtype, shape), as kerasbridge.arrays expects them. Dispose while holding the GIL.
    /// </summary>
    internal static PinnedArray Pin(Array array, string? parameterName)
    {
        array = Rectangular(array, parameterName ?? nameof(array));
        var dtype = DType(array.GetType().GetElementType()!, array, parameterName);
        return new PinnedArray(array, dtype, Shape(array));
    }

    /// <summary>The numpy dtype name for a .NET element type, or null when the type is not supported.</summary>
    internal static string? DTypeOf(Type elementType) => DTypes.GetValueOrDefault(elementType);

    /// <summary>A .NET array pinned for the duration of one Python call, with its (address, nbytes, dtype, shape).</summary>
    internal sealed class PinnedArray : IDisposable
    {
        private GCHandle _handle;

        public PinnedArray(Array array, string dtype, int[] shape)
        {
            _handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            var nbytes = (long)array.Length * Marshal.SizeOf(array.GetType().GetElementType()!);
            Arguments =
            [
                new PyInt(_handle.AddrOfPinnedObject().ToInt64()),
                new PyInt(nbytes),
                new PyString(dtype),
                new PyTuple(shape.Select(d => (PyObject)new PyInt(d)).ToArray()),
            ];
        }

        /// <summary>address, nbytes, dtype name, shape tuple.</summary>
        public PyObject[] Arguments { get; }

        public void Dispose()
        {
            foreach (var argument in Arguments)
            {
                argument.Dispose();
            }
            if (_handle.IsAllocated)
            {
                _handle.Free();
            }
        }
    }

    /// <summary>Turns a jagged T[][] into T[,] (rows must all have the same length); other arrays pass through.</summary>
    internal static Array Rectangular(Array array, string parameterName)
    {
        var type = array.GetType();
        var inner = type.GetElementType()!;
        if (array.Rank != 1 || !inner.IsArray)
        {
            return array;
        }
        var element = inner.GetElementType()!;
        if (inner.GetArrayRank() != 1 || !DTypes.ContainsKey(element))
        {
            throw new ArgumentException($"Expected an array of float, double, int or long of rank 1 to {MaxRank}, or a jagged T[][] of those; got {type.Name}.", parameterName);
        }
        var rows = array.Length;
        var columns = rows == 0 ? 0 : ((Array?)array.GetValue(0))?.Length ?? 0;
        var result = Array.CreateInstance(element, rows, columns);
        var size = Marshal.SizeOf(element);
        for (var r = 0; r < rows; r++)
        {
            var row = (Array?)array.GetValue(r)
                      ?? throw new ArgumentException($"Expected every row of the jagged array to be non-null; row {r} is null.", parameterName);
            if (row.Length != columns)
            {
                throw new ArgumentException(
                    $"Expected a rectangular array: every row of length {columns} (the length of row 0); row {r} has length {row.Length}.", parameterName);
            }
            Buffer.BlockCopy(row, 0, result, r * columns * size, columns * size);
        }
        return result;
    }
}
