using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras weight initializer (keras.initializers): typed through <see cref="Initializers"/>
/// (<c>Initializers.HeNormal(seed: 1)</c>), or one of Keras's names ("glorot_uniform", "he_normal", "orthogonal", ...
/// or a class name such as "GlorotUniform"), which converts implicitly with Keras's defaults; an unknown name is an
/// <see cref="ArgumentException"/> listing the valid ones.
/// </summary>
public sealed class Initializer : KerasObjectConfig
{
    internal Initializer(string className, JsonObject config)
        : base("keras.initializers", className, config)
    {
    }

    /// <summary>Keras's snake_case name, e.g. "glorot_uniform".</summary>
    public string Name => LayerNames.SnakeCase(ClassName);

    /// <summary>Parses a Keras initializer name ("he_normal" or "HeNormal"), with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Initializer Parse(string name) => CatalogNames.Parse(name, "initializers", "initializer", Initializers.Create);

    /// <summary>Keras's string names convert implicitly, as in <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string name) => Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
