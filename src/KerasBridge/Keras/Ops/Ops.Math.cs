using System.Text.Json.Nodes;

namespace KerasBridge;

// Element-wise arithmetic and rounding (keras/src/ops/numpy.py Add, Subtract, Multiply, Divide, TrueDivide, FloorDivide, Mod,
// Negative, Power, Maximum, Minimum, Expm1, Round, Cumsum, OnesLike, ZerosLike). The arithmetic ones are also the operators of
// KerasTensor (x + y records Add); a number stays a number in the model's config (ops.add(x, 1.0)).
public static partial class Ops
{
    /// <summary><c>ops.add(x1, x2)</c>, broadcast (as <c>x1 + x2</c>).</summary>
    public static KerasTensor Add(KerasTensor x1, KerasTensor x2) => Binary("Add", x1, x2);

    /// <summary><c>ops.add(x1, 1.0)</c>.</summary>
    public static KerasTensor Add(KerasTensor x1, double x2) => Binary("Add", x1, x2);

    /// <summary><c>ops.subtract(x1, x2)</c>, broadcast (as <c>x1 - x2</c>).</summary>
    public static KerasTensor Subtract(KerasTensor x1, KerasTensor x2) => Binary("Subtract", x1, x2);

    /// <summary><c>ops.subtract(x1, 1.0)</c>.</summary>
    public static KerasTensor Subtract(KerasTensor x1, double x2) => Binary("Subtract", x1, x2);

    /// <summary><c>ops.multiply(x1, x2)</c>, broadcast (as <c>x1 * x2</c>).</summary>
    public static KerasTensor Multiply(KerasTensor x1, KerasTensor x2) => Binary("Multiply", x1, x2);

    /// <summary><c>ops.multiply(x1, 2.0)</c>.</summary>
    public static KerasTensor Multiply(KerasTensor x1, double x2) => Binary("Multiply", x1, x2);

    /// <summary><c>ops.divide(x1, x2)</c>, broadcast (Keras records Divide; <c>x1 / x2</c> records TrueDivide).</summary>
    public static KerasTensor Divide(KerasTensor x1, KerasTensor x2) => Binary("Divide", x1, x2);

    /// <summary><c>ops.divide(x1, 2.0)</c>.</summary>
    public static KerasTensor Divide(KerasTensor x1, double x2) => Binary("Divide", x1, x2);

    /// <summary><c>ops.true_divide(x1, x2)</c>, broadcast (as <c>x1 / x2</c>).</summary>
    public static KerasTensor TrueDivide(KerasTensor x1, KerasTensor x2) => Binary("TrueDivide", x1, x2);

    /// <summary><c>ops.true_divide(x1, 2.0)</c>.</summary>
    public static KerasTensor TrueDivide(KerasTensor x1, double x2) => Binary("TrueDivide", x1, x2);

    /// <summary><c>ops.floor_divide(x1, x2)</c>: floor(x1 / x2), broadcast.</summary>
    public static KerasTensor FloorDivide(KerasTensor x1, KerasTensor x2) => Binary("FloorDivide", x1, x2);

    /// <summary><c>ops.floor_divide(x1, 2.0)</c>.</summary>
    public static KerasTensor FloorDivide(KerasTensor x1, double x2) => Binary("FloorDivide", x1, x2);

    /// <summary><c>ops.mod(x1, x2)</c>: the remainder with the sign of <paramref name="x2"/> (Python's %), broadcast.</summary>
    public static KerasTensor Mod(KerasTensor x1, KerasTensor x2) => Binary("Mod", x1, x2);

    /// <summary><c>ops.mod(x1, 2.0)</c>.</summary>
    public static KerasTensor Mod(KerasTensor x1, double x2) => Binary("Mod", x1, x2);

    /// <summary><c>ops.power(x1, x2)</c> with a tensor of exponents, broadcast.</summary>
    public static KerasTensor Power(KerasTensor x1, KerasTensor x2) => Binary("Power", x1, x2);

    /// <summary><c>ops.maximum(x1, 0.0)</c>.</summary>
    public static KerasTensor Maximum(KerasTensor x1, double x2) => Binary("Maximum", x1, x2);

    /// <summary><c>ops.minimum(x1, 6.0)</c>.</summary>
    public static KerasTensor Minimum(KerasTensor x1, double x2) => Binary("Minimum", x1, x2);

    /// <summary><c>ops.negative(x)</c> (as <c>-x</c>).</summary>
    public static KerasTensor Negative(KerasTensor x) => Unary(Numpy, "Negative", x);

    /// <summary><c>ops.expm1(x)</c>: exp(x) - 1, exact near 0.</summary>
    public static KerasTensor Expm1(KerasTensor x) => Unary(Numpy, "Expm1", x);

    /// <summary><c>ops.round(x, decimals)</c>: half to even, at <paramref name="decimals"/> digits after the point (negative: before it).</summary>
    public static KerasTensor Round(KerasTensor x, int decimals = 0) => Unary(Numpy, "Round", x, new JsonObject { ["decimals"] = decimals });

    /// <summary><c>ops.cumsum(x, axis, dtype)</c>: running sums along an axis (null: of the flattened tensor); <paramref name="dtype"/> null keeps x's.</summary>
    public static KerasTensor Cumsum(KerasTensor x, int? axis = null, string? dtype = null) =>
        Unary(Numpy, "Cumsum", x, new JsonObject { ["axis"] = axis, ["dtype"] = dtype });

    /// <summary><c>ops.ones_like(x, dtype)</c>: ones of x's shape; <paramref name="dtype"/> null keeps x's.</summary>
    public static KerasTensor OnesLike(KerasTensor x, string? dtype = null) => Unary(Numpy, "OnesLike", x, new JsonObject { ["dtype"] = dtype });

    /// <summary><c>ops.zeros_like(x, dtype)</c>: zeros of x's shape; <paramref name="dtype"/> null keeps x's.</summary>
    public static KerasTensor ZerosLike(KerasTensor x, string? dtype = null) => Unary(Numpy, "ZerosLike", x, new JsonObject { ["dtype"] = dtype });
}
