using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Keras's <c>keras.ops</c> on symbolic tensors, for the Functional API: each call records the Keras op (an Operation, not a
/// layer: keras.src.ops.numpy, nn, math, core) in the graph with its arguments, as <c>keras.ops.mean(x, axis=1)</c> does on
/// a KerasTensor, so the model's config is the one Keras writes and both engines run it. The output shape and dtype are
/// Keras's (its compute_output_spec); a call Keras refuses (a bad axis, shapes that do not fit) throws at once.
/// Only the ops both engines run are here (docs/engines.md lists them).
/// </summary>
public static partial class Ops
{
    private const string Numpy = "keras.src.ops.numpy";
    private const string Nn = "keras.src.ops.nn";
    private const string Math = "keras.src.ops.math";
    private const string Core = "keras.src.ops.core";

    /// <summary>
    /// Records one op. <paramref name="arguments"/> are its call's positional arguments in order: tensors, numbers, literals
    /// (<see cref="OpLiteral"/>), or one list of tensors (ops.concatenate).
    /// </summary>
    internal static KerasTensor Call(string module, string className, JsonObject? config, params object[] arguments)
    {
        if (arguments is [IReadOnlyList<KerasTensor> list])
        {
            var items = list.ToList();
            if (items.Count == 0 || items.Any(t => t is null))
            {
                throw new ArgumentException($"Expected a non-empty list of tensors for {className}; got {(items.Count == 0 ? "none" : "a null entry")}.", "xs");
            }
            return SymbolicCall.Apply(GraphOperation.Create(module, className, config), items, asList: true, training: null)[0];
        }
        var tensors = new List<KerasTensor>();
        var template = new List<JsonNode?>();
        for (var i = 0; i < arguments.Length; i++)
        {
            // The operators' names (x + y); the Ops methods check their own arguments first.
            var name = i == 0 ? "x" : "y";
            switch (arguments[i])
            {
                case KerasTensor tensor:
                    tensors.Add(tensor);
                    template.Add(null);
                    break;
                case double number when double.IsFinite(number):
                    template.Add(JsonValue.Create(number));
                    break;
                case double number:
                    throw new ArgumentOutOfRangeException(name, number, $"Expected a finite number for {className}; got {number}.");
                case OpLiteral literal:
                    template.Add(literal.Value?.DeepClone());
                    break;
                default:
                    throw new ArgumentNullException(name, $"Expected a tensor for {className}; got null.");
            }
        }
        return SymbolicCall.Apply(GraphOperation.Create(module, className, config), tensors, asList: false, training: null,
            template.Any(a => a is not null) ? template : null)[0];
    }

    private static KerasTensor Unary(string module, string className, KerasTensor x, JsonObject? config = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Call(module, className, config, x);
    }

    private static JsonNode Axes(IReadOnlyList<int> axes) => new JsonArray(axes.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());

    /// <summary><c>ops.relu(x)</c>: max(x, 0).</summary>
    public static KerasTensor Relu(KerasTensor x) => Unary(Nn, "Relu", x);

    /// <summary><c>ops.relu6(x)</c>: min(max(x, 0), 6).</summary>
    public static KerasTensor Relu6(KerasTensor x) => Unary(Nn, "Relu6", x);

    /// <summary><c>ops.sigmoid(x)</c>.</summary>
    public static KerasTensor Sigmoid(KerasTensor x) => Unary(Nn, "Sigmoid", x);

    /// <summary><c>ops.silu(x)</c>: x * sigmoid(x).</summary>
    public static KerasTensor Silu(KerasTensor x) => Unary(Nn, "Silu", x);

    /// <summary><c>ops.softplus(x)</c>: log(1 + exp(x)).</summary>
    public static KerasTensor Softplus(KerasTensor x) => Unary(Nn, "Softplus", x);

    /// <summary><c>ops.hard_sigmoid(x)</c>.</summary>
    public static KerasTensor HardSigmoid(KerasTensor x) => Unary(Nn, "HardSigmoid", x);

    /// <summary><c>ops.hard_silu(x)</c>: x * hard_sigmoid(x).</summary>
    public static KerasTensor HardSilu(KerasTensor x) => Unary(Nn, "HardSilu", x);

    /// <summary><c>ops.selu(x)</c>.</summary>
    public static KerasTensor Selu(KerasTensor x) => Unary(Nn, "Selu", x);

    /// <summary><c>ops.log_sigmoid(x)</c>.</summary>
    public static KerasTensor LogSigmoid(KerasTensor x) => Unary(Nn, "LogSigmoid", x);

    /// <summary><c>ops.leaky_relu(x, negative_slope)</c>.</summary>
    public static KerasTensor LeakyRelu(KerasTensor x, double negativeSlope = 0.2) =>
        Unary(Nn, "LeakyRelu", x, new JsonObject { ["negative_slope"] = Finite(negativeSlope, "LeakyRelu", nameof(negativeSlope)) });

