namespace KerasBridge;

/// <summary>
/// Keras's "an integer or a tuple of two" arguments (kernel_size=3 or (3, 5), strides, pool_size, size, ...): an int
/// converts to (n, n), a (height, width) tuple converts as it is.
/// </summary>
/// <param name="First">The first (height) value.</param>
/// <param name="Second">The second (width) value.</param>
public readonly record struct Pair(int First, int Second)
{
    /// <summary>(n, n).</summary>
    public static implicit operator Pair(int n) => new(n, n);

    /// <summary>(a, b).</summary>
    public static implicit operator Pair((int, int) pair) => new(pair.Item1, pair.Item2);

    /// <inheritdoc />
    public override string ToString() => $"({First}, {Second})";
}
