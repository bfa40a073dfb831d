using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Activation</c> (keras/src/layers/activations/activation.py).</summary>
    /// <param name="activation">The activation, e.g. "relu" or <see cref="Activations.Gelu"/>.</param>
    /// <param name="name">Layer name; activation, activation_1, ... when null.</param>
    public static ActivationLayer Activation(Activation activation, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return new(new JsonObject { ["activation"] = activation.Name }, name);
    }

    /// <summary><c>keras.layers.ReLU</c> (keras/src/layers/activations/relu.py).</summary>
    /// <param name="maxValue">The largest output (≥ 0); null for no cap.</param>
    /// <param name="negativeSlope">The slope below the threshold (≥ 0).</param>
    /// <param name="threshold">Inputs below it are scaled by negativeSlope.</param>
    /// <param name="name">Layer name.</param>
    public static ReLU ReLU(double? maxValue = null, double negativeSlope = 0.0, double threshold = 0.0, string? name = null)
    {
        if (maxValue is { } cap)
        {
            LayerArgs.NonNegative(cap, nameof(maxValue));
        }
        return new(new JsonObject
        {
            ["max_value"] = maxValue,
            ["negative_slope"] = LayerArgs.NonNegative(negativeSlope, nameof(negativeSlope)),
            ["threshold"] = threshold,
        }, name);
    }

    /// <summary><c>keras.layers.LeakyReLU</c> (keras/src/layers/activations/leaky_relu.py).</summary>
    /// <param name="negativeSlope">The slope for negative inputs (≥ 0).</param>
    /// <param name="name">Layer name.</param>
    public static LeakyReLU LeakyReLU(double negativeSlope = 0.3, string? name = null) =>
        new(new JsonObject { ["negative_slope"] = LayerArgs.NonNegative(negativeSlope, nameof(negativeSlope)) }, name);

    /// <summary><c>keras.layers.ELU</c> (keras/src/layers/activations/elu.py).</summary>
    /// <param name="alpha">The scale of the negative part.</param>
    /// <param name="name">Layer name.</param>
    public static ELU ELU(double alpha = 1.0, string? name = null) => new(new JsonObject { ["alpha"] = alpha }, name);

    /// <summary><c>keras.layers.PReLU</c> (keras/src/layers/activations/prelu.py).</summary>
    /// <param name="alphaInitializer">How alpha starts; zeros when null.</param>
    /// <param name="alphaRegularizer">Penalty on alpha.</param>
    /// <param name="alphaConstraint">Constraint on alpha.</param>
    /// <param name="sharedAxes">Axes (1-based, without the batch) along which alpha is shared, e.g. [1, 2] for images; null for none.</param>
    /// <param name="name">Layer name.</param>
    public static PReLU PReLU(Initializer? alphaInitializer = null, Regularizer? alphaRegularizer = null, Constraint? alphaConstraint = null,
        IReadOnlyList<int>? sharedAxes = null, string? name = null) => new(new JsonObject
    {
        ["alpha_initializer"] = LayerArgs.Init(alphaInitializer, Initializers.Zeros),
        ["alpha_regularizer"] = LayerArgs.Reg(alphaRegularizer),
        ["alpha_constraint"] = LayerArgs.Con(alphaConstraint),
        ["shared_axes"] = sharedAxes is null ? null : LayerArgs.Ints([.. sharedAxes]),
    }, name);

    /// <summary><c>keras.layers.Softmax</c> (keras/src/layers/activations/softmax.py).</summary>
    /// <param name="axis">The axis normalized over.</param>
    /// <param name="name">Layer name.</param>
    public static Softmax Softmax(int axis = -1, string? name = null) => new(new JsonObject { ["axis"] = axis }, name);
}
