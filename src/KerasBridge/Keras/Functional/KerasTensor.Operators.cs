namespace KerasBridge;

// Arithmetic on symbolic tensors, as Keras's KerasTensor operators (keras/src/backend/common/keras_tensor.py: __add__ is
// ops.Add().symbolic_call(self, other), __truediv__ ops.TrueDivide(), __neg__ ops.Negative(), ...): each records a Keras op
// (keras.src.ops.numpy) in the graph, with Keras's broadcasting; numbers stay numbers in the model's config (x + 3.0).
public sealed partial class KerasTensor
{
    /// <summary><c>x + y</c>: Keras's <c>ops.add</c>, broadcasting the two shapes.</summary>
    public static KerasTensor operator +(KerasTensor x, KerasTensor y) => Operation("Add", x, y);

    /// <summary><c>x + 3.0</c>.</summary>
    public static KerasTensor operator +(KerasTensor x, double y) => Operation("Add", x, y);

    /// <summary><c>3.0 + x</c>.</summary>
    public static KerasTensor operator +(double x, KerasTensor y) => Operation("Add", x, y);

    /// <summary><c>x - y</c>: Keras's <c>ops.subtract</c>.</summary>
    public static KerasTensor operator -(KerasTensor x, KerasTensor y) => Operation("Subtract", x, y);

    /// <summary><c>x - 3.0</c>.</summary>
    public static KerasTensor operator -(KerasTensor x, double y) => Operation("Subtract", x, y);

    /// <summary><c>1.0 - x</c>.</summary>
    public static KerasTensor operator -(double x, KerasTensor y) => Operation("Subtract", x, y);

    /// <summary><c>x * y</c>: Keras's <c>ops.multiply</c>.</summary>
    public static KerasTensor operator *(KerasTensor x, KerasTensor y) => Operation("Multiply", x, y);

    /// <summary><c>x * (1.0 / 6.0)</c>.</summary>
    public static KerasTensor operator *(KerasTensor x, double y) => Operation("Multiply", x, y);

    /// <summary><c>2.0 * x</c>.</summary>
    public static KerasTensor operator *(double x, KerasTensor y) => Operation("Multiply", x, y);

    /// <summary><c>x / y</c>: Keras's <c>ops.true_divide</c>.</summary>
    public static KerasTensor operator /(KerasTensor x, KerasTensor y) => Operation("TrueDivide", x, y);

    /// <summary><c>x / 255.0</c>.</summary>
    public static KerasTensor operator /(KerasTensor x, double y) => Operation("TrueDivide", x, y);

    /// <summary><c>1.0 / x</c>.</summary>
    public static KerasTensor operator /(double x, KerasTensor y) => Operation("TrueDivide", x, y);

    /// <summary><c>-x</c>: Keras's <c>ops.negative</c>.</summary>
    public static KerasTensor operator -(KerasTensor x) => Operation("Negative", x);

    /// <summary>Named forms of the operators, for languages without operator overloading.</summary>
    public static KerasTensor Add(KerasTensor x, KerasTensor y) => x + y;

    /// <inheritdoc cref="Add(KerasTensor, KerasTensor)"/>
    public static KerasTensor Subtract(KerasTensor x, KerasTensor y) => x - y;

    /// <inheritdoc cref="Add(KerasTensor, KerasTensor)"/>
    public static KerasTensor Multiply(KerasTensor x, KerasTensor y) => x * y;

    /// <inheritdoc cref="Add(KerasTensor, KerasTensor)"/>
    public static KerasTensor Divide(KerasTensor x, KerasTensor y) => x / y;

    /// <inheritdoc cref="Add(KerasTensor, KerasTensor)"/>
    public static KerasTensor Negate(KerasTensor x) => -x;

    // Each argument a tensor or a number (Ops.Call): the op is named by Keras's counter (add, add_1, ...) as ops.Add() names itself.
    private static KerasTensor Operation(string className, params object[] arguments) =>
        Ops.Call("keras.src.ops.numpy", className, null, arguments);
}
