using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras learning-rate schedule (keras.optimizers.schedules): the optimizer calls it with its iteration count
/// before each update. Built by <see cref="Schedules"/>; converts implicitly to <see cref="LearningRate"/>.
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly JsonObject _config;

    internal LearningRateSchedule(string className, JsonObject config)
    {
        ClassName = className;
        _config = config;
    }

    /// <summary>Keras's class name, e.g. "ExponentialDecay".</summary>
    public string ClassName { get; }

    /// <summary>The rate at step 0 as the config states it (initial_learning_rate, or PiecewiseConstantDecay's first value).</summary>
    public double InitialLearningRate =>
        ClassName == "PiecewiseConstantDecay" ? (double)_config["values"]![0]! : (double)_config["initial_learning_rate"]!;

    /// <summary>The serialized schedule (module keras.optimizers.schedules), as Keras writes it inside an optimizer config.</summary>
    internal JsonObject ToConfig() => KerasConfig.Serialized("keras.optimizers.schedules", ClassName, (JsonObject)_config.DeepClone());

    /// <summary>The schedule's config (a copy), keys as Keras writes them.</summary>
    internal JsonObject Config => (JsonObject)_config.DeepClone();

    internal static LearningRateSchedule FromNode(JsonObject node)
    {
        var className = node["class_name"]?.GetValue<string>();
        if (className is null || !Schedules.ClassNames.Contains(className) || node["config"] is not JsonObject config)
        {
            throw new ArgumentException(
                $"Unknown learning-rate schedule '{className}'. Expected one of: {string.Join(", ", Schedules.ClassNames)}.", "learningRate");
        }
        return new LearningRateSchedule(className, (JsonObject)config.DeepClone());
    }

    /// <inheritdoc />
    public override string ToString() => $"{ClassName}({KerasJson.Serialize(_config)})";
}

/// <summary>
/// Keras's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py), typed, with Keras's
/// defaults: <c>Optimizers.SGD(learningRate: Schedules.ExponentialDecay(0.1, decaySteps: 3, decayRate: 0.5))</c>.
/// </summary>
public static partial class Schedules
{
    internal static readonly string[] ClassNames =
        ["CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay", "PolynomialDecay"];

    /// <summary><c>keras.optimizers.schedules.ExponentialDecay</c>: initialLearningRate * decayRate ^ (step / decaySteps).</summary>
    /// <param name="initialLearningRate">The rate at step 0 (> 0).</param>
    /// <param name="decaySteps">Steps per decay period (> 0).</param>
    /// <param name="decayRate">The factor per period (> 0).</param>
    /// <param name="staircase">Decay in whole periods (floor of step / decaySteps).</param>
    /// <param name="name">The schedule's name.</param>
    public static LearningRateSchedule ExponentialDecay(double initialLearningRate, int decaySteps, double decayRate, bool staircase = false, string name = "ExponentialDecay") =>
        new("ExponentialDecay", new JsonObject
        {
            ["initial_learning_rate"] = Positive(initialLearningRate, nameof(initialLearningRate)),
            ["decay_steps"] = PositiveSteps(decaySteps, nameof(decaySteps)),
            ["decay_rate"] = Positive(decayRate, nameof(decayRate)),
            ["staircase"] = staircase,
            ["name"] = name,
        });

