using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras op applied to symbolic tensors (<c>x + 3.0</c>, <c>a * b</c>: keras.src.ops.numpy Add, Multiply, ...), as the
/// graph of a Functional model holds it: an operation, not a layer. It has no weights, is not in <see cref="Model.Layers"/>
/// (Keras's <c>model.layers</c> keeps only the Layer instances of <c>model.operations</c>), and its calls may take numbers
/// besides tensors (keras/src/models/functional.py, keras/src/ops/numpy.py).
/// </summary>
internal sealed class GraphOperation : IGraphOperation
{
    private const string OpsModulePrefix = "keras.src.ops.";

    // keras.activations.relu(x) with its options records the Operation ReLU of this module (not the ReLU layer).
    private const string ActivationsModule = "keras.src.activations.activations";

    private readonly JsonObject _entry;

    public GraphOperation(JsonObject entry, string name)
    {
        _entry = (JsonObject)entry.DeepClone();
        _entry.Remove("name");
        _entry.Remove("inbound_nodes");
        Name = name;
        ClassName = entry["class_name"]?.GetValue<string>() ?? "";
    }

    /// <summary>A new op of keras.src.ops.numpy named by Keras's counter (add, add_1, ...), as <c>ops.Add()</c> names itself.</summary>
    public static GraphOperation Numpy(string className) => Create("keras.src.ops.numpy", className);

    /// <summary>
    /// A new op of <paramref name="module"/> with its constructor arguments (Keras's auto-generated get_config: the name,
    /// then each argument in signature order), named by Keras's counter from its snake-case class name.
    /// </summary>
    public static GraphOperation Create(string module, string className, JsonObject? arguments = null)
    {
        var name = LayerNames.Next(LayerNames.SnakeCase(className));
        var config = new JsonObject { ["name"] = name };
        foreach (var (key, value) in arguments ?? [])
        {
            config[key] = value?.DeepClone();
        }
        var entry = new JsonObject
        {
            ["module"] = module,
            ["class_name"] = className,
            ["config"] = config,
            ["registered_name"] = className,
        };
        return new GraphOperation(entry, name);
    }

    /// <summary>True for a graph entry that holds an op rather than a layer (its module is keras.src.ops.*, or keras.activations.relu's).</summary>
    public static bool IsOperationEntry(JsonObject entry) =>
        entry["module"] is JsonValue module && module.TryGetValue<string>(out var text)
        && (text.StartsWith(OpsModulePrefix, StringComparison.Ordinal) || text == ActivationsModule);

    public string Name { get; }

    public string ClassName { get; }

    public List<Node> InboundNodes { get; } = [];

    public bool IsFunctionalModel => false;

    public JsonObject ToEntry() => (JsonObject)_entry.DeepClone();

    public (Model Model, string? LayerName)? WeightSource => null;

    public string Describe() => $"operation '{Name}' ({ClassName})";
}
