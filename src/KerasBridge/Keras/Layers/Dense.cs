using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>A densely connected layer: activation(x · kernel + bias).</summary>
public sealed class Dense : Layer
{
    internal Dense(int units, Activation? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer, string? name)
        : base("Dense", name)
    {
        Units = Positive(units, nameof(units), "units");
        Activation = activation ?? Activations.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializers.GlorotUniform;
        BiasInitializer = biasInitializer ?? Initializers.Zeros;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public Activation Activation { get; }

    /// <summary>Whether a bias vector is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the kernel is initialized.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>How the bias is initialized.</summary>
    public Initializer BiasInitializer { get; }

    private protected override JsonObject LayerConfig() => new()
    {
        ["units"] = Units,
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = KernelInitializer.ToConfig(),
        ["bias_initializer"] = BiasInitializer.ToConfig(),
        ["kernel_regularizer"] = null,
        ["bias_regularizer"] = null,
        ["kernel_constraint"] = null,
        ["bias_constraint"] = null,
        ["quantization_config"] = null,
    };
}
