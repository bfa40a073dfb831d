using System.Text.Json.Nodes;

namespace KerasBridge;

// Reductions (keras/src/ops/numpy.py Mean, Sum, Max, Min, Prod, Var, Std, Argmax, Argmin; ops/math.py Logsumexp; ops/linalg.py Norm), products
// (Matmul, Dot, Einsum), Clip, Where and the comparisons that make its condition. An axis overload takes one axis (written as an
// int, as Keras writes ops.mean(x, axis=1)); the other a list of axes or null for all of them.
public static partial class Ops
{
    private static KerasTensor Reduce(string module, string className, KerasTensor x, JsonNode? axis, bool keepdims, JsonObject? extra = null)
    {
        var config = new JsonObject { ["axis"] = axis, ["keepdims"] = keepdims };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }
        return Unary(module, className, x, config);
    }

    private const string Linalg = "keras.src.ops.linalg";

    private static JsonNode? AxisList(int[]? axes) => axes is null ? null : Axes(axes);

    /// <summary><c>ops.mean(x, axis, keepdims)</c> over one axis.</summary>
    public static KerasTensor Mean(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "Mean", x, axis, keepdims);

    /// <summary><c>ops.mean(x, axes, keepdims)</c> over several axes (null: all, batch included).</summary>
    public static KerasTensor Mean(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "Mean", x, AxisList(axes), keepdims);

    /// <summary><c>ops.sum(x, axis, keepdims)</c> over one axis.</summary>
    public static KerasTensor Sum(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "Sum", x, axis, keepdims);

    /// <summary><c>ops.sum(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor Sum(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "Sum", x, AxisList(axes), keepdims);

    /// <summary><c>ops.max(x, axis, keepdims, initial)</c> over one axis; <paramref name="initial"/> is a lower bound of the result.</summary>
    public static KerasTensor Max(KerasTensor x, int axis, bool keepdims = false, double? initial = null) =>
        Reduce(Numpy, "Max", x, axis, keepdims, new JsonObject { ["initial"] = initial });

    /// <summary><c>ops.max(x, axes, keepdims, initial)</c> over several axes (null: all).</summary>
    public static KerasTensor Max(KerasTensor x, int[]? axes = null, bool keepdims = false, double? initial = null) =>
        Reduce(Numpy, "Max", x, AxisList(axes), keepdims, new JsonObject { ["initial"] = initial });

    /// <summary><c>ops.min(x, axis, keepdims, initial)</c> over one axis; <paramref name="initial"/> is an upper bound of the result.</summary>
    public static KerasTensor Min(KerasTensor x, int axis, bool keepdims = false, double? initial = null) =>
        Reduce(Numpy, "Min", x, axis, keepdims, new JsonObject { ["initial"] = initial });

    /// <summary><c>ops.min(x, axes, keepdims, initial)</c> over several axes (null: all).</summary>
    public static KerasTensor Min(KerasTensor x, int[]? axes = null, bool keepdims = false, double? initial = null) =>
        Reduce(Numpy, "Min", x, AxisList(axes), keepdims, new JsonObject { ["initial"] = initial });

    /// <summary><c>ops.prod(x, axis, keepdims, dtype)</c> over one axis; <paramref name="dtype"/> null keeps x's.</summary>
    public static KerasTensor Prod(KerasTensor x, int axis, bool keepdims = false, string? dtype = null) =>
        Reduce(Numpy, "Prod", x, axis, keepdims, new JsonObject { ["dtype"] = dtype });

    /// <summary><c>ops.prod(x, axes, keepdims, dtype)</c> over several axes (null: all).</summary>
    public static KerasTensor Prod(KerasTensor x, int[]? axes = null, bool keepdims = false, string? dtype = null) =>
        Reduce(Numpy, "Prod", x, AxisList(axes), keepdims, new JsonObject { ["dtype"] = dtype });

    /// <summary><c>ops.var(x, axis, keepdims)</c>: the population variance over one axis.</summary>
    public static KerasTensor Var(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "Var", x, axis, keepdims);

    /// <summary><c>ops.var(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor Var(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "Var", x, AxisList(axes), keepdims);

    /// <summary><c>ops.std(x, axis, keepdims)</c>: the population standard deviation over one axis.</summary>
    public static KerasTensor Std(KerasTensor x, int axis, bool keepdims = false) => Reduce(Numpy, "Std", x, axis, keepdims);

    /// <summary><c>ops.std(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor Std(KerasTensor x, int[]? axes = null, bool keepdims = false) => Reduce(Numpy, "Std", x, AxisList(axes), keepdims);

    /// <summary><c>ops.logsumexp(x, axis, keepdims)</c> over one axis.</summary>
    public static KerasTensor Logsumexp(KerasTensor x, int axis, bool keepdims = false) => Reduce(Math, "Logsumexp", x, axis, keepdims);

    /// <summary><c>ops.logsumexp(x, axes, keepdims)</c> over several axes (null: all).</summary>
    public static KerasTensor Logsumexp(KerasTensor x, int[]? axes = null, bool keepdims = false) =>
        Reduce(Math, "Logsumexp", x, AxisList(axes), keepdims);

    /// <summary>
    /// <c>ops.norm(x, ord, axis, keepdims)</c> (keras.src.ops.linalg): a vector norm over one axis; <paramref name="ord"/> null
    /// is the 2-norm, else sum(|x|^ord)^(1/ord) (0: the count of non-zeros).
    /// </summary>
    public static KerasTensor Norm(KerasTensor x, double? ord, int axis, bool keepdims = false) =>
        NormOf(x, NormOrder(ord), axis, keepdims);

    /// <summary>
    /// <c>ops.norm(x, ord, axis, keepdims)</c> over two axes (a matrix norm: null is Frobenius; 1, -1, 2, -2 Keras's matrix
    /// orders) or, with <paramref name="axes"/> null, over all of x (a vector or a matrix by x's rank, batch included).
    /// </summary>
    public static KerasTensor Norm(KerasTensor x, double? ord = null, int[]? axes = null, bool keepdims = false) =>
        NormOf(x, NormOrder(ord), AxisList(axes), keepdims);

    /// <summary><c>ops.norm(x, "fro" or "nuc", axis, keepdims)</c>: the Frobenius or nuclear norm over two axes.</summary>
    /// <exception cref="ArgumentException"><paramref name="ord"/> is neither "fro" nor "nuc".</exception>
    public static KerasTensor Norm(KerasTensor x, string ord, int[]? axes = null, bool keepdims = false)
    {
        ArgumentNullException.ThrowIfNull(ord);
        if (ord is not ("fro" or "nuc"))
        {
            throw new ArgumentException($"Expected \"fro\" or \"nuc\" as a named norm order; got \"{ord}\".", nameof(ord));
        }
        return NormOf(x, ord, AxisList(axes), keepdims);
    }

    private static JsonNode? NormOrder(double? ord) => ord is { } o ? Finite(o, "Norm", nameof(ord)) : null;

    // Keras's config has ord before axis (Norm(ord, axis, keepdims)), unlike the other reductions.
    private static KerasTensor NormOf(KerasTensor x, JsonNode? ord, JsonNode? axis, bool keepdims) =>
        Unary(Linalg, "Norm", x, new JsonObject { ["ord"] = ord, ["axis"] = axis, ["keepdims"] = keepdims });

    /// <summary><c>ops.argmax(x, axis, keepdims)</c>: int32 positions of the largest values (null axis: of the flattened tensor).</summary>
    public static KerasTensor Argmax(KerasTensor x, int? axis = null, bool keepdims = false) => Reduce(Numpy, "Argmax", x, axis, keepdims);

    /// <summary><c>ops.argmin(x, axis, keepdims)</c>: int32 positions of the smallest values.</summary>
    public static KerasTensor Argmin(KerasTensor x, int? axis = null, bool keepdims = false) => Reduce(Numpy, "Argmin", x, axis, keepdims);

    /// <summary><c>ops.matmul(x1, x2)</c>: the matrix product of the last two axes, the leading ones broadcast.</summary>
    public static KerasTensor Matmul(KerasTensor x1, KerasTensor x2) => Binary("Matmul", x1, x2);

    /// <summary><c>ops.dot(x1, x2)</c>.</summary>
    public static KerasTensor Dot(KerasTensor x1, KerasTensor x2) => Binary("Dot", x1, x2);

    /// <summary>
    /// <c>ops.einsum(subscripts, *operands)</c>, e.g. <c>Ops.Einsum("bij,bkj->bik", a, b)</c>; "..." stands for the axes no
    /// letter names; without "->" the output is "..." then the letters used once, in alphabetical order.
    /// </summary>
    public static KerasTensor Einsum(string subscripts, params KerasTensor[] operands)
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Length == 0 || operands.Any(o => o is null))
        {
            throw new ArgumentException($"Expected one or more tensors for einsum '{subscripts}'; got {(operands.Length == 0 ? "none" : "a null entry")}.", nameof(operands));
        }
        return Call(Numpy, "Einsum", new JsonObject { ["subscripts"] = subscripts }, operands.Cast<object>().ToArray());
    }

    /// <summary><c>ops.clip(x, x_min, x_max)</c>.</summary>
    public static KerasTensor Clip(KerasTensor x, double xMin, double xMax) =>
        Unary(Numpy, "Clip", x, new JsonObject { ["x_min"] = Finite(xMin, "Clip", nameof(xMin)), ["x_max"] = Finite(xMax, "Clip", nameof(xMax)) });

    /// <summary><c>ops.where(condition, x1, x2)</c>: <paramref name="x1"/> where the condition holds, else <paramref name="x2"/> (broadcast).</summary>
    public static KerasTensor Where(KerasTensor condition, KerasTensor x1, KerasTensor x2)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        return Call(Numpy, "Where", null, condition, x1, x2);
    }

    /// <summary><c>ops.where(condition, x1, 0.0)</c>: a number in place of the second choice.</summary>
    public static KerasTensor Where(KerasTensor condition, KerasTensor x1, double x2)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x1);
        return Call(Numpy, "Where", null, condition, x1, Finite(x2, "Where", nameof(x2)));
    }

    /// <summary><c>ops.greater(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor Greater(KerasTensor x1, KerasTensor x2) => Binary("Greater", x1, x2);

    /// <summary><c>ops.greater(x1, 0.0)</c>.</summary>
    public static KerasTensor Greater(KerasTensor x1, double x2) => Binary("Greater", x1, x2);

    /// <summary><c>ops.less(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor Less(KerasTensor x1, KerasTensor x2) => Binary("Less", x1, x2);

    /// <summary><c>ops.less(x1, 0.0)</c>.</summary>
    public static KerasTensor Less(KerasTensor x1, double x2) => Binary("Less", x1, x2);

    /// <summary><c>ops.equal(x1, x2)</c>: a bool tensor.</summary>
    public static KerasTensor Equal(KerasTensor x1, KerasTensor x2) => Binary("Equal", x1, x2);

    /// <summary><c>ops.maximum(x1, x2)</c>, broadcast.</summary>
    public static KerasTensor Maximum(KerasTensor x1, KerasTensor x2) => Binary("Maximum", x1, x2);

    /// <summary><c>ops.minimum(x1, x2)</c>, broadcast.</summary>
    public static KerasTensor Minimum(KerasTensor x1, KerasTensor x2) => Binary("Minimum", x1, x2);

    /// <summary><c>ops.power(x1, x2)</c>.</summary>
    public static KerasTensor Power(KerasTensor x1, double x2) => Binary("Power", x1, x2);

    private static KerasTensor Binary(string className, KerasTensor x1, object x2)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        return Call(Numpy, className, null, x1, x2 is double number ? Finite(number, className, nameof(x2)) : x2);
    }

    private static double Finite(double value, string className, string name) => double.IsFinite(value)
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"Expected a finite number for {className}; got {value}.");
}
