using System.Text.Json.Nodes;

namespace KerasBridge;

// Ops that move, join, split and reshape tensors (keras/src/ops/numpy.py Reshape, Transpose, ExpandDims, Squeeze,
// Concatenate, Stack, Split, Take, Pad, Flip, Swapaxes, Moveaxis, Tile, Repeat). Axes count the batch axis as 0, as in Keras.
public static partial class Ops
{
    /// <summary><c>ops.reshape(x, newshape)</c>: the batch axis is part of <paramref name="newshape"/>; one -1 is inferred, e.g. [-1, 12].</summary>
    public static KerasTensor Reshape(KerasTensor x, params int[] newshape)
    {
        ArgumentNullException.ThrowIfNull(newshape);
        return Unary(Numpy, "Reshape", x, new JsonObject { ["newshape"] = Axes(newshape) });
    }

    /// <summary><c>ops.transpose(x, axes)</c>: a permutation of all axes, batch included; null reverses them.</summary>
    public static KerasTensor Transpose(KerasTensor x, int[]? axes = null) =>
        Unary(Numpy, "Transpose", x, new JsonObject { ["axes"] = axes is null ? null : Axes(axes) });

    /// <summary><c>ops.expand_dims(x, axis)</c>: a new axis of size 1 at <paramref name="axis"/>.</summary>
    public static KerasTensor ExpandDims(KerasTensor x, int axis) => Unary(Numpy, "ExpandDims", x, new JsonObject { ["axis"] = axis });

    /// <summary><c>ops.expand_dims(x, (a, b, ...))</c>: new axes of size 1 at each position of the result.</summary>
    public static KerasTensor ExpandDims(KerasTensor x, int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        return Unary(Numpy, "ExpandDims", x, new JsonObject { ["axis"] = Axes(axes) });
    }

    /// <summary><c>ops.squeeze(x, axis)</c>: drops an axis of size 1; null drops every axis of size 1.</summary>
    public static KerasTensor Squeeze(KerasTensor x, int? axis = null) => Unary(Numpy, "Squeeze", x, new JsonObject { ["axis"] = axis });

    /// <summary><c>ops.concatenate([a, b, ...], axis)</c>: the tensors joined along an existing axis.</summary>
    public static KerasTensor Concatenate(IReadOnlyList<KerasTensor> xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return Call(Numpy, "Concatenate", new JsonObject { ["axis"] = axis }, xs);
    }

    /// <summary><c>ops.stack([a, b, ...], axis)</c>: tensors of one shape stacked along a new axis.</summary>
    public static KerasTensor Stack(IReadOnlyList<KerasTensor> xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return Call(Numpy, "Stack", new JsonObject { ["axis"] = axis }, xs);
    }

    /// <summary><c>ops.split(x, sections, axis)</c>: <paramref name="sections"/> equal pieces along an axis (one op, several outputs).</summary>
    public static IReadOnlyList<KerasTensor> Split(KerasTensor x, int sections, int axis = 0) => SplitAt(x, sections, axis);

    /// <summary><c>ops.split(x, [i, j, ...], axis)</c>: pieces that end at the given indices of the axis, and the rest.</summary>
    public static IReadOnlyList<KerasTensor> Split(KerasTensor x, int[] indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return SplitAt(x, Axes(indices), axis);
    }

    private static IReadOnlyList<KerasTensor> SplitAt(KerasTensor x, JsonNode sections, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var config = new JsonObject { ["indices_or_sections"] = sections, ["axis"] = axis };
        return SymbolicCall.Apply(GraphOperation.Create(Numpy, "Split", config), [x], asList: false, training: null);
    }

    /// <summary><c>ops.take(x, [i, j, ...], axis)</c>: the entries at these indices along an axis (negative from the end; a null axis: of the flattened tensor).</summary>
    public static KerasTensor Take(KerasTensor x, int[] indices, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        return Call(Numpy, "Take", new JsonObject { ["axis"] = axis }, x, new OpLiteral(Axes(indices)));
    }

