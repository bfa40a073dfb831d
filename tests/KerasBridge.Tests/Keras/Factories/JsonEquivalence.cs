using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>JSON equality as Python compares configs: objects by keys (any order), numbers by value (2 == 2.0), float32 round-offs within 1e-6.</summary>
internal static class JsonEquivalence
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                return oa.Count == ob.Count && oa.All(p => ob.ContainsKey(p.Key) && Equal(p.Value, ob[p.Key]));
            case JsonArray aa when b is JsonArray ab:
                return aa.Count == ab.Count && aa.Zip(ab).All(p => Equal(p.First, p.Second));
            case JsonValue va when b is JsonValue vb:
                if (va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
                {
                    var x = double.Parse(va.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    var y = double.Parse(vb.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    return x == y || Math.Abs(x - y) <= 1e-6 * Math.Max(Math.Abs(x), Math.Abs(y));
                }
                return JsonNode.DeepEquals(va, vb);
            default:
                return false;
        }
    }
}
