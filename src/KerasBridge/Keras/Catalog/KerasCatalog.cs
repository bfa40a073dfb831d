using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The Keras 3.15.1 API catalog embedded in the assembly (tools/trim_catalog.py writes it from the catalog made by
/// introspecting Keras): for each group (layers, losses, ...), every class that can be made from a name and a config,
/// with its constructor's parameters and defaults.
/// </summary>
internal static class KerasCatalog
{
    private static readonly Lazy<JsonObject> Root = new(() =>
    {
        using var stream = typeof(KerasCatalog).Assembly.GetManifestResourceStream("KerasBridge.keras-catalog.json")
            ?? throw new InvalidOperationException("The embedded Keras catalog (KerasBridge.keras-catalog.json) is missing from the assembly.");
        return (JsonObject)JsonNode.Parse(stream)!;
    });

    private static readonly Dictionary<string, CatalogGroup> Groups = new(StringComparer.Ordinal);

    /// <summary>The Keras version the catalog describes.</summary>
    public static string KerasVersion => Root.Value["keras_version"]!.GetValue<string>();

    /// <summary>Keras's activation function names (keras.activations).</summary>
    public static IReadOnlyList<string> Activations { get; } =
        Root.Value["activations"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    /// <summary>One group: "layers", "initializers", "regularizers", "constraints", "losses", "metrics", "optimizers", "schedules" or "callbacks".</summary>
    public static CatalogGroup Group(string name)
    {
        lock (Groups)
        {
            if (!Groups.TryGetValue(name, out var group))
            {
                group = new CatalogGroup(name, (JsonObject)Root.Value["groups"]![name]!);
                Groups[name] = group;
            }
            return group;
        }
    }
}

/// <summary>The constructible classes of one catalog group, by every name Keras exports them under.</summary>
internal sealed class CatalogGroup
{
    private readonly Dictionary<string, CatalogClass> _classes = new(StringComparer.Ordinal);

    public CatalogGroup(string name, JsonObject node)
    {
        Name = name;
        Module = node["module"]!.GetValue<string>();
        foreach (var item in (JsonArray)node["classes"]!)
        {
            var entry = new CatalogClass((JsonObject)item!, Module);
            _classes[entry.Name] = entry;
        }
    }

    /// <summary>The group's name, e.g. "layers".</summary>
    public string Name { get; }

    /// <summary>The public module Keras serializes the group's objects under, e.g. "keras.layers".</summary>
    public string Module { get; }

    /// <summary>Every exported name, aliases included (MaxPool2D as well as MaxPooling2D).</summary>
    public IEnumerable<string> Names => _classes.Keys;

    /// <summary>The canonical classes (an alias's target once).</summary>
    public IEnumerable<CatalogClass> Classes => _classes.Values.Where(c => c.Name == c.ClassName);

    public bool TryGet(string name, out CatalogClass entry) => _classes.TryGetValue(name, out entry!);

    /// <summary>The class exported under the name, or an ArgumentException listing the valid names, closest first.</summary>
    public CatalogClass Get(string name, string parameterName)
    {
        if (name is not null && _classes.TryGetValue(name, out var entry))
        {
            return entry;
        }
        throw new ArgumentException(
            $"Unknown {Module} class '{name}'. Expected one of (closest first): {string.Join(", ", Closest.Order(name ?? "", _classes.Keys))}.",
            parameterName);
    }
}

/// <summary>One class: its exported and serialized names, its parameters and its default config.</summary>
internal sealed class CatalogClass
{
    public CatalogClass(JsonObject node, string module)
    {
        Name = node["name"]!.GetValue<string>();
        ClassName = node["class_name"]!.GetValue<string>();
        Module = module;
        AcceptsKwargs = node["kwargs"]!.GetValue<bool>();
        Parameters = ((JsonArray)node["params"]!).Select(p => new CatalogParameter((JsonObject)p!)).ToArray();
        DefaultConfig = node["default_config"] as JsonObject;
    }

    /// <summary>The name it is exported under, e.g. "MaxPool2D".</summary>
    public string Name { get; }

    /// <summary>The class name Keras serializes, e.g. "MaxPooling2D".</summary>
    public string ClassName { get; }

    /// <summary>The public module, e.g. "keras.layers".</summary>
    public string Module { get; }

    /// <summary>Whether the constructor takes **kwargs (for layers: name, trainable, dtype).</summary>
    public bool AcceptsKwargs { get; }

    /// <summary>The constructor's named parameters, in order.</summary>
    public IReadOnlyList<CatalogParameter> Parameters { get; }

    /// <summary>get_config() of the class built without arguments; null where it needs some.</summary>
    public JsonObject? DefaultConfig { get; }

    public CatalogParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}

/// <summary>A constructor parameter: its name, whether it is required, its default and the default's JSON type.</summary>
internal sealed class CatalogParameter
{
    public CatalogParameter(JsonObject node)
    {
        Name = node["name"]!.GetValue<string>();
        Required = node["required"]?.GetValue<bool>() ?? false;
        Default = node["default"]?.DeepClone();
        Type = node["type"]?.GetValue<string>();
    }

    public string Name { get; }

    public bool Required { get; }

    /// <summary>The default as JSON (null for None or a required parameter).</summary>
    public JsonNode? Default { get; }

    /// <summary>"bool", "int", "float", "str" or "list" (the default's type); null when the default is None.</summary>
    public string? Type { get; }
}
