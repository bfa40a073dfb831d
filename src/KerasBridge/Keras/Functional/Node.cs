using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// One call of a layer or model on symbolic tensors (Keras's <c>Node</c>): the tensors it took, how it took them
/// (one list for merge layers, else positional arguments), its keyword arguments and the tensors it made.
/// </summary>
internal sealed class Node
{
    private readonly List<KerasTensor> _outputs = [];

    public Node(IGraphOperation operation, IReadOnlyList<KerasTensor> inputs, bool inputsAsList, JsonObject kwargs,
        IReadOnlyList<JsonNode?>? arguments = null)
    {
        Operation = operation;
        Inputs = inputs;
        InputsAsList = inputsAsList;
        Kwargs = kwargs;
        Arguments = arguments;
    }

    public IGraphOperation Operation { get; }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public bool InputsAsList { get; }

    public JsonObject Kwargs { get; }

    /// <summary>
    /// An op's positional arguments when some are numbers (<c>x + 3.0</c>): null where the next of <see cref="Inputs"/> goes,
    /// else the number; null when the arguments are just the tensors.
    /// </summary>
    public IReadOnlyList<JsonNode?>? Arguments { get; }

    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>True for the node an InputLayer makes when it is created.</summary>
    public bool IsInput => Operation is InputLayer;

    public void AddOutput(KerasTensor tensor) => _outputs.Add(tensor);
}

/// <summary>What a node can call: a layer, or a whole model used as a layer.</summary>
internal interface IGraphOperation
{
    /// <summary>The name the model's config refers to it by.</summary>
    string Name { get; }

    /// <summary>Keras's class name (a model: "Sequential" or "Functional").</summary>
    string ClassName { get; }

    /// <summary>Its calls, in order (Keras's <c>_inbound_nodes</c>).</summary>
    List<Node> InboundNodes { get; }

    /// <summary>A Functional model starts with a node of its own, so its outside calls count from 1 in output_layers.</summary>
    bool IsFunctionalModel { get; }

    /// <summary>Its serialized form, as a layer entry of a Functional config (without name and inbound_nodes).</summary>
    JsonObject ToEntry();

    /// <summary>A model whose layer (by name; null: the whole model) holds the weights this operation must keep, if any.</summary>
    (Model Model, string? LayerName)? WeightSource { get; }

    /// <summary>"layer 'dense' (Dense)" for messages.</summary>
    string Describe();
}
