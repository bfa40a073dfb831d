using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras weight constraint (keras.constraints), applied to the weights after each update: typed through
/// <see cref="Constraints"/> (<c>kernelConstraint: Constraints.MaxNorm(3)</c>) or Keras's names ("max_norm",
/// "min_max_norm", "non_neg", "unit_norm"), which convert implicitly with Keras's defaults.
/// </summary>
public sealed class Constraint : KerasObjectConfig
{
    internal Constraint(string className, JsonObject config)
        : base("keras.constraints", className, config)
    {
    }

    /// <summary>Parses a Keras constraint name ("non_neg" or "NonNeg"), with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Constraint Parse(string name) => CatalogNames.Parse(name, "constraints", "constraint", Constraints.Create);

    /// <summary>Keras's string names convert implicitly: <c>kernelConstraint: "non_neg"</c>.</summary>
    public static implicit operator Constraint(string name) => Parse(name);
}
