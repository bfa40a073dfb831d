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
            // One entry is written alone (x[0]), several as a list (x[:, 0]), as Python passes them.
            // A lone NewAxis goes as [None]: a null argument would read as a tensor's place (GetItem makes a list a tuple).
            JsonNode? written = key.Length == 1 && key[0].ToJson() is { } single ? single : new JsonArray(key.Select(k => k.ToJson()).ToArray());
            return Ops.Call("keras.src.ops.numpy", "GetItem", null, this, new OpLiteral(written));
        }
    }
}
