using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The symbolic graph of a model the engine built (loaded from a file, made from a config, or a Sequential):
/// its layers as <see cref="Layer"/> objects bound to the model, and its inputs and outputs as tensors, read from
/// the model's Keras config as keras/src/models/functional.py (functional_from_config) reads it.
/// </summary>
internal static class ModelGraphReader
{
    public sealed record Result(IReadOnlyList<Layer> Layers, FunctionalGraph? Graph);

    /// <param name="model">The model the layers belong to (their weights and trainable flags live there).</param>
    /// <param name="config">The model's config, as <see cref="Model.ToJson"/> gives it.</param>
    /// <param name="known">Layer objects the model was built from, reused by name so they stay the user's objects.</param>
    public static Result Read(Model model, JsonObject config, IReadOnlyDictionary<string, Layer>? known)
    {
        var inner = config["config"] as JsonObject
            ?? throw new InvalidOperationException($"Model '{model.Name}' has a config without 'config'.");
        var entries = inner["layers"] as JsonArray ?? [];
        Layer Make(JsonObject entry)
        {
            var className = entry["class_name"]?.GetValue<string>() ?? "";
            var layerConfig = entry["config"] as JsonObject ?? [];
            var name = entry["name"]?.GetValue<string>() ?? layerConfig["name"]?.GetValue<string>() ?? "";
            Layer layer = known is not null && known.TryGetValue(name, out var existing)
                ? existing
                : className == "InputLayer" ? MakeInput(layerConfig, name) : new ConfiguredLayer(entry);
            if (layer is not InputLayer)
            {
                layer.Owner = model;
            }
            return layer;
        }

        if (config["class_name"]?.GetValue<string>() == "Sequential")
        {
            var layers = entries.OfType<JsonObject>().Select(Make).ToList();
            var input = layers.OfType<InputLayer>().FirstOrDefault();
            var body = layers.Where(l => l is not InputLayer).ToList();
            if (input is null && ReadShape(inner["build_input_shape"]) is { } shape)
            {
                input = new InputLayer(shape.Skip(1).ToList(), null);
            }
            if (input is null)
            {
                return new Result(body, null);
            }
            var x = input.Output;
            foreach (var layer in body)
            {
                x = layer.Apply(x);
            }
            return new Result(body, FunctionalGraph.Map([input.Output], [x], inputsNested: false, outputsNested: false));
        }
        return ReadFunctional(inner, entries.OfType<JsonObject>().ToList(), Make);
    }

    private static Result ReadFunctional(JsonObject inner, List<JsonObject> entries, Func<JsonObject, Layer> make)
    {
        // An op (x + 3.0) is an operation of the graph, not one of model.layers.
        var operations = entries.Select(e => GraphOperation.IsOperationEntry(e)
            ? new GraphOperation(e, e["name"]?.GetValue<string>() ?? e["config"]?["name"]?.GetValue<string>() ?? "")
            : (IGraphOperation)make(e)).ToList();
        var layers = operations.OfType<Layer>().ToList();
        var byName = operations.ToDictionary(l => l.Name);
        var tensors = new Dictionary<(string Layer, int Node, int Tensor), KerasTensor>();
        foreach (var input in layers.OfType<InputLayer>())
        {
            tensors[(input.Name, 0, 0)] = input.Output;
        }
        // Each layer's nodes in order; a node runs once all its tensors exist (Keras's unprocessed-node queue).
        var pending = entries.Select((e, i) => (Layer: operations[i], Nodes: new Queue<JsonNode?>((e["inbound_nodes"] as JsonArray ?? []).ToList())))
            .Where(p => p.Layer is not InputLayer && p.Nodes.Count > 0).ToList();
        var progress = true;
        while (pending.Any(p => p.Nodes.Count > 0) && progress)
        {
            progress = false;
            foreach (var (layer, nodes) in pending)
            {
                while (nodes.Count > 0 && TryCall(layer, nodes.Peek(), tensors))
                {
                    nodes.Dequeue();
                    progress = true;
                }
            }
        }
        if (!progress)
        {
            var stuck = pending.Where(p => p.Nodes.Count > 0).Select(p => p.Layer.Name);
            throw new InvalidOperationException($"The model's graph cannot be read: the calls of {string.Join(", ", stuck)} never get their inputs.");
        }
        (List<KerasTensor> List, bool Nested) References(JsonNode? node)
        {
            if (node is JsonArray array && array.Count == 3 && array[0] is JsonValue v && v.TryGetValue<string>(out _))
            {
                return ([Lookup(array)], false);
            }
            return ((node as JsonArray ?? []).OfType<JsonArray>().Select(Lookup).ToList(), true);
        }
        KerasTensor Lookup(JsonArray reference)
        {
            var name = reference[0]!.GetValue<string>();
            var nodeIndex = reference[1]!.GetValue<int>();
            if (byName.TryGetValue(name, out var layer) && layer.ClassName == "Functional")
            {
                nodeIndex -= 1; // a Functional model's own first node is not among its calls here
            }
            return tensors[(name, nodeIndex, reference[2]!.GetValue<int>())];
        }
        var (inputs, inputsNested) = References(inner["input_layers"]);
        var (outputs, outputsNested) = References(inner["output_layers"]);
        return new Result(layers, FunctionalGraph.Map(inputs, outputs, inputsNested, outputsNested));
    }

