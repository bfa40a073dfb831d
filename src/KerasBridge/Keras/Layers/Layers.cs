namespace KerasBridge;

/// <summary>Factories mirroring <c>keras.layers</c>: <c>Layers.Dense(10, activation: "relu")</c>.</summary>
public static partial class Layers
{
    /// <summary><c>keras.layers.Dense</c>.</summary>
    /// <param name="units">Number of outputs (&gt; 0).</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="name">Layer name; dense, dense_1, ... when null.</param>
    public static Dense Dense(int units, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, string? name = null) =>
        new(units, activation, useBias, kernelInitializer, biasInitializer, name);

    /// <summary><c>keras.layers.Dropout</c>.</summary>
    /// <param name="rate">Fraction of inputs to drop while training, in [0, 1).</param>
    /// <param name="seed">Optional seed.</param>
    /// <param name="name">Layer name.</param>
    public static Dropout Dropout(double rate, int? seed = null, string? name = null) => new(rate, seed, name);

    /// <summary><c>keras.layers.BatchNormalization</c> with Keras's defaults (momentum 0.99, epsilon 0.001).</summary>
    public static BatchNormalization BatchNormalization(double momentum = 0.99, double epsilon = 0.001,
        bool center = true, bool scale = true, string? name = null) => new(momentum, epsilon, center, scale, name);

    /// <summary><c>keras.layers.Flatten</c>.</summary>
    public static Flatten Flatten(string? name = null) => new(name);

    /// <summary><c>keras.layers.Conv2D</c> with a square kernel.</summary>
    /// <param name="filters">Output channels (&gt; 0).</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="strides">Stride in both directions.</param>
    /// <param name="padding">Valid (default) or same.</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="name">Layer name.</param>
    public static Conv2D Conv2D(int filters, int kernelSize, int strides = 1, Padding padding = Padding.Valid,
        Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        string? name = null) =>
        new(filters, (kernelSize, kernelSize), (strides, strides), padding, activation, useBias, kernelInitializer, biasInitializer, name);

    /// <summary><c>keras.layers.Conv2D</c> with a (height, width) kernel.</summary>
    public static Conv2D Conv2D(int filters, (int Height, int Width) kernelSize, (int Height, int Width)? strides = null,
        Padding padding = Padding.Valid, Activation? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, string? name = null) =>
        new(filters, kernelSize, strides ?? (1, 1), padding, activation, useBias, kernelInitializer, biasInitializer, name);

    /// <summary><c>keras.layers.MaxPooling2D</c> with a square pool; strides default to the pool size.</summary>
    public static MaxPooling2D MaxPooling2D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid, string? name = null) =>
        new((poolSize, poolSize), strides is { } s ? (s, s) : null, padding, name);

    /// <summary><c>keras.layers.MaxPooling2D</c> with a (height, width) pool.</summary>
    public static MaxPooling2D MaxPooling2D((int Height, int Width) poolSize, (int Height, int Width)? strides = null,
        Padding padding = Padding.Valid, string? name = null) => new(poolSize, strides, padding, name);

    /// <summary><c>keras.layers.GlobalAveragePooling2D</c>.</summary>
    public static GlobalAveragePooling2D GlobalAveragePooling2D(string? name = null) => new(name);
}
