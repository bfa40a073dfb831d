using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.BatchNormalization</c> (keras/src/layers/normalization/batch_normalization.py).</summary>
    /// <param name="axis">The features axis.</param>
    /// <param name="momentum">The moving averages' momentum, in [0, 1].</param>
    /// <param name="epsilon">Added to the variance (&gt; 0).</param>
    /// <param name="center">Whether a learned offset (beta) is added.</param>
    /// <param name="scale">Whether a learned scale (gamma) is applied.</param>
    /// <param name="betaInitializer">zeros when null.</param>
    /// <param name="gammaInitializer">ones when null.</param>
    /// <param name="movingMeanInitializer">zeros when null.</param>
    /// <param name="movingVarianceInitializer">ones when null.</param>
    /// <param name="betaRegularizer">Penalty on beta.</param>
    /// <param name="gammaRegularizer">Penalty on gamma.</param>
    /// <param name="betaConstraint">Constraint on beta.</param>
    /// <param name="gammaConstraint">Constraint on gamma.</param>
    /// <param name="synchronized">Synchronize statistics across devices (distributed training only).</param>
    /// <param name="name">Layer name.</param>
    public static BatchNormalization BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 0.001, bool center = true,
        bool scale = true, Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Initializer? movingMeanInitializer = null,
        Initializer? movingVarianceInitializer = null, Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
        Constraint? betaConstraint = null, Constraint? gammaConstraint = null, bool synchronized = false, string? name = null)
    {
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"Expected momentum in [0, 1]; got {LayerArgs.Text(momentum)}.");
        }
        return new(new JsonObject
        {
            ["axis"] = axis,
            ["momentum"] = momentum,
            ["epsilon"] = Epsilon(epsilon),
            ["center"] = center,
            ["scale"] = scale,
            ["beta_initializer"] = LayerArgs.Init(betaInitializer, Initializers.Zeros),
            ["gamma_initializer"] = LayerArgs.Init(gammaInitializer, Initializers.Ones),
            ["moving_mean_initializer"] = LayerArgs.Init(movingMeanInitializer, Initializers.Zeros),
            ["moving_variance_initializer"] = LayerArgs.Init(movingVarianceInitializer, Initializers.Ones),
            ["beta_regularizer"] = LayerArgs.Reg(betaRegularizer),
            ["gamma_regularizer"] = LayerArgs.Reg(gammaRegularizer),
            ["beta_constraint"] = LayerArgs.Con(betaConstraint),
            ["gamma_constraint"] = LayerArgs.Con(gammaConstraint),
            ["synchronized"] = synchronized,
            ["renorm"] = false,
            ["renorm_clipping"] = null,
            ["renorm_momentum"] = 0.99,
        }, name);
    }

    /// <summary><c>keras.layers.LayerNormalization</c> (keras/src/layers/normalization/layer_normalization.py).</summary>
    /// <param name="axis">The axis normalized over.</param>
    /// <param name="epsilon">Added to the variance (&gt; 0).</param>
    /// <param name="center">Whether a learned offset (beta) is added.</param>
    /// <param name="scale">Whether a learned scale (gamma) is applied.</param>
    /// <param name="betaInitializer">zeros when null.</param>
    /// <param name="gammaInitializer">ones when null.</param>
    /// <param name="betaRegularizer">Penalty on beta.</param>
    /// <param name="gammaRegularizer">Penalty on gamma.</param>
    /// <param name="betaConstraint">Constraint on beta.</param>
    /// <param name="gammaConstraint">Constraint on gamma.</param>
    /// <param name="name">Layer name.</param>
    public static LayerNormalization LayerNormalization(int axis = -1, double epsilon = 0.001, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Regularizer? betaRegularizer = null,
        Regularizer? gammaRegularizer = null, Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null) =>
        new(WithBetaGamma(new JsonObject
        {
            ["axis"] = axis,
            ["epsilon"] = Epsilon(epsilon),
            ["center"] = center,
            ["scale"] = scale,
            ["rms_scaling"] = false,
        }, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint), name);

    /// <summary><c>keras.layers.GroupNormalization</c> (keras/src/layers/normalization/group_normalization.py).</summary>
    /// <param name="groups">Number of channel groups (&gt; 0, dividing the channel count), or -1 for one group per channel.</param>
    /// <param name="axis">The channels axis.</param>
    /// <param name="epsilon">Added to the variance (&gt; 0).</param>
    /// <param name="center">Whether a learned offset (beta) is added.</param>
    /// <param name="scale">Whether a learned scale (gamma) is applied.</param>
    /// <param name="betaInitializer">zeros when null.</param>
    /// <param name="gammaInitializer">ones when null.</param>
    /// <param name="betaRegularizer">Penalty on beta.</param>
    /// <param name="gammaRegularizer">Penalty on gamma.</param>
    /// <param name="betaConstraint">Constraint on beta.</param>
    /// <param name="gammaConstraint">Constraint on gamma.</param>
    /// <param name="name">Layer name.</param>
    public static GroupNormalization GroupNormalization(int groups = 32, int axis = -1, double epsilon = 0.001, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null, Regularizer? betaRegularizer = null,
        Regularizer? gammaRegularizer = null, Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
    {
        if (groups <= 0 && groups != -1)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"Expected groups > 0, or -1 for one group per channel; got {groups}.");
        }
        return new(WithBetaGamma(new JsonObject
        {
            ["groups"] = groups,
            ["axis"] = axis,
            ["epsilon"] = Epsilon(epsilon),
            ["center"] = center,
            ["scale"] = scale,
        }, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint), name);
    }

    /// <summary><c>keras.layers.UnitNormalization</c> (keras/src/layers/normalization/unit_normalization.py).</summary>
    /// <param name="axis">The axis whose L2 norm becomes 1.</param>
    /// <param name="name">Layer name.</param>
    public static UnitNormalization UnitNormalization(int axis = -1, string? name = null) => new(new JsonObject { ["axis"] = axis }, name);

    /// <summary><c>keras.layers.UnitNormalization</c> over several axes: the norm is taken over all of them together.</summary>
    /// <param name="axis">The axes (at least one, each once).</param>
    /// <param name="name">Layer name.</param>
    public static UnitNormalization UnitNormalization(IReadOnlyList<int> axis, string? name = null) =>
        new(new JsonObject { ["axis"] = Axes(axis) }, name);

    /// <summary><c>keras.layers.RMSNormalization</c> (keras/src/layers/normalization/rms_normalization.py).</summary>
    /// <param name="axis">The axis normalized over (the PyTorch engine, as Keras's torch backend, takes the last axis).</param>
    /// <param name="epsilon">Added to the mean square (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    public static RMSNormalization RMSNormalization(int axis = -1, double epsilon = 1e-6, string? name = null) =>
        new(new JsonObject { ["axis"] = axis, ["epsilon"] = Epsilon(epsilon) }, name);

    /// <summary><c>keras.layers.RMSNormalization</c> over several axes: the trailing axes, with a scale of their shape.</summary>
    /// <param name="axis">The axes (at least one, each once).</param>
    /// <param name="epsilon">Added to the mean square (&gt; 0).</param>
    /// <param name="name">Layer name.</param>
    public static RMSNormalization RMSNormalization(IReadOnlyList<int> axis, double epsilon = 1e-6, string? name = null) =>
        new(new JsonObject { ["axis"] = Axes(axis), ["epsilon"] = Epsilon(epsilon) }, name);

    // LayerNormalization's and GroupNormalization's get_config end with these six entries, in this order.
    private static JsonObject WithBetaGamma(JsonObject config, Initializer? betaInitializer, Initializer? gammaInitializer,
        Regularizer? betaRegularizer, Regularizer? gammaRegularizer, Constraint? betaConstraint, Constraint? gammaConstraint)
    {
        config["beta_initializer"] = LayerArgs.Init(betaInitializer, Initializers.Zeros);
        config["gamma_initializer"] = LayerArgs.Init(gammaInitializer, Initializers.Ones);
        config["beta_regularizer"] = LayerArgs.Reg(betaRegularizer);
        config["gamma_regularizer"] = LayerArgs.Reg(gammaRegularizer);
        config["beta_constraint"] = LayerArgs.Con(betaConstraint);
        config["gamma_constraint"] = LayerArgs.Con(gammaConstraint);
        return config;
    }

    private static JsonArray Axes(IReadOnlyList<int> axis) =>
        axis.Count > 0 && axis.Distinct().Count() == axis.Count
            ? LayerArgs.Ints([.. axis])
            : throw new ArgumentException($"Expected axis to list at least one axis, each once; got [{string.Join(", ", axis)}].", nameof(axis));

    private static double Epsilon(double epsilon) =>
        epsilon > 0 && double.IsFinite(epsilon)
            ? epsilon
            : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Expected epsilon > 0; got {LayerArgs.Text(epsilon)}.");
}