    /// <summary><c>ops.take(x, indices, axis)</c> with a tensor of integer indices (a 2-D table along axis 0 is an embedding lookup).</summary>
    public static KerasTensor Take(KerasTensor x, KerasTensor indices, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        return Call(Numpy, "Take", new JsonObject { ["axis"] = axis }, x, indices);
    }

    /// <summary>
    /// <c>ops.pad(x, pad_width, mode, constant_values)</c>: one (before, after) pair per axis, batch included (e.g.
    /// <c>[[0, 0], [1, 2]]</c>), or one pair for every axis; <paramref name="mode"/> "constant" (with
    /// <paramref name="constantValues"/>, default 0), "reflect", "symmetric" or "circular".
    /// </summary>
    public static KerasTensor Pad(KerasTensor x, int[][] padWidth, string mode = "constant", double? constantValues = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(padWidth);
        ArgumentNullException.ThrowIfNull(mode);
        if (padWidth.Any(p => p is null))
        {
            throw new ArgumentException("Expected (before, after) pairs of ints; got a null pair.", nameof(padWidth));
        }
        var config = new JsonObject { ["pad_width"] = new JsonArray(padWidth.Select(p => Axes(p)).ToArray()), ["mode"] = mode };
        // Keras records the call's constant_values in the node, null included.
        var keywords = new JsonObject { ["constant_values"] = constantValues is { } v ? Finite(v, "Pad", nameof(constantValues)) : null };
        return SymbolicCall.Apply(GraphOperation.Create(Numpy, "Pad", config), [x], asList: false, training: null, callKwargs: keywords)[0];
    }

    /// <summary><c>ops.flip(x, axis)</c>: the order of the values along an axis (null: all axes) reversed.</summary>
    public static KerasTensor Flip(KerasTensor x, int? axis = null) => Unary(Numpy, "Flip", x, new JsonObject { ["axis"] = axis });

    /// <summary><c>ops.swapaxes(x, axis1, axis2)</c>.</summary>
    public static KerasTensor Swapaxes(KerasTensor x, int axis1, int axis2) =>
        Unary(Numpy, "Swapaxes", x, new JsonObject { ["axis1"] = axis1, ["axis2"] = axis2 });

    /// <summary><c>ops.moveaxis(x, source, destination)</c>: one axis moved, the others kept in order.</summary>
    public static KerasTensor Moveaxis(KerasTensor x, int source, int destination) =>
        Unary(Numpy, "Moveaxis", x, new JsonObject { ["source"] = source, ["destination"] = destination });

    /// <summary><c>ops.tile(x, repeats)</c>: each axis repeated (leading axes added when <paramref name="repeats"/> is longer).</summary>
    public static KerasTensor Tile(KerasTensor x, params int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        return Unary(Numpy, "Tile", x, new JsonObject { ["repeats"] = Axes(repeats) });
    }

    /// <summary><c>ops.repeat(x, repeats, axis)</c>: each entry repeated <paramref name="repeats"/> times along an axis (null: of the flattened tensor).</summary>
    public static KerasTensor Repeat(KerasTensor x, int repeats, int? axis = null) =>
        Unary(Numpy, "Repeat", x, new JsonObject { ["repeats"] = NotNegative(repeats, nameof(repeats)), ["axis"] = axis });

    /// <summary><c>ops.repeat(x, [r0, r1, ...], axis)</c>: entry i repeated r_i times (one count per entry of the axis).</summary>
    public static KerasTensor Repeat(KerasTensor x, int[] repeats, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        foreach (var r in repeats)
        {
            NotNegative(r, nameof(repeats));
        }
        return Unary(Numpy, "Repeat", x, new JsonObject { ["repeats"] = Axes(repeats), ["axis"] = axis });
    }

    private static int NotNegative(int value, string name) => value >= 0
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"Expected repeat counts >= 0; got {value}.");
}
