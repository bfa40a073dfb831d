using System.Text.Json.Nodes;

namespace KerasBridge;

// The merge layers of keras/src/layers/merging/: called on several tensors (Layers.Add().Apply(a, b) is Keras's Add()([a, b])).
public static partial class Layers
{
    /// <summary><c>keras.layers.Add</c>: the element-wise sum of its inputs (shapes broadcast as Keras does).</summary>
    public static Layer Add(string? name = null) => Merge("Add", [], name);

    /// <summary><c>keras.layers.Subtract</c>: the first input minus the second (exactly two inputs).</summary>
    public static Layer Subtract(string? name = null) => Merge("Subtract", [], name);

    /// <summary><c>keras.layers.Multiply</c>: the element-wise product of its inputs.</summary>
    public static Layer Multiply(string? name = null) => Merge("Multiply", [], name);

    /// <summary><c>keras.layers.Average</c>: the element-wise mean of its inputs.</summary>
    public static Layer Average(string? name = null) => Merge("Average", [], name);

    /// <summary><c>keras.layers.Maximum</c>: the element-wise maximum of its inputs.</summary>
    public static Layer Maximum(string? name = null) => Merge("Maximum", [], name);

    /// <summary><c>keras.layers.Minimum</c>: the element-wise minimum of its inputs.</summary>
    public static Layer Minimum(string? name = null) => Merge("Minimum", [], name);

    /// <summary><c>keras.layers.Concatenate</c>: its inputs joined along <paramref name="axis"/> (the last by default).</summary>
    public static Layer Concatenate(int axis = -1, string? name = null) => Merge("Concatenate", new JsonObject { ["axis"] = axis }, name);

    /// <summary><c>keras.layers.Dot</c>: the dot product of two inputs along <paramref name="axes"/>, optionally of L2-normalized inputs (cosine similarity).</summary>
    public static Layer Dot(int axes, bool normalize = false, string? name = null) =>
        Merge("Dot", new JsonObject { ["axes"] = axes, ["normalize"] = normalize }, name);

    /// <summary><c>keras.layers.Dot</c> with one axis per input.</summary>
    public static Layer Dot((int First, int Second) axes, bool normalize = false, string? name = null) =>
        Merge("Dot", new JsonObject { ["axes"] = KerasConfig.Pair(axes), ["normalize"] = normalize }, name);

    private static ConfiguredLayer Merge(string className, JsonObject options, string? name)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a non-empty layer name or null; got '{name}'.", nameof(name));
        }
        var config = new JsonObject
        {
            ["name"] = name ?? LayerNames.Next(LayerNames.SnakeCase(className)),
            ["trainable"] = true,
            ["dtype"] = KerasConfig.DTypePolicy(),
        };
        foreach (var (key, value) in options)
        {
            config[key] = value?.DeepClone();
        }
        return new ConfiguredLayer(className, config);
    }
}
