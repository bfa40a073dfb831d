using System.Text.Json.Nodes;

namespace KerasBridge;

// keras/src/ops/numpy.py Average, nn.py MultiHot and core.py Unstack.
public static partial class Ops
{
    /// <summary>
    /// <c>ops.average(x, axis)</c>: the mean along an axis (null: of all values, a scalar), computed in floatx for integer
    /// inputs. Keras's <c>weights</c> argument is not offered: the engines run unweighted averages only.
    /// </summary>
    public static KerasTensor Average(KerasTensor x, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        // Keras records the call's weights in the node, null included.
        var keywords = new JsonObject { ["weights"] = null };
        return SymbolicCall.Apply(GraphOperation.Create(Numpy, "Average", new JsonObject { ["axis"] = axis }), [x], asList: false, training: null,
            callKwargs: keywords)[0];
    }

    /// <summary>
    /// <c>ops.multi_hot(x, num_classes, axis, dtype)</c>: integer class ids as multi-hot vectors: the one-hot codes (new axis at
    /// <paramref name="axis"/>) reduced by their maximum over axis 1 (axis 0 for a rank-1 input), so a (batch, ids) tensor gives
    /// (batch, num_classes). <paramref name="dtype"/> null is Keras's floatx, float32, as Keras writes it. Keras's
    /// <c>sparse=True</c> is not offered: the torch backend refuses it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is below 1.</exception>
    public static KerasTensor MultiHot(KerasTensor x, int numClasses, int axis = -1, string? dtype = null)
    {
        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"Expected a number of classes >= 1 for MultiHot; got {numClasses}.");
        }
        // keras.ops.multi_hot standardizes dtype=None to floatx before recording the op.
        var config = new JsonObject { ["num_classes"] = numClasses, ["axis"] = axis, ["dtype"] = dtype ?? "float32", ["sparse"] = false };
        return Unary(Nn, "MultiHot", x, config);
    }

    /// <summary>
    /// <c>ops.unstack(x, num, axis)</c>: the slices of <paramref name="x"/> along an axis, each without that axis (one op,
    /// several outputs). <paramref name="num"/> null is the axis's size, which must then be known.
    /// </summary>
    public static IReadOnlyList<KerasTensor> Unstack(KerasTensor x, int? num = null, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var config = new JsonObject { ["num"] = num, ["axis"] = axis };
        return SymbolicCall.Apply(GraphOperation.Create(Core, "Unstack", config), [x], asList: false, training: null);
    }
}
