namespace KerasBridge;

/// <summary>
/// A Keras activation function. Use <see cref="Activations"/> (typed) or Keras's string names
/// ("relu", "sigmoid", "softmax", "tanh", "linear"): a string converts implicitly and an unknown one is an
/// <see cref="ArgumentException"/> listing the valid names.
/// </summary>
public sealed record Activation
{
    // Every function of keras.activations, by the name Keras serializes (the catalog lists them).
    private static readonly Lazy<Dictionary<string, Func<Activation>>> Known = new(() =>
        KerasCatalog.Activations.ToDictionary(n => n, n => (Func<Activation>)(() => new Activation(n)), StringComparer.Ordinal));

    internal Activation(string name) => Name = name;

    /// <summary>Keras's name for it, as written in a model config.</summary>
    public string Name { get; }

    /// <summary>Parses Keras's name of an activation.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Activation Parse(string name) => NamedOption.Resolve(name, Known.Value, "activation", "activation");

    /// <summary>Keras's string names convert implicitly, as in <c>activation: "relu"</c>.</summary>
    public static implicit operator Activation(string name) => Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Common activations, typed (any other by its Keras name): <c>Layers.Dense(10, activation: Activations.Relu)</c>.</summary>
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

    /// <summary>x * Φ(x) (Gaussian error linear unit; Keras's approximate=False).</summary>
    public static Activation Gelu { get; } = new("gelu");

    /// <summary>x for x &gt; 0, exp(x) - 1 otherwise.</summary>
    public static Activation Elu { get; } = new("elu");

    /// <summary>Scaled ELU (self-normalizing).</summary>
    public static Activation Selu { get; } = new("selu");

    /// <summary>x * sigmoid(x) (also called SiLU).</summary>
    public static Activation Swish { get; } = new("swish");

    /// <summary>log(exp(x) + 1).</summary>
    public static Activation Softplus { get; } = new("softplus");

    /// <summary>x / (|x| + 1).</summary>
    public static Activation Softsign { get; } = new("softsign");

    /// <summary>max(x, 0.2 * x) with Keras's default negative slope.</summary>
    public static Activation LeakyRelu { get; } = new("leaky_relu");

    /// <summary>min(max(x, 0), 6).</summary>
    public static Activation Relu6 { get; } = new("relu6");

    /// <summary>Piecewise-linear sigmoid: clip(x / 6 + 0.5, 0, 1).</summary>
    public static Activation HardSigmoid { get; } = new("hard_sigmoid");

    /// <summary>exp(x).</summary>
    public static Activation Exponential { get; } = new("exponential");

    /// <summary>log(softmax(x)) over the last axis.</summary>
    public static Activation LogSoftmax { get; } = new("log_softmax");
}
