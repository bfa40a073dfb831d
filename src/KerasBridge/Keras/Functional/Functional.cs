namespace KerasBridge;

/// <summary>Builds a Functional model on an engine from a graph of symbolic tensors.</summary>
internal static class Functional
{
    public static Model Build(IReadOnlyList<KerasTensor> inputs, bool inputsNested, IReadOnlyList<KerasTensor> outputs, bool outputsNested,
        string? name, EngineKind engine)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a non-empty model name or null; got '{name}'.", nameof(name));
        }
        var graph = FunctionalGraph.Map(inputs, outputs, inputsNested, outputsNested);
        var modelName = name ?? LayerNames.Next("functional");
        // The weight sources are read before the new model exists: its layers become bound to it.
        var copies = graph.Operations
            .Select(op => (op.Name, Source: op.WeightSource))
            .Where(c => c.Source is not null)
            .Select(c => (c.Name, c.Source!.Value.Model, c.Source.Value.LayerName))
            .ToList();
        var model = Models.FromConfig(KerasJson.Serialize(graph.ToConfig(modelName)), engine);
        try
        {
            model.CopyWeightsFrom(copies);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        // Ops (x + 3.0) are operations of the graph, not layers (Keras's model.layers leaves them out).
        var layers = graph.Operations.Where(op => op is not GraphOperation).Select(op => op as Layer ?? BoundView(op, model)).ToList();
        model.BuiltFrom(layers, graph);
        return model;
    }

    // A model used as a layer appears in model.Layers as a layer bound to the new model.
    private static Layer BoundView(IGraphOperation operation, Model owner)
    {
        var entry = operation.ToEntry();
        entry["name"] = operation.Name;
        return new ConfiguredLayer(entry);
    }
}
