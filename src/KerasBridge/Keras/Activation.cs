namespace KerasBridge;

/// <summary>
/// A Keras activation function. Use <see cref="Activations"/> (typed) or Keras's string names
/// ("relu", "sigmoid", "softmax", "tanh", "linear"): a string converts implicitly and an unknown one is an
/// <see cref="ArgumentException"/> listing the valid names.
/// </summary>
public sealed record Activation
{
    private static readonly Dictionary<string, Func<Activation>> Known = new(StringComparer.Ordinal)
    {
        ["relu"] = () => Activations.Relu,
        ["sigmoid"] = () => Activations.Sigmoid,
        ["softmax"] = () => Activations.Softmax,
        ["tanh"] = () => Activations.Tanh,
        ["linear"] = () => Activations.Linear,
    };

    internal Activation(string name) => Name = name;

    /// <summary>Keras's name for it, as written in a model config.</summary>
    public string Name { get; }

    /// <summary>Parses Keras's name of an activation.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Activation Parse(string name) => NamedOption.Resolve(name, Known, "activation", "activation");

    /// <summary>Keras's string names convert implicitly, as in <c>activation: "relu"</c>.</summary>
    public static implicit operator Activation(string name) => Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The activations the lesson uses, typed: <c>Layers.Dense(10, activation: Activations.Relu)</c>.</summary>
public static class Activations
{
    /// <summary>max(x, 0).</summary>
    public static Activation Relu { get; } = new("relu");

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Activation Sigmoid { get; } = new("sigmoid");

    /// <summary>exp(x) / sum(exp(x)) over the last axis.</summary>
    public static Activation Softmax { get; } = new("softmax");

    /// <summary>tanh(x).</summary>
    public static Activation Tanh { get; } = new("tanh");

    /// <summary>x (no activation).</summary>
    public static Activation Linear { get; } = new("linear");
}
