using System.Text.Json.Nodes;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Writes the Functional config Keras serializes for a one-input graph (keras/src/models/functional.py), so layers that
/// take several tensors (merging layers, MultiHeadAttention) can be tested before the C# Functional API exists.
/// </summary>
internal sealed class FunctionalConfig
{
    private readonly JsonArray _layers = [];
    private readonly Dictionary<string, int?[]> _shapes = [];
    private readonly string _input;

    public FunctionalConfig(int[] inputShape, string inputName)
    {
        _input = inputName;
        var shape = new int?[] { null }.Concat(inputShape.Select(d => (int?)d)).ToArray();
        _shapes[inputName] = shape;
        _layers.Add(new JsonObject
        {
            ["module"] = "keras.layers",
            ["class_name"] = "InputLayer",
            ["config"] = new JsonObject
            {
                ["batch_shape"] = Shape(shape), ["dtype"] = "float32", ["sparse"] = false, ["ragged"] = false, ["name"] = inputName, ["optional"] = false,
            },
            ["registered_name"] = null,
            ["name"] = inputName,
            ["inbound_nodes"] = new JsonArray(),
        });
    }

    /// <summary>Calls the layer on the named tensors: one positional argument each, or (grouped) one list of them, as merging layers take.</summary>
    public FunctionalConfig Call(Layer layer, int?[] outputShape, bool grouped, params string[] inputs)
    {
        var serialized = layer.ToConfig();
        var tensors = inputs.Select(i => (JsonNode)Tensor(i)).ToArray();
        JsonArray args = grouped ? [new JsonArray(tensors)] : new JsonArray(tensors);
        serialized["name"] = layer.Name;
        serialized["inbound_nodes"] = new JsonArray(new JsonObject { ["args"] = args, ["kwargs"] = new JsonObject() });
        _layers.Add(serialized);
        _shapes[layer.Name] = outputShape;
        return this;
    }

    public string ToJson(string output, string name) => KerasBridge.KerasJson.Serialize(new JsonObject
    {
        ["module"] = "keras.src.models.functional",
        ["class_name"] = "Functional",
        ["config"] = new JsonObject
        {
            ["name"] = name,
            ["trainable"] = true,
            ["layers"] = _layers.DeepClone(),
            ["input_layers"] = new JsonArray(_input, 0, 0),
            ["output_layers"] = new JsonArray(output, 0, 0),
        },
        ["registered_name"] = "Functional",
    });

    private JsonObject Tensor(string layer) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject { ["shape"] = Shape(_shapes[layer]), ["dtype"] = "float32", ["keras_history"] = new JsonArray(layer, 0, 0) },
    };

    private static JsonArray Shape(int?[] shape) => new(shape.Select(d => d is null ? null : (JsonNode)JsonValue.Create(d.Value)).ToArray());
}
