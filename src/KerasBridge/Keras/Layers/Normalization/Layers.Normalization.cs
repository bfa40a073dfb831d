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
        new(new JsonObject
        {
            ["axis"] = axis,
            ["epsilon"] = Epsilon(epsilon),
            ["center"] = center,
            ["scale"] = scale,
            ["rms_scaling"] = false,
            ["beta_initializer"] = LayerArgs.Init(betaInitializer, Initializers.Zeros),
            ["gamma_initializer"] = LayerArgs.Init(gammaInitializer, Initializers.Ones),
            ["beta_regularizer"] = LayerArgs.Reg(betaRegularizer),
            ["gamma_regularizer"] = LayerArgs.Reg(gammaRegularizer),
            ["beta_constraint"] = LayerArgs.Con(betaConstraint),
            ["gamma_constraint"] = LayerArgs.Con(gammaConstraint),
        }, name);

    private static double Epsilon(double epsilon) =>
        epsilon > 0 && double.IsFinite(epsilon)
            ? epsilon
            : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Expected epsilon > 0; got {LayerArgs.Text(epsilon)}.");
}
