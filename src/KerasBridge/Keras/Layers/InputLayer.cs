using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The model's input: the shape of one sample and its dtype. <c>Keras.Input(shape: ...)</c> makes one and returns its
/// symbolic tensor; a Functional model lists it among its layers, as Keras does.
/// </summary>
public sealed class InputLayer : Layer
{
    private static readonly string[] DTypes = ["float32", "float64", "float16", "bfloat16", "int32", "int64", "int16", "int8", "uint8", "bool", "string"];

    internal InputLayer(IReadOnlyList<int?> shape, string? name, string dtype = "float32") : base("InputLayer", name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count == 0 || shape.Any(d => d is <= 0))
        {
            throw new ArgumentException(
                $"Expected a shape of one or more positive (or unknown) dimensions (the shape of one sample, e.g. [4] or [8, 8, 1]); got [{Model.FormatShape(shape)}].",
                nameof(shape));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(dtype);
        if (!DTypes.Contains(dtype))
        {
            throw new ArgumentException($"Expected a dtype among {string.Join(", ", DTypes)}; got '{dtype}'.", nameof(dtype));
        }
        SampleShape = [.. shape];
        DType = dtype;
        Output = SymbolicCall.InputTensor(this);
    }

    /// <summary>The shape of one sample, without the batch dimension; an unknown dimension is null.</summary>
    public IReadOnlyList<int?> SampleShape { get; }

    /// <summary>The shape of one sample, without the batch dimension (0 where a dimension is unknown).</summary>
    public IReadOnlyList<int> Shape => SampleShape.Select(d => d ?? 0).ToList();

    /// <summary>The dtype of the input, e.g. "float32" (or "int32" for token ids, "string" for text fed to a StringLookup).</summary>
    public string DType { get; }

    /// <summary>The symbolic tensor this input gives (Keras's <c>keras.Input(...)</c> result).</summary>
    public KerasTensor Output { get; }

    private protected override JsonObject LayerConfig() => [];

    internal override JsonObject ToConfig() => KerasConfig.Serialized("keras.layers", "InputLayer", new JsonObject
    {
        ["batch_shape"] = KerasConfig.Shape(new int?[] { null }.Concat(SampleShape)),
        ["dtype"] = DType,
        ["sparse"] = false,
        ["ragged"] = false,
        ["name"] = Name,
        ["optional"] = false,
    });
}
