using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Optimizers
{
    /// <summary>
    /// <c>keras.optimizers.Adafactor</c> (keras/src/optimizers/adafactor.py): second moments factored into row and
    /// column averages for weights of rank ≥ 2 (memory linear in the sides, not their product), a step size relative
    /// to the weights' RMS, and an update clipped by its own RMS.
    /// </summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta2Decay">Exponent of the step count in the second-moment decay, 1 - t^beta2Decay (finite; Keras's -0.8).</param>
    /// <param name="epsilon1">Added to the squared gradient (≥ 0).</param>
    /// <param name="epsilon2">Floor of the weights' RMS in the step size (≥ 0).</param>
    /// <param name="clipThreshold">The update is scaled down where its RMS exceeds this (> 0).</param>
    /// <param name="relativeStep">With a fixed learning rate, cap it at 1/√t.</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Adafactor(LearningRate? learningRate = null, double beta2Decay = -0.8, double epsilon1 = 1e-30, double epsilon2 = 1e-3,
        double clipThreshold = 1.0, bool relativeStep = true,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Adafactor", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_2_decay"] = double.IsFinite(beta2Decay)
            ? beta2Decay
            : throw new ArgumentOutOfRangeException(nameof(beta2Decay), beta2Decay, $"Expected a finite beta2Decay; got {Text(beta2Decay)}.");
        config["epsilon_1"] = NonNegative(epsilon1, nameof(epsilon1));
        config["epsilon_2"] = NonNegative(epsilon2, nameof(epsilon2));
        config["clip_threshold"] = PositiveValue(clipThreshold, nameof(clipThreshold));
        config["relative_step"] = relativeStep;
        return new("Adafactor", config);
    }
}
