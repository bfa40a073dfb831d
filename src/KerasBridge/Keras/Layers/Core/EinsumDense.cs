using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.EinsumDense</c>: activation(einsum(equation, x, kernel) + bias), a dense layer of any dimensionality.</summary>
public sealed class EinsumDense : KerasLayer
{
    internal EinsumDense(JsonObject config, string? name) : base("EinsumDense", config, name) { }
}

public static partial class Layers
{
    /// <summary><c>keras.layers.EinsumDense</c> (keras/src/layers/core/einsum_dense.py).</summary>
    /// <param name="equation">The einsum of input and kernel: "ab,bc->ac", "...b,bc->...c" or "ab...,bc->ac...".</param>
    /// <param name="outputShape">The output's shape without the batch axis and the axes the ellipsis stands for; null entries are unknown sizes.</param>
    /// <param name="activation">Activation; linear when null.</param>
    /// <param name="biasAxes">The output axes (letters of the equation's output) that get a bias; no bias when null.</param>
    /// <param name="kernelInitializer">Kernel initializer; glorot_uniform when null.</param>
    /// <param name="biasInitializer">Bias initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Constraint on the kernel.</param>
    /// <param name="biasConstraint">Constraint on the bias.</param>
    /// <param name="name">Layer name; einsum_dense, ... when null.</param>
    /// <exception cref="ArgumentException">The equation is not of Keras's forms, an output size is not positive, or a bias axis is not an output letter.</exception>
    public static EinsumDense EinsumDense(string equation, int?[] outputShape, Activation? activation = null, string? biasAxes = null,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(outputShape);
        var parts = equation.Replace("...", "", StringComparison.Ordinal).Split("->");
        var sides = parts[0].Split(',');
        if (parts.Length != 2 || sides.Length != 2 || !sides.Concat([parts[1]]).All(s => s.Length > 0 && s.All(char.IsAsciiLetter)))
        {
            throw new ArgumentException(
                $"Expected equation of the form \"ab,bc->ac\", \"...b,bc->...c\" or \"ab...,bc->ac...\"; got \"{equation}\".", nameof(equation));
        }
        if (outputShape.Any(d => d is <= 0))
        {
            throw new ArgumentException($"Expected outputShape sizes > 0 (or null); got [{string.Join(", ", outputShape.Select(d => d?.ToString() ?? "null"))}].",
                nameof(outputShape));
        }
        if (biasAxes is not null && (biasAxes.Length == 0 || !biasAxes.All(parts[1].Contains)))
        {
            throw new ArgumentException($"Expected biasAxes made of the output's letters \"{parts[1]}\"; got \"{biasAxes}\".", nameof(biasAxes));
        }
        var config = new JsonObject
        {
            ["output_shape"] = new JsonArray(outputShape.Select(d => d is null ? null : (JsonNode)JsonValue.Create(d.Value)).ToArray()),
            ["equation"] = equation,
            ["activation"] = LayerArgs.Act(activation, Activations.Linear),
            ["bias_axes"] = biasAxes,
        };
        LayerArgs.AddKernelBias(config, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer,
            kernelConstraint, biasConstraint)["quantization_config"] = null;
        return new(config, name);
    }
}