    /// <summary><c>keras.optimizers.schedules.PiecewiseConstantDecay</c>: values[0] up to boundaries[0], values[1] up to boundaries[1], ...</summary>
    /// <param name="boundaries">Increasing step boundaries.</param>
    /// <param name="values">One more value than boundaries, each > 0.</param>
    /// <param name="name">The schedule's name.</param>
    public static LearningRateSchedule PiecewiseConstantDecay(IReadOnlyList<int> boundaries, IReadOnlyList<double> values, string name = "PiecewiseConstant")
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
        {
            throw new ArgumentException($"Expected one more value than boundaries; got {boundaries.Count} boundaries and {values.Count} values.", nameof(values));
        }
        for (var i = 1; i < boundaries.Count; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
            {
                throw new ArgumentException($"Expected increasing boundaries; got [{string.Join(", ", boundaries)}].", nameof(boundaries));
            }
        }
        foreach (var value in values)
        {
            Positive(value, nameof(values));
        }
        return new("PiecewiseConstantDecay", new JsonObject
        {
            ["boundaries"] = new JsonArray(boundaries.Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
            ["values"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["name"] = name,
        });
    }

    /// <summary><c>keras.optimizers.schedules.PolynomialDecay</c>: from initialLearningRate to endLearningRate over decaySteps.</summary>
    /// <param name="initialLearningRate">The rate at step 0 (> 0).</param>
    /// <param name="decaySteps">Steps to reach the end rate (> 0).</param>
    /// <param name="endLearningRate">The final rate (≥ 0).</param>
    /// <param name="power">The polynomial's power (> 0).</param>
    /// <param name="cycle">Restart the decay after decaySteps, with a longer period.</param>
    /// <param name="name">The schedule's name.</param>
    public static LearningRateSchedule PolynomialDecay(double initialLearningRate, int decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false, string name = "PolynomialDecay") =>
        new("PolynomialDecay", new JsonObject
        {
            ["initial_learning_rate"] = Positive(initialLearningRate, nameof(initialLearningRate)),
            ["decay_steps"] = PositiveSteps(decaySteps, nameof(decaySteps)),
            ["end_learning_rate"] = NonNegative(endLearningRate, nameof(endLearningRate)),
            ["power"] = Positive(power, nameof(power)),
            ["cycle"] = cycle,
            ["name"] = name,
        });

    /// <summary><c>keras.optimizers.schedules.InverseTimeDecay</c>: initialLearningRate / (1 + decayRate * step / decaySteps).</summary>
    /// <param name="initialLearningRate">The rate at step 0 (> 0).</param>
    /// <param name="decaySteps">Steps per decay period (> 0).</param>
    /// <param name="decayRate">The decay per period (≥ 0).</param>
    /// <param name="staircase">Decay in whole periods.</param>
    /// <param name="name">The schedule's name.</param>
    public static LearningRateSchedule InverseTimeDecay(double initialLearningRate, int decaySteps, double decayRate, bool staircase = false, string name = "InverseTimeDecay") =>
        new("InverseTimeDecay", new JsonObject
        {
            ["initial_learning_rate"] = Positive(initialLearningRate, nameof(initialLearningRate)),
            ["decay_steps"] = PositiveSteps(decaySteps, nameof(decaySteps)),
            ["decay_rate"] = NonNegative(decayRate, nameof(decayRate)),
            ["staircase"] = staircase,
            ["name"] = name,
        });

    /// <summary>
    /// <c>keras.optimizers.schedules.CosineDecay</c>: cosine decay from initialLearningRate (or, with a warmup, from
    /// warmupTarget after a linear warmup of warmupSteps) down to alpha times that rate over decaySteps.
    /// </summary>
    /// <param name="initialLearningRate">The rate at step 0 (≥ 0; 0 is usual with a warmup).</param>
    /// <param name="decaySteps">Steps of the cosine decay (> 0).</param>
    /// <param name="alpha">The final rate as a fraction of the decayed-from rate, in [0, 1].</param>
    /// <param name="name">The schedule's name.</param>
    /// <param name="warmupTarget">The rate reached at the end of the warmup; null for no warmup.</param>
    /// <param name="warmupSteps">Steps of linear warmup (≥ 0).</param>
    public static LearningRateSchedule CosineDecay(double initialLearningRate, int decaySteps, double alpha = 0.0, string name = "CosineDecay", double? warmupTarget = null, int warmupSteps = 0)
    {
        if (warmupTarget is { } target)
        {
            Positive(target, nameof(warmupTarget));
        }
        if (warmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Expected warmupSteps >= 0; got {warmupSteps}.");
        }
        return new("CosineDecay", new JsonObject
        {
            ["initial_learning_rate"] = NonNegative(initialLearningRate, nameof(initialLearningRate)),
            ["decay_steps"] = PositiveSteps(decaySteps, nameof(decaySteps)),
            ["alpha"] = Fraction(alpha, nameof(alpha)),
            ["name"] = name,
            ["warmup_target"] = warmupTarget,
            ["warmup_steps"] = warmupSteps,
        });
    }

    /// <summary><c>keras.optimizers.schedules.CosineDecayRestarts</c> (SGDR): cosine decay restarted after each period, each tMul times longer.</summary>
    /// <param name="initialLearningRate">The rate at step 0 (> 0).</param>
    /// <param name="firstDecaySteps">Steps of the first period (> 0).</param>
    /// <param name="tMul">Period length factor per restart (> 0).</param>
    /// <param name="mMul">Initial-rate factor per restart (> 0).</param>
    /// <param name="alpha">The minimum rate as a fraction of the initial rate, in [0, 1].</param>
    /// <param name="name">The schedule's name.</param>
    public static LearningRateSchedule CosineDecayRestarts(double initialLearningRate, int firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0, string name = "SGDRDecay") =>
        new("CosineDecayRestarts", new JsonObject
        {
            ["initial_learning_rate"] = Positive(initialLearningRate, nameof(initialLearningRate)),
            ["first_decay_steps"] = PositiveSteps(firstDecaySteps, nameof(firstDecaySteps)),
            ["t_mul"] = Positive(tMul, nameof(tMul)),
            ["m_mul"] = Positive(mMul, nameof(mMul)),
            ["alpha"] = Fraction(alpha, nameof(alpha)),
            ["name"] = name,
        });

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} > 0 (finite); got {Text(value)}.");

    private static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} >= 0 (finite); got {Text(value)}.");

    private static double Fraction(double value, string name) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} in [0, 1]; got {Text(value)}.");

    private static int PositiveSteps(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} > 0; got {value}.");

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
