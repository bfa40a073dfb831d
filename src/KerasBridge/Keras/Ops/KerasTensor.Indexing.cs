using System.Text.Json.Nodes;

namespace KerasBridge;

// Slicing a symbolic tensor, as Keras's KerasTensor.__getitem__ (keras/src/backend/common/keras_tensor.py): ops.GetItem.
public sealed partial class KerasTensor
{
    /// <summary>
    /// <c>x[:, 0]</c>, <c>x[:, 1..3]</c>, <c>x[TensorIndex.Ellipsis, TensorIndex.NewAxis]</c>: Keras's <c>x[key]</c>, which
    /// records the op GetItem (keras.src.ops.numpy) with the key in the model's config; the shape follows Keras's
    /// GetItem.compute_output_spec.
    /// </summary>
    /// <exception cref="ArgumentException">The key has more indices than the tensor has axes, an index out of bounds, or two Ellipsis.</exception>
    public KerasTensor this[params TensorIndex[] key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            // A lone int is written alone (x[0]); anything else as a list (x[:, 0]), which GetItem makes a tuple: Keras's
            // GetItem takes only an int, a tuple or a list as the key, so a lone slice, None or Ellipsis goes as x[(1:3,)].
            JsonNode? written = key.Length == 1 && key[0].IsIndex ? key[0].ToJson() : new JsonArray(key.Select(k => k.ToJson()).ToArray());
            return Ops.Call("keras.src.ops.numpy", "GetItem", null, this, new OpLiteral(written));
        }
    }
}
