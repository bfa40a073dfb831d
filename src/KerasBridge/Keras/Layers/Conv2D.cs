using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>A 2D convolution over channels-last images (samples, height, width, channels).</summary>
public sealed class Conv2D : Layer
{
    internal Conv2D(int filters, (int, int) kernelSize, (int, int) strides, Padding padding, Activation? activation, bool useBias,
        Initializer? kernelInitializer, Initializer? biasInitializer, string? name) : base("Conv2D", name)
    {
        Filters = Positive(filters, nameof(filters), "filters");
        Positive(kernelSize.Item1, nameof(kernelSize), "kernel height");
        Positive(kernelSize.Item2, nameof(kernelSize), "kernel width");
        Positive(strides.Item1, nameof(strides), "stride height");
        Positive(strides.Item2, nameof(strides), "stride width");
        KernelSize = kernelSize;
        Strides = strides;
        Padding = padding;
        Activation = activation ?? Activations.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializers.GlorotUniform;
        BiasInitializer = biasInitializer ?? Initializers.Zeros;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>(height, width) of the kernel.</summary>
    public (int Height, int Width) KernelSize { get; }

    /// <summary>(height, width) strides.</summary>
    public (int Height, int Width) Strides { get; }

    /// <summary>Valid or same padding.</summary>
    public Padding Padding { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public Activation Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the kernel is initialized.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>How the bias is initialized.</summary>
    public Initializer BiasInitializer { get; }

    private protected override JsonObject LayerConfig() => new()
    {
        ["filters"] = Filters,
        ["kernel_size"] = KerasConfig.Pair(KernelSize),
        ["strides"] = KerasConfig.Pair(Strides),
        ["padding"] = Padding == Padding.Same ? "same" : "valid",
        ["data_format"] = "channels_last",
        ["dilation_rate"] = KerasConfig.Pair((1, 1)),
        ["groups"] = 1,
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = KernelInitializer.ToConfig(),
        ["bias_initializer"] = BiasInitializer.ToConfig(),
        ["kernel_regularizer"] = null,
        ["bias_regularizer"] = null,
        ["activity_regularizer"] = null,
        ["kernel_constraint"] = null,
        ["bias_constraint"] = null,
    };
}