    private static bool TryCall(IGraphOperation layer, JsonNode? nodeData, Dictionary<(string, int, int), KerasTensor> tensors)
    {
        var (references, asList, kwargs, arguments) = ParseNode(nodeData, layer is GraphOperation);
        var inputs = new List<KerasTensor>();
        foreach (var (name, node, tensor) in references)
        {
            if (!tensors.TryGetValue((name, node, tensor), out var t))
            {
                return false;
            }
            inputs.Add(t);
        }
        bool? training = kwargs["training"] is JsonValue flag && flag.TryGetValue<bool>(out var b) ? b : null;
        // An op's other call keywords (ops.pad's constant_values) stay in its node.
        var callKwargs = layer is GraphOperation
            ? new JsonObject(kwargs.Where(k => k.Key != "training").Select(k => KeyValuePair.Create(k.Key, k.Value?.DeepClone())))
            : null;
        var outputs = SymbolicCall.Apply(layer, inputs, asList, training, arguments, callKwargs);
        var index = layer.InboundNodes.Count - 1;
        for (var i = 0; i < outputs.Count; i++)
        {
            tensors[(layer.Name, index, i)] = outputs[i];
        }
        return true;
    }

    // Keras 3 nodes: {"args": [...], "kwargs": {...}} with __keras_tensor__ objects; Keras 2: [[name, node, tensor, kwargs], ...].
    // An op's numbers and keys are kept in place (Arguments: null where a tensor goes) when it has any.
    private static (List<(string, int, int)> References, bool AsList, JsonObject Kwargs, List<JsonNode?>? Arguments) ParseNode(
        JsonNode? data, bool operation)
    {
        var references = new List<(string, int, int)>();
        if (data is JsonArray legacy)
        {
            var kwargs = new JsonObject();
            foreach (var item in legacy.OfType<JsonArray>())
            {
                references.Add((item[0]!.GetValue<string>(), item[1]!.GetValue<int>(), item[2]!.GetValue<int>()));
                if (item.Count > 3 && item[3] is JsonObject k)
                {
                    kwargs = k;
                }
            }
            return (references, references.Count > 1, kwargs, null);
        }
        var node = data as JsonObject ?? [];
        var args = node["args"] as JsonArray ?? [];
        var asList = args.Count == 1 && args[0] is JsonArray;
        var arguments = new List<JsonNode?>();
        foreach (var arg in asList ? args[0]!.AsArray() : args)
        {
            if (arg is JsonObject { } tensor && tensor["config"]?["keras_history"] is JsonArray history)
            {
                references.Add((history[0]!.GetValue<string>(), history[1]!.GetValue<int>(), history[2]!.GetValue<int>()));
                arguments.Add(null);
            }
            else if (operation && arg is not null)
            {
                arguments.Add(arg.DeepClone()); // a number, or a key of x[...] (ints, __slice__, __ellipsis__, lists)
            }
        }
        return (references, asList, node["kwargs"] as JsonObject ?? [], arguments.Any(a => a is not null) ? arguments : null);
    }

    private static InputLayer MakeInput(JsonObject config, string name)
    {
        var shape = ReadShape(config["batch_shape"] ?? config["batch_input_shape"])
            ?? throw new InvalidOperationException($"Input '{name}' has no batch_shape in the model's config.");
        var dtype = config["dtype"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : "float32";
        return new InputLayer(shape.Skip(1).ToList(), name, dtype);
    }

    private static List<int?>? ReadShape(JsonNode? node) => node is JsonArray array
        ? array.Select(d => d is null ? (int?)null : d.GetValue<int>()).ToList()
        : null;
}
