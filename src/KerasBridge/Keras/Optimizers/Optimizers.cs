using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Keras's optimizers, typed, with Keras's parameter names (in C# casing) and defaults. Every factory takes the base
/// options of keras.optimizers.Optimizer (keras/src/optimizers/base_optimizer.py): <c>weightDecay</c>, <c>clipnorm</c>,
/// <c>clipvalue</c>, <c>globalClipnorm</c> (at most one of the three clip options), <c>useEma</c>, <c>emaMomentum</c>,
/// <c>emaOverwriteFrequency</c> and <c>name</c>. <c>learningRate</c> is a number or a <see cref="LearningRateSchedule"/>
/// (see <see cref="Schedules"/>); null means the optimizer's Keras default.
/// </summary>
public static partial class Optimizers
{
    /// <summary><c>keras.optimizers.SGD</c> (keras/src/optimizers/sgd.py): learning rate 0.01, no momentum by default.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.01.</param>
    /// <param name="momentum">Momentum in [0, 1].</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay (w -= w * weightDecay * lr before each update), ≥ 0; null for none.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm (> 0); null for none.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue] (> 0); null for none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global L2 norm (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights; fit ends by copying it into the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">With useEma, overwrite the weights with their average every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer SGD(LearningRate? learningRate = null, double momentum = 0.0, bool nesterov = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("SGD", learningRate ?? 0.01, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["momentum"] = Unit(momentum, nameof(momentum), inclusiveOne: true);
        config["nesterov"] = nesterov;
        return new("SGD", config);
    }

    /// <summary><c>keras.optimizers.Adam</c> (keras/src/optimizers/adam.py).</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (> 0).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (keeps the maximum of past second moments).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Adam(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Adam", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        AddAdamOptions(config, beta1, beta2, epsilon, amsgrad);
        return new("Adam", config);
    }

    /// <summary><c>keras.optimizers.AdamW</c> (keras/src/optimizers/adamw.py): Adam with decoupled weight decay 0.004 by default.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (> 0).</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer AdamW(LearningRate? learningRate = null, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("AdamW", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        AddAdamOptions(config, beta1, beta2, epsilon, amsgrad);
        return new("AdamW", config);
    }

    /// <summary><c>keras.optimizers.RMSprop</c> (keras/src/optimizers/rmsprop.py).</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="rho">Decay of the squared-gradient average, in [0, 1).</param>
    /// <param name="momentum">Momentum in [0, 1].</param>
    /// <param name="epsilon">Added inside the square root (> 0).</param>
    /// <param name="centered">Normalize by the estimated gradient variance instead of the second moment.</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer RMSprop(LearningRate? learningRate = null, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("RMSprop", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["rho"] = Unit(rho, nameof(rho));
        config["momentum"] = Unit(momentum, nameof(momentum), inclusiveOne: true);
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        config["centered"] = centered;
        return new("RMSprop", config);
    }

    /// <summary><c>keras.optimizers.Adagrad</c> (keras/src/optimizers/adagrad.py).</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="initialAccumulatorValue">Starting value of the squared-gradient accumulators (≥ 0).</param>
    /// <param name="epsilon">Added inside the square root (> 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Adagrad(LearningRate? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Adagrad", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["initial_accumulator_value"] = NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        return new("Adagrad", config);
    }

    /// <summary><c>keras.optimizers.Adadelta</c> (keras/src/optimizers/adadelta.py).</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="rho">Decay of the accumulated averages, in [0, 1).</param>
    /// <param name="epsilon">Added inside the square roots (> 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Adadelta(LearningRate? learningRate = null, double rho = 0.95, double epsilon = 1e-7,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Adadelta", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["rho"] = Unit(rho, nameof(rho));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        return new("Adadelta", config);
    }

    /// <summary><c>keras.optimizers.Adamax</c> (keras/src/optimizers/adamax.py): Adam with the infinity norm.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the weighted infinity norm, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (> 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Adamax(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Adamax", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_1"] = Unit(beta1, nameof(beta1));
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        return new("Adamax", config);
    }

    /// <summary><c>keras.optimizers.Nadam</c> (keras/src/optimizers/nadam.py): Adam with Nesterov momentum.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (> 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Nadam(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Nadam", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_1"] = Unit(beta1, nameof(beta1));
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        return new("Nadam", config);
    }

    /// <summary><c>keras.optimizers.Lion</c> (keras/src/optimizers/lion.py): sign of an interpolated momentum.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="beta1">Interpolation between momentum and gradient for the update, in (0, 1].</param>
    /// <param name="beta2">Decay of the momentum, in [0, 1).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Lion(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.99,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Lion", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["beta_1"] = beta1 is > 0 and <= 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"Expected beta1 in (0, 1]; got {Text(beta1)}.");
        config["beta_2"] = Unit(beta2, nameof(beta2));
        return new("Lion", config);
    }

    /// <summary><c>keras.optimizers.Ftrl</c> (keras/src/optimizers/ftrl.py): Follow The Regularized Leader.</summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="learningRatePower">How the rate shrinks with the accumulated squared gradient (≤ 0).</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators (≥ 0).</param>
    /// <param name="l1RegularizationStrength">L1 regularization (≥ 0).</param>
    /// <param name="l2RegularizationStrength">L2 regularization (≥ 0).</param>
    /// <param name="l2ShrinkageRegularizationStrength">L2 shrinkage on the gradient (≥ 0).</param>
    /// <param name="beta">Added to the L2 term as beta / (2 * learning rate) (≥ 0).</param>
    /// <param name="weightDecay">Decoupled weight decay, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    public static Optimizer Ftrl(LearningRate? learningRate = null, double learningRatePower = -0.5, double initialAccumulatorValue = 0.1,
        double l1RegularizationStrength = 0.0, double l2RegularizationStrength = 0.0, double l2ShrinkageRegularizationStrength = 0.0, double beta = 0.0,
        double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null)
    {
        var config = Base("Ftrl", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        config["learning_rate_power"] = learningRatePower <= 0 && double.IsFinite(learningRatePower)
            ? learningRatePower
            : throw new ArgumentOutOfRangeException(nameof(learningRatePower), learningRatePower, $"Expected learningRatePower <= 0; got {Text(learningRatePower)}.");
        config["initial_accumulator_value"] = NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        config["l1_regularization_strength"] = NonNegative(l1RegularizationStrength, nameof(l1RegularizationStrength));
        config["l2_regularization_strength"] = NonNegative(l2RegularizationStrength, nameof(l2RegularizationStrength));
        config["l2_shrinkage_regularization_strength"] = NonNegative(l2ShrinkageRegularizationStrength, nameof(l2ShrinkageRegularizationStrength));
        config["beta"] = NonNegative(beta, nameof(beta));
        return new("Ftrl", config);
    }

    // The base options, each declared once, in Keras's get_config order.
    private static JsonObject Base(string className, LearningRate learningRate, double? weightDecay, double? clipnorm, double? clipvalue,
        double? globalClipnorm, bool useEma, double emaMomentum, int? emaOverwriteFrequency, string? name)
    {
        var clips = new[] { ("clipnorm", clipnorm), ("clipvalue", clipvalue), ("globalClipnorm", globalClipnorm) }.Where(c => c.Item2 is not null).ToList();
        if (clips.Count > 1)
        {
            throw new ArgumentException(
                $"Expected at most one of clipnorm, clipvalue and globalClipnorm; got {string.Join(", ", clips.Select(c => $"{c.Item1}={Text(c.Item2!.Value)}"))}.",
                clips[1].Item1);
        }
        if (emaOverwriteFrequency is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(emaOverwriteFrequency), emaOverwriteFrequency, $"Expected emaOverwriteFrequency >= 1 or null; got {emaOverwriteFrequency}.");
        }
        return new JsonObject
        {
            ["name"] = name ?? LayerNames.Next(LayerNames.SnakeCase(className)),
            ["learning_rate"] = learningRate.ToNode(nameof(learningRate)),
            ["weight_decay"] = weightDecay is { } wd ? NonNegative(wd, nameof(weightDecay)) : null,
            ["clipnorm"] = clipnorm is { } cn ? PositiveValue(cn, nameof(clipnorm)) : null,
            ["global_clipnorm"] = globalClipnorm is { } gn ? PositiveValue(gn, nameof(globalClipnorm)) : null,
            ["clipvalue"] = clipvalue is { } cv ? PositiveValue(cv, nameof(clipvalue)) : null,
            ["use_ema"] = useEma,
            ["ema_momentum"] = Unit(emaMomentum, nameof(emaMomentum), inclusiveOne: true),
            ["ema_overwrite_frequency"] = emaOverwriteFrequency,
            ["loss_scale_factor"] = null,
            ["gradient_accumulation_steps"] = null,
        };
    }

    private static void AddAdamOptions(JsonObject config, double beta1, double beta2, double epsilon, bool amsgrad)
    {
        config["beta_1"] = Unit(beta1, nameof(beta1));
        config["beta_2"] = Unit(beta2, nameof(beta2));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        config["amsgrad"] = amsgrad;
    }

    private static double Unit(double value, string name, bool inclusiveOne = false) =>
        value >= 0 && (inclusiveOne ? value <= 1 : value < 1)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} in [0, 1{(inclusiveOne ? "]" : ")")}; got {Text(value)}.");

    private static double PositiveValue(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} > 0; got {Text(value)}.");

    private static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} >= 0; got {Text(value)}.");

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
