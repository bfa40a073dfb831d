using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's weight constraints (keras/src/constraints/constraints.py), typed with Keras's parameter names and defaults.</summary>
public static class Constraints
{
    /// <summary>Any constraint in Keras's catalog by class name, with arguments keyed by Keras's parameter names.</summary>
    /// <param name="className">Keras's class name (or a snake_case alias such as "max_norm").</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones) or a value of the wrong type.</exception>
    public static Constraint Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("constraints").Get(className, nameof(className));
        var given = CatalogArguments.Check(entry, arguments, nameof(arguments));
        return new Constraint(entry.ClassName, CatalogArguments.WithDefaults(entry, given));
    }

    /// <summary><c>keras.constraints.MaxNorm</c>: rescales weights whose norm along <paramref name="axis"/> exceeds <paramref name="maxValue"/>.</summary>
    /// <param name="maxValue">The largest norm (&gt; 0).</param>
    /// <param name="axis">The axis or axes the norm is taken along: none for Keras's default 0 (a Dense kernel's inputs);
    /// <c>axis: [0, 1, 2]</c> for a Conv2D kernel's (rows, cols, input channels).</param>
    public static Constraint MaxNorm(double maxValue = 2, params int[] axis) =>
        new("MaxNorm", new JsonObject { ["max_value"] = Positive(maxValue, nameof(maxValue)), ["axis"] = Axis(axis) });

    /// <summary><c>keras.constraints.MinMaxNorm</c>: keeps the norm along <paramref name="axis"/> in [minValue, maxValue], moved there at <paramref name="rate"/>.</summary>
    /// <param name="minValue">The smallest norm (≥ 0).</param>
    /// <param name="maxValue">The largest norm (≥ minValue).</param>
    /// <param name="rate">How far towards the range each step moves, in [0, 1].</param>
    /// <param name="axis">The axis or axes the norm is taken along (none: Keras's default 0).</param>
    public static Constraint MinMaxNorm(double minValue = 0.0, double maxValue = 1.0, double rate = 1.0, params int[] axis)
    {
        if (!(minValue >= 0 && maxValue >= minValue))
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, $"Expected 0 <= minValue <= maxValue; got minValue {minValue}, maxValue {maxValue}.");
        }
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Expected rate in [0, 1]; got {rate}.");
        }
        return new("MinMaxNorm", new JsonObject { ["min_value"] = minValue, ["max_value"] = maxValue, ["rate"] = rate, ["axis"] = Axis(axis) });
    }

    /// <summary><c>keras.constraints.NonNeg</c>: negative weights become zero.</summary>
    public static Constraint NonNeg() => new("NonNeg", []);

    /// <summary><c>keras.constraints.UnitNorm</c>: weights rescaled to norm 1 along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis or axes the norm is taken along (none: Keras's default 0).</param>
    public static Constraint UnitNorm(params int[] axis) => new("UnitNorm", new JsonObject { ["axis"] = Axis(axis) });

    // Keras writes one axis as an int and several as a list; none given means its default, 0.
    private static JsonNode Axis(int[]? axis) => axis switch
    {
        null or [] => 0,
        [var one] => one,
        _ => new JsonArray([.. axis.Select(a => (JsonNode)a)]),
    };

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} > 0 (finite); got {value}.");
}
