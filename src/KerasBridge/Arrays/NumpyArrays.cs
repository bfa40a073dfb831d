using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Moves float, double, int and long arrays of rank 1 to 4 between .NET and numpy with one memory copy,
/// keeping shape and dtype. Every method must be called while holding the GIL (inside
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
    /// <c>T[][]</c>) into a new numpy array of the same shape and dtype.
    /// </summary>
    /// <param name="array">The array to copy.</param>
    /// <param name="parameterName">The caller's argument name, used in error messages.</param>
    /// <exception cref="ArgumentException">Unsupported element type or rank, or a ragged jagged array.</exception>
    public static PyObject ToNumpy(Array array, [CallerArgumentExpression(nameof(array))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(array, parameterName);
        array = Rectangular(array, parameterName ?? nameof(array));
        var elementType = array.GetType().GetElementType()!;
        var dtype = DType(elementType, array, parameterName);
        var shape = Shape(array);
        var nbytes = (long)array.Length * Marshal.SizeOf(elementType);
        using var module = Py.Import("kerasbridge.arrays");
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            using var address = new PyInt(handle.AddrOfPinnedObject().ToInt64());
            using var size = new PyInt(nbytes);
            using var type = new PyString(dtype);
            using var pyShape = ShapeTuple(shape);
            return module.InvokeMethod("from_address", address, size, type, pyShape);
        }
        finally
        {
            handle.Free();
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
        var nbytes = (long)result.Length * Marshal.SizeOf(elementType);
        using var module = Py.Import("kerasbridge.arrays");
        var handle = GCHandle.Alloc(result, GCHandleType.Pinned);
        try
        {
            using var address = new PyInt(handle.AddrOfPinnedObject().ToInt64());
            using var size = new PyInt(nbytes);
            using var type = new PyString(dtype);
            using var pyShape = ShapeTuple(shape);
            module.InvokeMethod("copy_to_address", numpyArray, address, size, type, pyShape).Dispose();
        }
        catch (PythonException e) when (e.Type?.Name == "TypeError")
        {
            throw new ArgumentException($"Cannot convert the numpy array to {elementType.Name}[]: {e.Message}", nameof(numpyArray), e);
        }
        finally
        {
            handle.Free();
        }
        return result;
    }

    private static (string DType, int[] Shape) Describe(PyObject numpyArray)
    {
        using var module = Py.Import("kerasbridge.arrays");
        using var description = module.InvokeMethod("describe", numpyArray);
        var dtype = description[0].As<string>();
        using var shapeTuple = description[1];
        var shape = new int[shapeTuple.Length()];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = shapeTuple[i].As<int>();
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

    private static PyTuple ShapeTuple(int[] shape) => new(shape.Select(s => (PyObject)new PyInt(s)).ToArray());

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
