using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace KerasBridge.Onnx;

/// <summary>One float32 graph input or output: its name and shape (null for a dynamic dimension, such as the batch).</summary>
internal sealed class TensorSpec
{
    private TensorSpec(string name, int?[] shape)
    {
        Name = name;
        Shape = shape;
        SampleSize = shape.Skip(1).All(d => d is not null) ? shape.Skip(1).Aggregate(1L, (n, d) => n * d!.Value) : null;
    }

    public string Name { get; }

    /// <summary>The shape, batch first; null entries are dynamic.</summary>
    public int?[] Shape { get; }

    /// <summary>Values per sample when every dimension but the first is known; else null.</summary>
    public long? SampleSize { get; }

    public static TensorSpec From(string name, NodeMetadata metadata, string what)
    {
        if (!metadata.IsTensor || metadata.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new NotSupportedException(
                $"OnnxModel scores float32 tensors; the model's {what} '{name}' is a {(metadata.IsTensor ? metadata.ElementDataType + " tensor" : metadata.OnnxValueType.ToString())}.");
        }
        var shape = metadata.Dimensions.Select(d => d >= 0 ? (int?)d : null).ToArray();
        if (shape.Length == 0)
        {
            throw new NotSupportedException($"OnnxModel needs samples on the first axis; the model's {what} '{name}' is a scalar.");
        }
        return new TensorSpec(name, shape);
    }

    /// <summary>"(None, 4)": Keras's way of writing a shape, as Model's messages do.</summary>
    public static string Format(IEnumerable<int?> shape)
    {
        var parts = shape.Select(d => d?.ToString() ?? "None").ToList();
        return "(" + string.Join(", ", parts) + (parts.Count == 1 ? ",)" : ")");
    }

    public static string FormatShapeOf(Array x) => Format(Enumerable.Range(0, x.Rank).Select(i => (int?)x.GetLength(i)));

    /// <summary>Checks x against this input (element type, rank, every known dimension); returns its row count.</summary>
    public int Check(Array x, string method, string argument)
    {
        var type = x.GetType().GetElementType();
        if (type != typeof(float) && type != typeof(double))
        {
            throw new ArgumentException(
                $"{method}: argument '{argument}' must be a float or double array of shape {Format((IEnumerable<int?>)Shape)}; got {x.GetType().Name}.", argument);
        }
        var matches = x.Rank == Shape.Length;
        for (var i = 0; matches && i < Shape.Length; i++)
        {
            matches = Shape[i] is not { } d || d == x.GetLength(i);
        }
        if (!matches)
        {
            throw new ArgumentException(
                $"{method}: argument '{argument}' must have shape {Format((IEnumerable<int?>)Shape)} (samples first); got shape {FormatShapeOf(x)}.", argument);
        }
        if (x.GetLength(0) == 0)
        {
            throw new ArgumentException($"{method}: argument '{argument}' has no samples (shape {FormatShapeOf(x)}).", argument);
        }
        return x.GetLength(0);
    }

    /// <summary>x's values (float or double, any rank, C order) as float32 into <paramref name="target"/>.</summary>
    public static void CopyInto(Array x, Span<float> target)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(x);
        if (x.GetType().GetElementType() == typeof(float))
        {
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, float>(ref start), x.Length).CopyTo(target);
            return;
        }
        var source = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref start), x.Length);
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (float)source[i];
        }
    }

    /// <summary>The values of a float array of any rank, as a span over its memory.</summary>
    public static Span<float> Values(Array result) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(result)), result.Length);
}
