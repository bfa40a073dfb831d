using System.Text.Json.Nodes;

namespace KerasBridge;

// keras/src/ops/nn.py OneHot and Normalize (the activations are in Ops.cs).
public static partial class Ops
{
    /// <summary>
    /// <c>ops.one_hot(x, num_classes, axis, dtype)</c>: integer class ids as one-hot vectors along a new axis (a value outside
    /// [0, num_classes) gives zeros). <paramref name="dtype"/> null is Keras's floatx, float32, as Keras writes it. Keras's
    /// <c>sparse=True</c> is not offered: the torch backend refuses it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is below 1.</exception>
    public static KerasTensor OneHot(KerasTensor x, int numClasses, int axis = -1, string? dtype = null)
    {
        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"Expected a number of classes >= 1 for OneHot; got {numClasses}.");
        }
        // keras.ops.one_hot standardizes dtype=None to floatx before recording the op.
        var config = new JsonObject { ["num_classes"] = numClasses, ["axis"] = axis, ["dtype"] = dtype ?? "float32", ["sparse"] = false };
        return Unary(Nn, "OneHot", x, config);
    }

    /// <summary>
    /// <c>ops.normalize(x, axis, order, epsilon)</c>: x / max(norm(x), epsilon) along an axis, the norm of order
    /// <paramref name="order"/>; <paramref name="epsilon"/> null is Keras's epsilon, 1e-7.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is below 1, or <paramref name="epsilon"/> is not finite.</exception>
    public static KerasTensor Normalize(KerasTensor x, int axis = -1, int order = 2, double? epsilon = null)
    {
        if (order < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"Expected an int >= 1 as the norm's order for Normalize; got {order}.");
        }
        var config = new JsonObject
        {
            ["axis"] = axis,
            ["order"] = order,
            ["epsilon"] = epsilon is { } e ? Finite(e, "Normalize", nameof(epsilon)) : null,
        };
        return Unary(Nn, "Normalize", x, config);
    }
}
