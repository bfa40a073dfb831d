using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Writes the JSON that crosses to Python. System.Text.Json writes the double 0.0 as <c>0</c>, which
/// Python's json reads as an int; Keras checks some options' types (SGD's momentum must be a float), so
/// every C# double is written with a decimal point (<c>0.0</c>, <c>1e-07</c> stays as it is).
/// </summary>
internal static class KerasJson
{
    /// <summary>The node as compact JSON, doubles and floats always as JSON floats.</summary>
    public static string Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<double>(out var d) && IsFloating(value):
                writer.WriteRawValue(FloatLiteral(d, d.ToString("R", CultureInfo.InvariantCulture)), skipInputValidation: true);
                break;
            case JsonValue value when value.TryGetValue<float>(out var f) && IsFloating(value):
                writer.WriteRawValue(FloatLiteral(f, f.ToString("R", CultureInfo.InvariantCulture)), skipInputValidation: true);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    // A value made from a C# double or float (not one parsed from JSON text, which keeps its own spelling).
    private static bool IsFloating(JsonValue value) => value.GetValue<object>() is double or float;

    /// <summary>Python's repr of a float: shortest round trip, with ".0" when it would read as an int.</summary>
    internal static string FloatLiteral(double value, string roundTrip)
    {
        if (!double.IsFinite(value))
        {
            // Non-finite numbers cross as strings, as dotnet_api.py documents.
            return value is double.NaN ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        var text = roundTrip;
        return text.Contains('.') || text.Contains('E') || text.Contains('e') ? text : text + ".0";
    }
}
