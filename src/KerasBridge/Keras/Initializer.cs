using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A weight initializer by Keras name ("glorot_uniform", "zeros", ...): typed through <see cref="Initializers"/>,
/// or a string that converts implicitly and is checked against the known names.
/// </summary>
public sealed record Initializer
{
    private static readonly Dictionary<string, string> ClassNames = new(StringComparer.Ordinal)
    {
        ["glorot_uniform"] = "GlorotUniform",
        ["glorot_normal"] = "GlorotNormal",
        ["he_uniform"] = "HeUniform",
        ["he_normal"] = "HeNormal",
        ["lecun_uniform"] = "LecunUniform",
        ["lecun_normal"] = "LecunNormal",
        ["zeros"] = "Zeros",
        ["ones"] = "Ones",
        ["random_normal"] = "RandomNormal",
        ["random_uniform"] = "RandomUniform",
    };

    internal Initializer(string name) => Name = name;

    /// <summary>Keras's name, e.g. "glorot_uniform".</summary>
    public string Name { get; }

    /// <summary>Parses a Keras initializer name.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Initializer Parse(string name) =>
        NamedOption.Resolve(name, ClassNames.ToDictionary(kv => kv.Key, kv => (Func<Initializer>)(() => new Initializer(kv.Key))), "initializer", "initializer");

    /// <summary>Keras's string names convert implicitly, as in <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string name) => Parse(name);

    /// <summary>The serialized form Keras writes, e.g. {"module": "keras.initializers", "class_name": "GlorotUniform", ...}.</summary>
    internal JsonObject ToConfig()
    {
        var className = ClassNames[Name];
        var config = className switch
        {
            "Zeros" or "Ones" => new JsonObject(),
            "RandomNormal" => new JsonObject { ["mean"] = 0.0, ["stddev"] = 0.05, ["seed"] = null },
            "RandomUniform" => new JsonObject { ["minval"] = -0.05, ["maxval"] = 0.05, ["seed"] = null },
            _ => new JsonObject { ["seed"] = null },
        };
        if (className is "GlorotUniform" or "GlorotNormal" or "HeUniform" or "HeNormal" or "LecunUniform" or "LecunNormal")
        {
            config["input_axes"] = null;
            config["output_axes"] = null;
        }
        return KerasConfig.Serialized("keras.initializers", className, config);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Keras's initializers, typed.</summary>
public static class Initializers
{
    /// <summary>Keras's default kernel initializer.</summary>
    public static Initializer GlorotUniform { get; } = new("glorot_uniform");

    /// <summary>Glorot (Xavier) normal.</summary>
    public static Initializer GlorotNormal { get; } = new("glorot_normal");

    /// <summary>He uniform.</summary>
    public static Initializer HeUniform { get; } = new("he_uniform");

    /// <summary>He normal.</summary>
    public static Initializer HeNormal { get; } = new("he_normal");

    /// <summary>All zeros; Keras's default bias initializer.</summary>
    public static Initializer Zeros { get; } = new("zeros");

    /// <summary>All ones.</summary>
    public static Initializer Ones { get; } = new("ones");

    /// <summary>Normal(0, 0.05).</summary>
    public static Initializer RandomNormal { get; } = new("random_normal");

    /// <summary>Uniform(-0.05, 0.05).</summary>
    public static Initializer RandomUniform { get; } = new("random_uniform");
}
