using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// .NET string arrays (<c>string[]</c>, <c>string[,]</c> ... rank 4, or a rectangular jagged <c>string[][]</c>) to numpy
/// arrays of dtype object holding Python str: the form pandas gives a text column (as in Keras's structured-data
/// examples), which Keras's data adapters turn into TensorFlow strings and the PyTorch engine's StringLookup reads.
/// Strings have no fixed size, so they cannot take <see cref="NumpyArrays"/>' one-copy path: each becomes a Python str.
/// </summary>
internal static class NumpyStrings
{
    /// <summary>True for string[], string[,], ... and string[][]: the arrays <see cref="ToNumpy"/> takes.</summary>
    public static bool Holds(Array array)
    {
        var element = array.GetType().GetElementType();
        return element == typeof(string) || (array.Rank == 1 && element == typeof(string[]));
    }

    /// <summary>A numpy object array of str with the array's shape. Hold the GIL.</summary>
    /// <exception cref="ArgumentException">A null string or row (named by its index), a ragged jagged array, or rank above 4.</exception>
    public static PyObject ToNumpy(Array array, string parameterName)
    {
        var (values, shape) = array.GetType().GetElementType() == typeof(string[]) ? Jagged(array, parameterName) : Rectangular(array, parameterName);
        using var list = new PyList();
        foreach (var value in values)
        {
            using var item = new PyString(value);
            list.Append(item);
        }
        using var dims = new PyTuple(shape.Select(d => (PyObject)new PyInt(d)).ToArray());
        return PythonFunctions.Arrays("from_strings").Invoke(list, dims);
    }

    private static (List<string> Values, int[] Shape) Rectangular(Array array, string parameterName)
    {
        if (array.Rank > NumpyArrays.MaxRank)
        {
            throw new ArgumentException($"Expected a string array of rank 1 to {NumpyArrays.MaxRank}; got rank {array.Rank} ({array.GetType().Name}).", parameterName);
        }
        var shape = NumpyArrays.Shape(array);
        var values = new List<string>(array.Length);
        var flat = 0;
        // A multidimensional array enumerates in row-major order, as numpy lays out C arrays.
        foreach (string? value in array)
        {
            values.Add(value ?? throw new ArgumentException(
                $"Expected a string at every index of {parameterName}; {parameterName}[{Index(flat, shape)}] is null.", parameterName));
            flat++;
        }
        return (values, shape);
    }

    private static (List<string> Values, int[] Shape) Jagged(Array array, string parameterName)
    {
        var rows = (string?[]?[])array;
        var columns = rows.Length == 0 ? 0 : rows[0]?.Length ?? 0;
        var values = new List<string>(rows.Length * columns);
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"Expected every row of the jagged array to be non-null; {parameterName}[{r}] is null.", parameterName);
            if (row.Length != columns)
            {
                throw new ArgumentException(
                    $"Expected a rectangular array: every row of length {columns} (the length of row 0); row {r} has length {row.Length}.", parameterName);
            }
            for (var c = 0; c < columns; c++)
            {
                values.Add(row[c] ?? throw new ArgumentException(
                    $"Expected a string at every index of {parameterName}; {parameterName}[{r}][{c}] is null.", parameterName));
            }
        }
        return (values, [rows.Length, columns]);
    }

    /// <summary>The C# index ("2, 0") of the flat, row-major position in an array of this shape.</summary>
    private static string Index(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return string.Join(", ", index);
    }
}
