using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Concatenate</c> (keras/src/layers/merging/concatenate.py).</summary>
    /// <param name="axis">The axis joined along.</param>
    /// <param name="name">Layer name.</param>
    public static Concatenate Concatenate(int axis = -1, string? name = null) => new(new JsonObject { ["axis"] = axis }, name);

    /// <summary><c>keras.layers.Add</c> (keras/src/layers/merging/add.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Add Add(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Subtract</c> (keras/src/layers/merging/subtract.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Subtract Subtract(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Multiply</c> (keras/src/layers/merging/multiply.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Multiply Multiply(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Average</c> (keras/src/layers/merging/average.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Average Average(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Maximum</c> (keras/src/layers/merging/maximum.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Maximum Maximum(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Minimum</c> (keras/src/layers/merging/minimum.py).</summary>
    /// <param name="name">Layer name.</param>
    public static Minimum Minimum(string? name = null) => new([], name);

    /// <summary><c>keras.layers.Dot</c> (keras/src/layers/merging/dot.py).</summary>
    /// <param name="axes">The axis of both inputs the product is taken along.</param>
    /// <param name="normalize">L2-normalize both inputs first (the result is then the cosine similarity).</param>
    /// <param name="name">Layer name.</param>
    public static Dot Dot(int axes, bool normalize = false, string? name = null) => new(new JsonObject { ["axes"] = axes, ["normalize"] = normalize }, name);

    /// <summary><c>keras.layers.Dot</c> with a different axis for each input.</summary>
    /// <param name="axes">(axis of the first input, axis of the second).</param>
    /// <param name="normalize">L2-normalize both inputs first.</param>
    /// <param name="name">Layer name.</param>
    public static Dot Dot((int First, int Second) axes, bool normalize = false, string? name = null) =>
        new(new JsonObject { ["axes"] = LayerArgs.Ints(axes.First, axes.Second), ["normalize"] = normalize }, name);
}
