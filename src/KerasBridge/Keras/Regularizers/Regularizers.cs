using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Keras's regularizers (keras/src/regularizers/regularizers.py), typed with Keras's parameter names and defaults.</summary>
public static class Regularizers
{
    /// <summary>Any regularizer in Keras's catalog by class name, with arguments keyed by Keras's parameter names.</summary>
    /// <param name="className">Keras's class name (or a snake_case alias such as "l1_l2").</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones) or a value of the wrong type.</exception>
    public static Regularizer Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("regularizers").Get(className, nameof(className));
        var given = CatalogArguments.Check(entry, arguments, nameof(arguments));
        var config = CatalogArguments.WithDefaults(entry, given);
        // The catalog's default config holds Keras's float32 rounding of 0.01; the parameter's own default is exact.
        foreach (var parameter in entry.Parameters)
        {
            if (!given.ContainsKey(parameter.Name) && parameter.Default is not null)
            {
                config[parameter.Name] = parameter.Default.DeepClone();
            }
        }
        return new Regularizer(entry.ClassName, config);
    }

    /// <summary><c>keras.regularizers.L1</c>: l1 * sum(|w|).</summary>
    /// <param name="l1">The factor (≥ 0).</param>
    public static Regularizer L1(double l1 = 0.01) => new("L1", new JsonObject { ["l1"] = NonNegative(l1, nameof(l1)) });

    /// <summary><c>keras.regularizers.L2</c>: l2 * sum(w²).</summary>
    /// <param name="l2">The factor (≥ 0).</param>
    public static Regularizer L2(double l2 = 0.01) => new("L2", new JsonObject { ["l2"] = NonNegative(l2, nameof(l2)) });

    /// <summary><c>keras.regularizers.L1L2</c>: l1 * sum(|w|) + l2 * sum(w²).</summary>
    /// <param name="l1">The L1 factor (≥ 0).</param>
    /// <param name="l2">The L2 factor (≥ 0).</param>
    public static Regularizer L1L2(double l1 = 0.0, double l2 = 0.0) =>
        new("L1L2", new JsonObject { ["l1"] = NonNegative(l1, nameof(l1)), ["l2"] = NonNegative(l2, nameof(l2)) });

    /// <summary><c>keras.regularizers.OrthogonalRegularizer</c>: pushes the rows (or columns) of a kernel towards orthogonality.</summary>
    /// <param name="factor">The factor (≥ 0).</param>
    /// <param name="mode">"rows" or "columns".</param>
    public static Regularizer OrthogonalRegularizer(double factor = 0.01, string mode = "rows")
    {
        if (mode is not ("rows" or "columns"))
        {
            throw new ArgumentException($"Expected mode \"rows\" or \"columns\"; got \"{mode}\".", nameof(mode));
        }
        return new("OrthogonalRegularizer", new JsonObject { ["factor"] = NonNegative(factor, nameof(factor)), ["mode"] = mode });
    }

    private static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"Expected {name} >= 0 (finite); got {value.ToString(CultureInfo.InvariantCulture)}.");
}
