namespace KerasBridge;

public static partial class Optimizers
{
    /// <summary>
    /// <c>keras.optimizers.ScheduleFreeAdamW</c> (keras/src/optimizers/schedule_free_adamw.py): AdamW without a
    /// learning-rate schedule, by interpolation and averaging. Gradient steps go to a sequence z (the optimizer's
    /// "momentum" variables, started from the weights), x is their running average, and the weights hold
    /// y = (1 - beta1)·z + beta1·x. As in Keras 3.15.1, evaluate, predict and saving use y as it is: no weights are
    /// swapped for x.
    /// </summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.0025.</param>
    /// <param name="beta1">Interpolation between z and x, in (0, 1].</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment (≥ 0).</param>
    /// <param name="warmupSteps">Steps over which the learning rate rises linearly from 0 (≥ 0; 0 for none).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer ScheduleFreeAdamW(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        int warmupSteps = 0, double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("ScheduleFreeAdamW", learningRate ?? 0.0025, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_1"] = beta1 > 0 && beta1 <= 1
            ? beta1
            : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"Expected beta1 in (0, 1]; got {Text(beta1)}.");
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = NonNegative(epsilon, nameof(epsilon));
        config["warmup_steps"] = warmupSteps >= 0
            ? warmupSteps
            : throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Expected warmupSteps >= 0; got {warmupSteps}.");
        return new("ScheduleFreeAdamW", config);
    }
}
