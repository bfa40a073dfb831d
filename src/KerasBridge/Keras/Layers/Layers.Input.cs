namespace KerasBridge;

public static partial class Layers
{
    /// <summary><c>keras.layers.Input</c>: the same as <see cref="Keras.Input(int[], string?, string)"/>.</summary>
    public static KerasTensor Input(int[] shape, string? name = null, string dtype = "float32") => Keras.Input(shape, name, dtype);

    /// <summary><c>keras.layers.Input</c> with null for a dimension of any size.</summary>
    public static KerasTensor Input(IReadOnlyList<int?> shape, string? name = null, string dtype = "float32") => Keras.Input(shape, name, dtype);
}
