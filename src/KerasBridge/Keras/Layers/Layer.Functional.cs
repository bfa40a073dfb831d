using System.Text.Json.Nodes;

namespace KerasBridge;

// The Functional API side of a layer: calling it on symbolic tensors (Keras's layer(x)).
public abstract partial class Layer : IGraphOperation
{
    // Keras's merge layers, Attention, AdditiveAttention and HashedCrossing take their tensors as one list: Concatenate()([a, b]).
    private static readonly HashSet<string> MergeClasses =
        ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot", "Attention", "AdditiveAttention", "HashedCrossing"];

    /// <summary>
    /// The model this layer was last built into, which holds its weights and its trainable flag (a layer used in
    /// a new model keeps those weights, as a Keras layer shared between models does).
    /// </summary>
    internal Model? Owner { get; set; }

    List<Node> IGraphOperation.InboundNodes { get; } = [];

    bool IGraphOperation.IsFunctionalModel => ClassName == "Functional";

    JsonObject IGraphOperation.ToEntry() => ToConfig();

    (Model Model, string? LayerName)? IGraphOperation.WeightSource =>
        Owner is { IsDisposed: false } owner ? (owner, Name) : null;

    string IGraphOperation.Describe() => $"layer '{Name}' ({ClassName})";

    /// <summary>
    /// Calls the layer on a symbolic tensor, as Keras's <c>layer(x)</c>: <c>var h = Layers.Dense(10).Apply(inputs);</c>.
    /// The output shape is inferred now, and a tensor the layer cannot take is refused now.
    /// </summary>
    /// <param name="input">The tensor to call the layer on.</param>
    /// <param name="training">Keras's <c>training=</c> call argument (e.g. false to keep Dropout or BatchNormalization in inference mode); null leaves it to the model.</param>
    /// <exception cref="ArgumentException">The layer cannot take a tensor of this shape (the message names the layer and both shapes).</exception>
    public KerasTensor Apply(KerasTensor input, bool? training = null) => Single(ApplyMultiple([input], training));

    /// <summary>
    /// Calls the layer on several tensors: a merge layer (and Attention, AdditiveAttention) takes them as one list
    /// (<c>Layers.Concatenate().Apply(a, b)</c> is Keras's <c>Concatenate()([a, b])</c>); other layers take them as positional
    /// arguments (MultiHeadAttention: query, value, key).
    /// </summary>
    public KerasTensor Apply(params KerasTensor[] inputs) => Single(ApplyMultiple(inputs, training: null));

    /// <summary>
    /// Calls the layer and returns all its outputs, for layers that give several (an LSTM with <c>returnState</c>:
    /// output, hidden state, cell state).
    /// </summary>
    public IReadOnlyList<KerasTensor> ApplyMultiple(IReadOnlyList<KerasTensor> inputs, bool? training = null)
    {
        if (this is InputLayer)
        {
            throw new InvalidOperationException($"Input '{Name}' is not called on tensors: use its tensor, the result of Keras.Input(...).");
        }
        return SymbolicCall.Apply(this, inputs, MergeClasses.Contains(ClassName), training);
    }

    private KerasTensor Single(IReadOnlyList<KerasTensor> outputs) => outputs.Count == 1
        ? outputs[0]
        : throw new InvalidOperationException(
            $"Layer '{Name}' ({ClassName}) gives {outputs.Count} outputs here; use ApplyMultiple to get them all.");
}
