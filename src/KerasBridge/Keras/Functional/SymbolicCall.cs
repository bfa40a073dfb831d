using System.Runtime.CompilerServices;

using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Records calls of layers and models on symbolic tensors. The output shapes come from the bridge's Python side
/// (kerasbridge/symbolic.py: the engines' shape rules, or Keras's own for layers the bridge does not know), so a
/// layer refuses a tensor at Apply as Keras refuses it at <c>layer(x)</c>.
/// </summary>
internal static class SymbolicCall
{
    // The variable shapes a layer got at its first call: a later call must fit the same weights.
    private static readonly ConditionalWeakTable<IGraphOperation, string> FirstVariables = new();

    public static KerasTensor InputTensor(InputLayer input)
    {
        var node = new Node(input, [], false, []);
        ((IGraphOperation)input).InboundNodes.Add(node);
        var tensor = new KerasTensor([null, .. input.SampleShape], input.DType, input.Name, node, 0);
        node.AddOutput(tensor);
        return tensor;
    }

    /// <param name="operation">The layer, model or op called.</param>
    /// <param name="inputs">The tensors it is called on.</param>
    /// <param name="asList">A merge layer takes the tensors as one list.</param>
    /// <param name="training">The call's training= argument, if given.</param>
    /// <param name="arguments">An op's arguments when some are numbers or keys: null where the next tensor goes (see <see cref="Node.Arguments"/>).</param>
    /// <param name="callKwargs">An op's own call keywords (ops.pad's constant_values) or a layer's call flags (use_causal_mask), kept in its node as Keras records them.</param>
    public static IReadOnlyList<KerasTensor> Apply(IGraphOperation operation, IReadOnlyList<KerasTensor> inputs, bool asList, bool? training,
        IReadOnlyList<JsonNode?>? arguments = null, JsonObject? callKwargs = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException($"Expected at least one tensor to call {operation.Describe()} on; got none.", nameof(inputs));
        }
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Expected tensors without null entries to call {operation.Describe()} on; tensor {i} is null.", nameof(inputs));
            }
        }
        var shapes = inputs.Select(t => (JsonNode)KerasConfig.Shape(t.Shape)).ToArray();
        if (arguments is not null)
        {
            // A number's shape is () (keras/src/ops/numpy.py: getattr(x, "shape", [])).
            var next = 0;
            shapes = arguments.Select(a => a is null ? shapes[next++] : new JsonArray()).ToArray();
        }
        var request = new JsonObject
        {
            ["shapes"] = new JsonArray(shapes),
            ["as_list"] = asList,
        };
        if (arguments is not null)
        {
            // The op's numbers and keys themselves: a shape rule may read them (x[:, 0] drops an axis).
            request["arguments"] = new JsonArray(arguments.Select(a => a?.DeepClone()).ToArray());
        }
        if (operation is Layer && callKwargs is { Count: > 0 })
        {
            // A layer's call flags (Attention's return_attention_scores) may change its outputs.
            request["call_flags"] = callKwargs.DeepClone();
        }
        if (operation is GraphOperation)
        {
            // An op's output dtype follows its inputs' (Keras's result_type): bool after a comparison, int32 after argmax.
            request["dtypes"] = new JsonArray(inputs.Select(t => (JsonNode)JsonValue.Create(t.DType)).ToArray());
        }
        var entry = KerasJson.Serialize(operation.ToEntry());
        var answer = PythonRuntime.Run(() =>
        {
            using var e = new PyString(entry);
            using var r = new PyString(request.ToJsonString());
            return PythonFunctions.Api("output_shapes").Invoke(e, r).As<string>();
        });
        var result = JsonNode.Parse(answer)!.AsObject();
        CheckSameWeights(operation, inputs, result["variables"]!.ToJsonString());

        var kwargs = new JsonObject();
        if (training is { } flag)
        {
            kwargs["training"] = flag;
        }
        foreach (var (key, value) in callKwargs ?? [])
        {
            kwargs[key] = value?.DeepClone();
        }
        foreach (var (key, value) in result["kwargs"]!.AsObject())
        {
            kwargs[key] = value?.DeepClone(); // mask=None where Keras records it
        }
        var node = new Node(operation, [.. inputs], asList, kwargs, arguments);
        operation.InboundNodes.Add(node);
        var outputShapes = result["outputs"]!.AsArray();
        for (var i = 0; i < outputShapes.Count; i++)
        {
            var shape = outputShapes[i]!.AsArray().Select(d => d is null ? (int?)null : d.GetValue<int>()).ToList();
            var name = outputShapes.Count == 1 ? operation.Name : $"{operation.Name}_{i}";
            var dtype = result["dtypes"] is JsonArray dtypes ? dtypes[i]!.GetValue<string>() : "float32";
            node.AddOutput(new KerasTensor(shape, dtype, name, node, i));
        }
        return node.Outputs;
    }

    private static void CheckSameWeights(IGraphOperation operation, IReadOnlyList<KerasTensor> inputs, string variables)
    {
        if (operation.InboundNodes.Count == 0 || !FirstVariables.TryGetValue(operation, out var first))
        {
            FirstVariables.AddOrUpdate(operation, variables);
            return;
        }
        if (first != variables)
        {
            var built = operation.InboundNodes[0].Inputs.Select(t => $"({Model.FormatShape(t.Shape)})");
            var given = inputs.Select(t => $"({Model.FormatShape(t.Shape)})");
            throw new ArgumentException(
                $"Expected {operation.Describe()} to be applied to tensors of the shape its first call built its weights for, " +
                $"{string.Join(", ", built)}; got {string.Join(", ", given)}, which would need other weights.",
                nameof(inputs));
        }
    }

}
