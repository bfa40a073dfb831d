using System.Text.Json.Nodes;

namespace KerasBridge;

// model.dtype (the rest of Model is in Model.cs).
public sealed partial class Model
{
    /// <summary>
    /// Keras's <c>model.dtype</c>: the dtype of the model's variables under its dtype policy ("float32"; "float32" too
    /// for the mixed_float16 / mixed_bfloat16 policies, which compute in 16 bits but keep float32 variables).
    /// </summary>
    public string Dtype
    {
        get
        {
            var dtype = JsonNode.Parse(ToJson())?["config"]?["dtype"];
            var name = dtype switch
            {
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                JsonObject policy => policy["config"]?["name"]?.GetValue<string>(),
                _ => null,
            };
            // DTypePolicy.variable_dtype: a mixed policy keeps float32 variables.
            return name is null or "mixed_float16" or "mixed_bfloat16" ? "float32" : name;
        }
    }
}
