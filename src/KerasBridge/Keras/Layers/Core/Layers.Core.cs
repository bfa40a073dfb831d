using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Factories mirroring <c>keras.layers</c>, with Keras's parameter names (in C# casing) and defaults:
/// <c>Layers.Dense(10, activation: "relu")</c>. The typed ones are split by family (Core, Convolution, Pooling, ...);
/// any other class of Keras's catalog is made by name through <see cref="Create(string, object?)"/>.
/// </summary>
public static partial class Layers
{
    /// <summary><c>keras.layers.Dense</c> (keras/src/layers/core/dense.py).</summary>
    /// <param name="units">Number of outputs (&gt; 0).</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name; dense, dense_1, ... when null.</param>
    public static Dense Dense(int units, Activation? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
    {
        var config = new JsonObject
        {
            ["units"] = LayerArgs.Positive(units, nameof(units)),
            ["activation"] = LayerArgs.Act(activation, Activations.Linear),
            ["use_bias"] = useBias,
            ["kernel_initializer"] = LayerArgs.Init(kernelInitializer, () => Initializers.GlorotUniform()),
            ["bias_initializer"] = LayerArgs.Init(biasInitializer, Initializers.Zeros),
            ["kernel_regularizer"] = LayerArgs.Reg(kernelRegularizer),
            ["bias_regularizer"] = LayerArgs.Reg(biasRegularizer),
            ["kernel_constraint"] = LayerArgs.Con(kernelConstraint),
            ["bias_constraint"] = LayerArgs.Con(biasConstraint),
            ["quantization_config"] = null,
        };
        // Keras's Layer.get_config writes activity_regularizer only when one is set.
        if (activityRegularizer is not null)
        {
            config["activity_regularizer"] = activityRegularizer.ToConfig();
        }
        return new(config, name);
    }

    /// <summary><c>keras.layers.Flatten</c> (keras/src/layers/reshaping/flatten.py).</summary>
    /// <param name="dataFormat">"channels_last" (null) or "channels_first" (channels moved last before flattening).</param>
    /// <param name="name">Layer name.</param>
    public static Flatten Flatten(string? dataFormat = null, string? name = null) =>
        new(new JsonObject { ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)) }, name);

    /// <summary><c>keras.layers.Embedding</c> (keras/src/layers/core/embedding.py).</summary>
    /// <param name="inputDim">Vocabulary size: ids are in [0, inputDim) (&gt; 0).</param>
    /// <param name="outputDim">Vector length (&gt; 0).</param>
    /// <param name="embeddingsInitializer">uniform (RandomUniform(-0.05, 0.05)) when null.</param>
    /// <param name="embeddingsRegularizer">Penalty on the embeddings.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="embeddingsConstraint">Constraint on the embeddings.</param>
    /// <param name="maskZero">Whether id 0 is padding (masked downstream; inputDim then counts it).</param>
    /// <param name="name">Layer name.</param>
    public static Embedding Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null,
        Regularizer? activityRegularizer = null, Constraint? embeddingsConstraint = null, bool maskZero = false, string? name = null) =>
        new(new JsonObject
        {
            ["input_dim"] = LayerArgs.Positive(inputDim, nameof(inputDim)),
            ["output_dim"] = LayerArgs.Positive(outputDim, nameof(outputDim)),
            ["embeddings_initializer"] = LayerArgs.Init(embeddingsInitializer, () => Initializers.RandomUniform()),
            ["embeddings_regularizer"] = LayerArgs.Reg(embeddingsRegularizer),
            ["activity_regularizer"] = LayerArgs.Reg(activityRegularizer),
            ["embeddings_constraint"] = LayerArgs.Con(embeddingsConstraint),
            ["mask_zero"] = maskZero,
            ["quantization_config"] = null,
        }, name);

    /// <summary><c>keras.layers.Identity</c> (keras/src/layers/core/identity.py): returns its input.</summary>
    /// <param name="name">Layer name; identity, identity_1, ... when null.</param>
    public static Identity Identity(string? name = null) => new([], name);
}
