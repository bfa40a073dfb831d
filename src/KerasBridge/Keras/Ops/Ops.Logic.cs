namespace KerasBridge;

// Comparisons and logic (keras/src/ops/numpy.py GreaterEqual, LessEqual, NotEqual, Equal, LogicalAnd, LogicalOr, LogicalNot,
// Any, All): bool tensors, for Where's condition (Any is also what Concatenate's compute_mask records for masks). Greater, Less and Equal between tensors are in Ops.Reductions.cs.
public static partial class Ops
{
    /// <summary><c>ops.greater_equal(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor GreaterEqual(KerasTensor x1, KerasTensor x2) => Binary("GreaterEqual", x1, x2);

    /// <summary><c>ops.greater_equal(x1, 0.0)</c>.</summary>
    public static KerasTensor GreaterEqual(KerasTensor x1, double x2) => Binary("GreaterEqual", x1, x2);

    /// <summary><c>ops.less_equal(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor LessEqual(KerasTensor x1, KerasTensor x2) => Binary("LessEqual", x1, x2);

    /// <summary><c>ops.less_equal(x1, 0.0)</c>.</summary>
    public static KerasTensor LessEqual(KerasTensor x1, double x2) => Binary("LessEqual", x1, x2);

    /// <summary><c>ops.equal(x1, 0.0)</c>.</summary>
    public static KerasTensor Equal(KerasTensor x1, double x2) => Binary("Equal", x1, x2);

    /// <summary><c>ops.not_equal(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor NotEqual(KerasTensor x1, KerasTensor x2) => Binary("NotEqual", x1, x2);

    /// <summary><c>ops.not_equal(x1, 0.0)</c>.</summary>
    public static KerasTensor NotEqual(KerasTensor x1, double x2) => Binary("NotEqual", x1, x2);

    /// <summary><c>ops.logical_and(x1, x2)</c>: true where both are true (non-zero), broadcast.</summary>
    public static KerasTensor LogicalAnd(KerasTensor x1, KerasTensor x2) => Binary("LogicalAnd", x1, x2);

    /// <summary><c>ops.logical_or(x1, x2)</c>: true where either is true (non-zero), broadcast.</summary>
    public static KerasTensor LogicalOr(KerasTensor x1, KerasTensor x2) => Binary("LogicalOr", x1, x2);

    /// <summary><c>ops.logical_not(x)</c>: true where x is false (zero).</summary>
    public static KerasTensor LogicalNot(KerasTensor x) => Unary(Numpy, "LogicalNot", x);

    /// <summary><c>ops.any(x, axis, keepdims)</c> over one axis: true where any value is true (non-zero).</summary>
    public static KerasTensor Any(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "Any", x, axis, keepdims);

    /// <summary><c>ops.any(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor Any(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "Any", x, AxisList(axes), keepdims);

    /// <summary><c>ops.all(x, axis, keepdims)</c> over one axis: true where every value is true (non-zero).</summary>
    public static KerasTensor All(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "All", x, axis, keepdims);

    /// <summary><c>ops.all(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor All(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "All", x, AxisList(axes), keepdims);
}
