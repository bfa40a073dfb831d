using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Normalizes its inputs per feature: batch statistics while training, moving averages at inference.</summary>
public sealed class BatchNormalization : Layer
{
    internal BatchNormalization(double momentum, double epsilon, bool center, bool scale, string? name) : base("BatchNormalization", name)
    {
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"Expected momentum in [0, 1]; got {momentum}.");
        }
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Expected epsilon > 0; got {epsilon}.");
        }
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
    }

    /// <summary>The moving averages' momentum (Keras default 0.99).</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance (Keras default 0.001).</summary>
    public double Epsilon { get; }

    /// <summary>Whether a learned offset (beta) is added.</summary>
    public bool Center { get; }

    /// <summary>Whether a learned scale (gamma) is applied.</summary>
    public bool Scale { get; }

    private protected override JsonObject LayerConfig() => new()
    {
        ["axis"] = -1,
        ["momentum"] = Momentum,
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["beta_initializer"] = Initializers.Zeros.ToConfig(),
        ["gamma_initializer"] = Initializers.Ones.ToConfig(),
        ["moving_mean_initializer"] = Initializers.Zeros.ToConfig(),
        ["moving_variance_initializer"] = Initializers.Ones.ToConfig(),
        ["beta_regularizer"] = null,
        ["gamma_regularizer"] = null,
        ["beta_constraint"] = null,
        ["gamma_constraint"] = null,
        ["synchronized"] = false,
        ["renorm"] = false,
        ["renorm_clipping"] = null,
        ["renorm_momentum"] = 0.99,
    };
}