    /// <summary><c>ops.elu(x, alpha)</c>.</summary>
    public static KerasTensor Elu(KerasTensor x, double alpha = 1.0) => Unary(Nn, "Elu", x, new JsonObject { ["alpha"] = Finite(alpha, "Elu", nameof(alpha)) });

    /// <summary><c>ops.gelu(x, approximate)</c>: the tanh approximation when <paramref name="approximate"/>, else the exact erf form.</summary>
    public static KerasTensor Gelu(KerasTensor x, bool approximate = true) =>
        Unary(Nn, "Gelu", x, new JsonObject { ["approximate"] = approximate });

    /// <summary><c>ops.softmax(x, axis)</c>; a null axis normalizes over all values.</summary>
    public static KerasTensor Softmax(KerasTensor x, int? axis = -1) => Unary(Nn, "Softmax", x, new JsonObject { ["axis"] = axis });

    /// <summary><c>ops.log_softmax(x, axis)</c>.</summary>
    public static KerasTensor LogSoftmax(KerasTensor x, int? axis = -1) => Unary(Nn, "LogSoftmax", x, new JsonObject { ["axis"] = axis });

    /// <summary><c>ops.tanh(x)</c>.</summary>
    public static KerasTensor Tanh(KerasTensor x) => Unary(Numpy, "Tanh", x);

    /// <summary><c>ops.sqrt(x)</c>.</summary>
    public static KerasTensor Sqrt(KerasTensor x) => Unary(Numpy, "Sqrt", x);

    /// <summary><c>ops.exp(x)</c>.</summary>
    public static KerasTensor Exp(KerasTensor x) => Unary(Numpy, "Exp", x);

    /// <summary><c>ops.log(x)</c>.</summary>
    public static KerasTensor Log(KerasTensor x) => Unary(Numpy, "Log", x);

    /// <summary><c>ops.log1p(x)</c>: log(1 + x).</summary>
    public static KerasTensor Log1p(KerasTensor x) => Unary(Numpy, "Log1p", x);

    /// <summary><c>ops.abs(x)</c> (Keras records it as Absolute).</summary>
    public static KerasTensor Abs(KerasTensor x) => Unary(Numpy, "Absolute", x);

    /// <summary><c>ops.square(x)</c>.</summary>
    public static KerasTensor Square(KerasTensor x) => Unary(Numpy, "Square", x);

    /// <summary><c>ops.reciprocal(x)</c>: 1 / x.</summary>
    public static KerasTensor Reciprocal(KerasTensor x) => Unary(Numpy, "Reciprocal", x);

    /// <summary><c>ops.sin(x)</c>.</summary>
    public static KerasTensor Sin(KerasTensor x) => Unary(Numpy, "Sin", x);

    /// <summary><c>ops.cos(x)</c>.</summary>
    public static KerasTensor Cos(KerasTensor x) => Unary(Numpy, "Cos", x);

    /// <summary><c>ops.floor(x)</c>.</summary>
    public static KerasTensor Floor(KerasTensor x) => Unary(Numpy, "Floor", x);

    /// <summary><c>ops.ceil(x)</c>.</summary>
    public static KerasTensor Ceil(KerasTensor x) => Unary(Numpy, "Ceil", x);

    /// <summary><c>ops.sign(x)</c>: -1, 0 or 1.</summary>
    public static KerasTensor Sign(KerasTensor x) => Unary(Numpy, "Sign", x);

    /// <summary><c>ops.erf(x)</c>.</summary>
    public static KerasTensor Erf(KerasTensor x) => Unary(Math, "Erf", x);

    /// <summary><c>ops.rsqrt(x)</c>: 1 / sqrt(x).</summary>
    public static KerasTensor Rsqrt(KerasTensor x) => Unary(Math, "Rsqrt", x);

    /// <summary><c>ops.cast(x, dtype)</c>, e.g. "float64", "int32", "bool".</summary>
    public static KerasTensor Cast(KerasTensor x, string dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return Unary(Core, "Cast", x, new JsonObject { ["dtype"] = dtype });
    }

    /// <summary><c>ops.convert_to_tensor(x, dtype)</c> on a symbolic tensor: x itself, or cast to <paramref name="dtype"/> when given.</summary>
    public static KerasTensor ConvertToTensor(KerasTensor x, string? dtype = null) =>
        Unary(Core, "ConvertToTensor", x, new JsonObject { ["dtype"] = dtype, ["sparse"] = null, ["ragged"] = null });
}

/// <summary>A literal argument of an op's call (x[:, 0]'s key), written as it is into the node's arguments.</summary>
internal readonly record struct OpLiteral(JsonNode? Value);
