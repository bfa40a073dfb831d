using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Optimizers
{
    /// <summary>
    /// <c>keras.optimizers.Lamb</c> (keras/src/optimizers/lamb.py): Adam's update scaled per weight by the trust ratio
    /// ‖w‖ / ‖update‖, for large batches. Keras's <c>optimizers.get</c> does not know it by name, so it has no string form.
    /// </summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment (> 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Lamb(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Lamb", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_1"] = Unit(beta1, nameof(beta1));
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        return new("Lamb", config);
    }
}
