using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>The model's input: the shape of one sample (Keras's <c>keras.Input(shape=...)</c>).</summary>
public sealed class InputLayer : Layer
{
    internal InputLayer(int[] shape, string? name) : base("InputLayer", name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d <= 0))
        {
            throw new ArgumentException(
                $"Expected a shape of one or more positive dimensions (the shape of one sample, e.g. [4] or [8, 8, 1]); got [{string.Join(", ", shape)}].",
                nameof(shape));
        }
        Shape = [.. shape];
    }

    /// <summary>The shape of one sample, without the batch dimension.</summary>
    public IReadOnlyList<int> Shape { get; }

    private protected override JsonObject LayerConfig() => [];

    internal override JsonObject ToConfig() => KerasConfig.Serialized("keras.layers", "InputLayer", new JsonObject
    {
        ["batch_shape"] = KerasConfig.Shape(new int?[] { null }.Concat(Shape.Select(d => (int?)d))),
        ["dtype"] = "float32",
        ["sparse"] = false,
        ["ragged"] = false,
        ["name"] = Name,
        ["optional"] = false,
    });
}
