using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Turns the arguments given to a <c>Create</c> factory (an anonymous object or a dictionary, keyed by Keras's
/// parameter names) into the config Keras's constructor takes, checked against the catalog: every name a parameter
/// of the class, every required one given, and each value of the type the parameter's default has.
/// </summary>
internal static class CatalogArguments
{
    // Keras's base Layer takes these through **kwargs (keras/src/layers/layer.py).
    internal static readonly string[] LayerKwargs = ["name", "trainable", "dtype", "activity_regularizer"];

    /// <summary>The checked config: the given arguments only, as JSON (Keras fills in the rest from its defaults).</summary>
    public static JsonObject Check(CatalogClass entry, object? arguments, string parameterName)
    {
        var given = Read(arguments, parameterName);
        var valid = entry.Parameters.Select(p => p.Name).ToList();
        if (entry.AcceptsKwargs && entry.Module == "keras.layers")
        {
            valid.AddRange(LayerKwargs.Where(k => !valid.Contains(k)));
        }
        var config = new JsonObject();
        foreach (var (key, value) in given)
        {
            if (!valid.Contains(key))
            {
                var hint = Closest.Suggestion(key, valid) is { } near ? $" Did you mean '{near}'?" : "";
                throw new ArgumentException(
                    $"Unknown parameter '{key}' for {entry.Module}.{entry.Name}.{hint} Expected one of: {string.Join(", ", valid)}.", parameterName);
            }
            var node = ToNode(value, $"{entry.Name}.{key}", parameterName);
            if (entry.Parameter(key) is { } parameter)
            {
                node = CheckType(parameter, node, entry, parameterName);
            }
            config[key] = node;
        }
        var missing = entry.Parameters.Where(p => p.Required && !given.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Missing required parameter{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} for {entry.Module}.{entry.Name}; got {Describe(given.Keys)}.",
                parameterName);
        }
        return config;
    }

    /// <summary>The catalog's default config with the checked arguments over it (for objects Keras serializes in full).</summary>
    public static JsonObject WithDefaults(CatalogClass entry, JsonObject given)
    {
        var config = entry.DefaultConfig is { } defaults ? (JsonObject)defaults.DeepClone() : [];
        foreach (var (key, value) in given)
        {
            config[key] = value?.DeepClone();
        }
        return config;
    }

    private static string Describe(IEnumerable<string> keys) => keys.Any() ? string.Join(", ", keys) : "no arguments";

    private static Dictionary<string, object?> Read(object? arguments, string parameterName)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        switch (arguments)
        {
            case null:
                break;
            case IReadOnlyDictionary<string, object?> dictionary:
                foreach (var (key, value) in dictionary)
                {
                    result[key] = value;
                }
                break;
            case IDictionary<string, object?> dictionary:
                foreach (var (key, value) in dictionary)
                {
                    result[key] = value;
                }
                break;
            case JsonObject json:
                foreach (var (key, value) in json)
                {
                    result[key] = value;
                }
                break;
            default:
                var type = arguments.GetType();
                if (type.IsPrimitive || arguments is string or IEnumerable)
                {
                    throw new ArgumentException(
                        $"Expected the arguments as an anonymous object (new {{ filters = 4 }}) or an IReadOnlyDictionary<string, object?>; got {type.Name}.",
                        parameterName);
                }
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    result[property.Name] = property.GetValue(arguments);
                }
                break;
        }
        return result;
    }

    /// <summary>A C# value as the JSON Keras's config holds: KerasBridge objects serialized, tuples and lists as arrays.</summary>
    internal static JsonNode? ToNode(object? value, string what, string parameterName) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        int or long or short or byte or sbyte or uint or ushort => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create((double)m),
        Padding p => JsonValue.Create(p.ToString().ToLowerInvariant()),
        Activation a => JsonValue.Create(a.Name),
        Initializer i => i.ToConfig(),
        Regularizer r => r.ToConfig(),
        Constraint c => c.ToConfig(),
        Layer l => l.ToConfig(),
        LearningRateSchedule s => s.ToConfig(),
        LearningRate r => r.ToNode(parameterName),
        Loss l => l.ToConfig(),
        Metric m => m.ToConfig(),
        ITuple tuple => new JsonArray(Enumerable.Range(0, tuple.Length).Select(i => ToNode(tuple[i], what, parameterName)).ToArray()),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(v => ToNode(v, what, parameterName)).ToArray()),
        _ => throw new ArgumentException(
            $"Expected {what} to be a number, bool, string, tuple, list or KerasBridge object (Initializer, Regularizer, ...); got {value.GetType().Name}.",
            parameterName),
    };

    private static JsonNode? CheckType(CatalogParameter parameter, JsonNode? node, CatalogClass entry, string parameterName)
    {
        if (node is null || parameter.Type is null)
        {
            return node;
        }
        var kind = node.GetValueKind();
        var ok = parameter.Type switch
        {
            "bool" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "int" => kind is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.Array,
            "float" => kind is System.Text.Json.JsonValueKind.Number,
            // A string default also takes a serialized object (an Initializer for "glorot_uniform", ...).
            "str" => kind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Object,
            "list" => kind is System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.Number,
            _ => true,
        };
        if (!ok)
        {
            var expected = parameter.Type switch
            {
                "bool" => "a bool",
                "int" => "an integer (or a list of them)",
                "float" => "a number",
                "str" => "a string (or a KerasBridge object)",
                _ => "a list (or one integer)",
            };
            throw new ArgumentException(
                $"Expected {entry.Module}.{entry.Name}'s {parameter.Name} to be {expected} (its default is {parameter.Default?.ToJsonString() ?? "None"}); got {node.ToJsonString()}.",
                parameterName);
        }
        // Keras checks some floats' types (SGD's momentum must be a float): an integer given for a float default crosses as a float.
        if (parameter.Type == "float" && node is JsonValue v && v.TryGetValue<long>(out var integer))
        {
            return JsonValue.Create((double)integer);
        }
        return node;
    }
}
