using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The graph of a Functional model: its inputs, outputs and operations in Keras's order, and the Keras config
/// that describes it. Follows keras/src/ops/function.py (map_graph, _build_map: operations by decreasing depth,
/// then by first traversal) and keras/src/models/functional.py (get_config, serialize_node: node indices counted
/// among the nodes that belong to this model).
/// </summary>
internal sealed class FunctionalGraph
{
    private readonly HashSet<Node> _nodes;

    private FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, bool inputsNested, bool outputsNested,
        IReadOnlyList<IGraphOperation> operations, HashSet<Node> nodes)
    {
        Inputs = inputs;
        Outputs = outputs;
        InputsNested = inputsNested;
        OutputsNested = outputsNested;
        Operations = operations;
        _nodes = nodes;
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>The inputs were given as a list (Keras then writes a list of references, else one).</summary>
    public bool InputsNested { get; }

    public bool OutputsNested { get; }

    /// <summary>Keras's model.layers order: by decreasing depth, then by first traversal from the outputs.</summary>
    public IReadOnlyList<IGraphOperation> Operations { get; }

    /// <summary>Maps the graph between <paramref name="inputs"/> and <paramref name="outputs"/>, refusing what Keras refuses.</summary>
    public static FunctionalGraph Map(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, bool inputsNested, bool outputsNested)
    {
        CheckTensors(inputs, "inputs");
        CheckTensors(outputs, "outputs");
        foreach (var input in inputs)
        {
            if (!input.Node.IsInput)
            {
                throw new ArgumentException(
                    $"Expected inputs made by Keras.Input; tensor '{input.Name}' is the output of {input.Node.Operation.Describe()}.", "inputs");
            }
        }
        var duplicateInput = inputs.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (duplicateInput is not null)
        {
            throw new ArgumentException($"Expected each input once; input '{duplicateInput.Key.Name}' is given {duplicateInput.Count()} times.", "inputs");
        }

        // _build_map: depth-first from each output, nodes in the order they finish (inputs first).
        var finished = new HashSet<Node>();
        var ordered = new List<Node>();
        var firstSeen = new Dictionary<IGraphOperation, int>();
        var missing = new List<KerasTensor>();
        var given = new HashSet<KerasTensor>(inputs);
        void Visit(KerasTensor tensor)
        {
            var node = tensor.Node;
            if (finished.Contains(node))
            {
                return;
            }
            if (node.IsInput && !given.Contains(tensor))
            {
                missing.Add(tensor);
            }
            firstSeen.TryAdd(node.Operation, firstSeen.Count);
            foreach (var parent in node.Inputs)
            {
                Visit(parent);
            }
            finished.Add(node);
            ordered.Add(node);
        }
        foreach (var output in outputs)
        {
            Visit(output);
        }
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Expected the outputs to be computable from the inputs [{string.Join(", ", inputs.Select(t => t.Name))}]; " +
                $"they also need input {string.Join(", ", missing.Distinct().Select(t => $"'{t.Name}' (shape ({Model.FormatShape(t.Shape)}))"))}, " +
                "which is not among them. Pass it in inputs, or build the outputs from the given inputs only.",
                "outputs");
        }

        // map_graph: a node's depth is the longest path to an output; an operation takes its deepest node's.
        var nodeDepth = new Dictionary<Node, int>();
        var operationDepth = new Dictionary<IGraphOperation, int>();
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var node = ordered[i];
            var depth = nodeDepth.TryGetValue(node, out var d) ? d : 0;
            depth = Math.Max(depth, operationDepth.TryGetValue(node.Operation, out var od) ? od : 0);
            operationDepth[node.Operation] = depth;
            nodeDepth[node] = depth;
            foreach (var parent in node.Inputs.Select(t => t.Node))
            {
                nodeDepth[parent] = Math.Max(depth + 1, nodeDepth.TryGetValue(parent, out var pd) ? pd : 0);
            }
        }
        // Inputs not connected to any output still belong to the model (Keras keeps them for losses and metrics).
        foreach (var input in inputs)
        {
            if (!operationDepth.ContainsKey(input.Node.Operation))
            {
                operationDepth[input.Node.Operation] = 0;
                firstSeen[input.Node.Operation] = -1;
                nodeDepth[input.Node] = 0;
            }
        }
        var operations = operationDepth
            .GroupBy(p => p.Value)
            .OrderByDescending(g => g.Key)
            .SelectMany(g => g.Select(p => p.Key).OrderBy(op => firstSeen[op]))
            .ToList();

        var duplicateName = operations.GroupBy(op => op.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null)
        {
            throw new ArgumentException(
                $"Expected unique layer names in a model; '{duplicateName.Key}' is used by {duplicateName.Count()} layers " +
                $"({string.Join(", ", duplicateName.Select(op => op.Describe()))}). Give them different names.",
                "outputs");
        }
        return new FunctionalGraph(inputs, outputs, inputsNested, outputsNested, operations, [.. nodeDepth.Keys]);
    }

    private static void CheckTensors(IReadOnlyList<KerasTensor> tensors, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(tensors, parameterName);
        if (tensors.Count == 0)
        {
            throw new ArgumentException($"Expected at least one tensor in {parameterName}; got none.", parameterName);
        }
        for (var i = 0; i < tensors.Count; i++)
        {
            if (tensors[i] is null)
            {
                throw new ArgumentException($"Expected {parameterName} without null entries; entry {i} is null.", parameterName);
            }
        }
    }

    /// <summary>The Functional config Keras's get_config writes for this graph.</summary>
    public JsonObject ToConfig(string name, bool trainable = true)
    {
        var layers = new JsonArray();
        foreach (var operation in Operations)
        {
            var entry = operation.ToEntry();
            entry["name"] = operation.Name;
            entry["inbound_nodes"] = new JsonArray(operation.InboundNodes
                .Where(n => _nodes.Contains(n) && n.Inputs.Count > 0)
                .Select(n => (JsonNode)SerializeNode(n)).ToArray());
            layers.Add(entry);
        }
        return new JsonObject
        {
            ["module"] = "keras.src.models.functional",
            ["class_name"] = "Functional",
            ["config"] = new JsonObject
            {
                ["name"] = name,
                ["trainable"] = trainable,
                ["layers"] = layers,
                ["input_layers"] = References(Inputs, InputsNested),
                ["output_layers"] = References(Outputs, OutputsNested),
            },
            ["registered_name"] = "Functional",
            ["build_config"] = new JsonObject { ["input_shape"] = null },
        };
    }

    private JsonObject SerializeNode(Node node)
    {
        var tensors = node.Inputs.Select(t => (JsonNode)SerializeTensor(t)).ToArray();
        if (node.Arguments is { } arguments)
        {
            // An op's numbers stay where they were among its tensors (x + 3.0 and 3.0 + x differ for Subtract).
            var next = 0;
            tensors = arguments.Select(a => a is null ? tensors[next++] : a.DeepClone()).ToArray();
        }
        var args = node.InputsAsList ? new JsonArray(new JsonArray(tensors)) : new JsonArray(tensors);
        return new JsonObject { ["args"] = args, ["kwargs"] = node.Kwargs.DeepClone() };
    }

    // serialize_node: the producer's node index counted among its nodes that belong to this model.
    private JsonObject SerializeTensor(KerasTensor tensor)
    {
        var nodes = tensor.Node.Operation.InboundNodes;
        var index = nodes.IndexOf(tensor.Node);
        var foreign = nodes.Take(index).Count(n => !_nodes.Contains(n));
        return new JsonObject
        {
            ["class_name"] = "__keras_tensor__",
            ["config"] = new JsonObject
            {
                ["shape"] = KerasConfig.Shape(tensor.Shape),
                ["dtype"] = tensor.DType,
                ["keras_history"] = new JsonArray(tensor.Node.Operation.Name, index - foreign, tensor.TensorIndex),
            },
        };
    }

    // get_config's node_reindexing_map: a Functional model's own first node counts, so its calls start at 1.
    private JsonNode References(IReadOnlyList<KerasTensor> tensors, bool nested)
    {
        JsonArray Reference(KerasTensor tensor)
        {
            var operation = tensor.Node.Operation;
            var kept = operation.IsFunctionalModel ? 1 : 0;
            var index = kept + operation.InboundNodes.TakeWhile(n => n != tensor.Node).Count(n => _nodes.Contains(n));
            return new JsonArray(operation.Name, index, tensor.TensorIndex);
        }
        return nested ? new JsonArray(tensors.Select(t => (JsonNode)Reference(t)).ToArray()) : Reference(tensors[0]);
    }
}
