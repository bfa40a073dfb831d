namespace KerasBridge;

/// <summary>
/// A symbolic tensor of the Functional API, as Keras's <c>KerasTensor</c>: what <see cref="Keras.Input(int[], string?, string)"/>
/// returns and what <c>layer.Apply(x)</c> gives back. It holds no values, only the shape (batch dimension null), the dtype
/// and where it comes from; <see cref="Keras.Model(KerasTensor, KerasTensor, string?, EngineKind)"/> turns the graph of
/// such tensors into a model.
/// </summary>
public sealed partial class KerasTensor
{
    internal KerasTensor(IReadOnlyList<int?> shape, string dtype, string name, Node node, int tensorIndex)
    {
        Shape = shape;
        DType = dtype;
        Name = name;
        Node = node;
        TensorIndex = tensorIndex;
    }

    /// <summary>The shape, with null for the batch dimension (and for any other unknown dimension), e.g. [null, 4].</summary>
    public IReadOnlyList<int?> Shape { get; }

    /// <summary>The dtype, e.g. "float32".</summary>
    public string DType { get; }

    /// <summary>The tensor's name: the input's name for an input, else the name of the layer that made it.</summary>
    public string Name { get; }

    /// <summary>The call (node) of the layer that produced this tensor.</summary>
    internal Node Node { get; }

    /// <summary>Which output of that call this is.</summary>
    internal int TensorIndex { get; }

    /// <summary>The number of dimensions, batch included.</summary>
    public int Rank => Shape.Count;

    /// <summary>
    /// Lets an input be the first item of <c>Sequential(Input(shape: [4]), Layers.Dense(...))</c>, as in Keras.
    /// Only a tensor made by <c>Input</c> converts.
    /// </summary>
    public static implicit operator Layer(KerasTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.Node.Operation as InputLayer ?? throw new ArgumentException(
            $"Expected a tensor made by Keras.Input to start a Sequential model; got tensor '{tensor.Name}', the output of {tensor.Node.Operation.Describe()}.",
            nameof(tensor));
    }

    /// <inheritdoc />
    public override string ToString() => $"<KerasTensor shape=({Model.FormatShape(Shape)}), dtype={DType}, name={Name}>";
}
