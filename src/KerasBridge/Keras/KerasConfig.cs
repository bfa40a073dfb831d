using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Builds the JSON shapes Keras 3 serializes (the same schema as config.json inside a .keras file).</summary>
internal static class KerasConfig
{
    /// <summary>{"module": ..., "class_name": ..., "config": {...}, "registered_name": null}.</summary>
    public static JsonObject Serialized(string module, string className, JsonObject config, string? registeredName = null) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = config,
        ["registered_name"] = registeredName,
    };

    /// <summary>The float32 dtype policy every layer carries.</summary>
    public static JsonObject DTypePolicy() =>
        Serialized("keras", "DTypePolicy", new JsonObject { ["name"] = "float32" });

    /// <summary>A shape as a JSON array with null for the batch dimension.</summary>
    public static JsonArray Shape(IEnumerable<int?> dims) => new(dims.Select(d => d is null ? null : (JsonNode)JsonValue.Create(d.Value)).ToArray());

    /// <summary>[a, b] as JSON.</summary>
    public static JsonArray Pair((int, int) pair) => new(JsonValue.Create(pair.Item1), JsonValue.Create(pair.Item2));
}
