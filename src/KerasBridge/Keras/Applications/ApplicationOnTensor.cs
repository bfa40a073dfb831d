namespace KerasBridge;

/// <summary>
/// Keras's <c>input_tensor=</c>: the application's layers are called on a tensor of the caller's graph, and the model runs
/// from the <c>Keras.Input</c>(s) that tensor comes from (keras/src/applications/*.py: <c>img_input = input_tensor</c>, then
/// <c>Functional(operation_utils.get_source_inputs(input_tensor), x)</c>). The bridge builds the application on an input of
/// that tensor's shape (weights loaded), then calls each of its layers, in the graph's order, on the caller's tensors; the
/// returned model holds the caller's layers and the application's, with the application's name and weights.
/// </summary>
internal static class ApplicationOnTensor
{
    public static Model Rebuild(Model application, KerasTensor inputTensor)
    {
        try
        {
            var mapped = new Dictionary<KerasTensor, KerasTensor> { [application.Input] = inputTensor };
            // The graph's operations: its layers and its ops (MobileNetV3's x + 3.0, ConvNeXt's inputs + x).
            var pending = application.Operations
                .Where(l => l is not InputLayer)
                .SelectMany(l => l.InboundNodes.ToList().Select(node => (Layer: l, Node: node)))
                .ToList();
            // Producers come before their consumers in Keras's layer order; the loop also copes with any other order.
            while (pending.Count > 0)
            {
                var ready = pending.Where(p => p.Node.Inputs.All(mapped.ContainsKey)).ToList();
                if (ready.Count == 0)
                {
                    throw new InvalidOperationException(
                        $"The graph of application '{application.Name}' cannot be replayed: {string.Join(", ", pending.Select(p => p.Layer.Name).Distinct())} never get their inputs.");
                }
                foreach (var (layer, node) in ready)
                {
                    var outputs = Replay(layer, node, node.Inputs.Select(t => mapped[t]).ToList());
                    for (var i = 0; i < outputs.Count; i++)
                    {
                        mapped[node.Outputs[i]] = outputs[i];
                    }
                }
                pending.RemoveAll(ready.Contains);
            }
            var sources = SourceInputs(inputTensor);
            return Functional.Build(sources, sources.Count > 1, [mapped[application.Output]], false, application.Name, application.Engine.Kind);
        }
        finally
        {
            application.Dispose();
        }
    }

    // The same call again on tensors of the same shapes (the application was built for inputTensor's shape): the node is
    // recorded with the shapes and keyword arguments it had, without asking the engine again for each of the hundreds of layers.
    private static IReadOnlyList<KerasTensor> Replay(IGraphOperation layer, Node original, List<KerasTensor> inputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].Shape.SequenceEqual(original.Inputs[i].Shape))
            {
                return SymbolicCall.Apply(layer, inputs, original.InputsAsList,
                    original.Kwargs["training"] is System.Text.Json.Nodes.JsonValue flag && flag.TryGetValue<bool>(out var b) ? b : null,
                    original.Arguments);
            }
        }
        var node = new Node(layer, inputs, original.InputsAsList, (System.Text.Json.Nodes.JsonObject)original.Kwargs.DeepClone(), original.Arguments);
        layer.InboundNodes.Add(node);
        foreach (var output in original.Outputs)
        {
            node.AddOutput(new KerasTensor(output.Shape, output.DType, output.Name, node, output.TensorIndex));
        }
        return node.Outputs;
    }

    // operation_utils.get_source_inputs: the Keras.Input tensors a tensor is computed from, in the order first reached.
    private static List<KerasTensor> SourceInputs(KerasTensor tensor)
    {
        var found = new List<KerasTensor>();
        var seen = new HashSet<Node>();
        void Visit(KerasTensor t)
        {
            if (!seen.Add(t.Node))
            {
                return;
            }
            if (t.Node.IsInput)
            {
                found.Add(t);
                return;
            }
            foreach (var parent in t.Node.Inputs)
            {
                Visit(parent);
            }
        }
        Visit(tensor);
        return found;
    }
}
