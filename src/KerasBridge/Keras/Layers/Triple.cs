namespace KerasBridge;

/// <summary>
/// Keras's "an integer or a tuple of three" arguments of the 3D layers (kernel_size=3 or (3, 3, 1), strides, pool_size,
/// size, ...): an int converts to (n, n, n), a (depth, height, width) tuple converts as it is.
/// </summary>
/// <param name="First">The first (depth) value.</param>
/// <param name="Second">The second (height) value.</param>
/// <param name="Third">The third (width) value.</param>
public readonly record struct Triple(int First, int Second, int Third)
{
    /// <summary>(n, n, n).</summary>
    public static implicit operator Triple(int n) => new(n, n, n);

    /// <summary>(a, b, c).</summary>
    public static implicit operator Triple((int, int, int) triple) => new(triple.Item1, triple.Item2, triple.Item3);

    /// <inheritdoc />
    public override string ToString() => $"({First}, {Second}, {Third})";
}
