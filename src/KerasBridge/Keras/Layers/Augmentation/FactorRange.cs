namespace KerasBridge;

/// <summary>
/// Keras's "a number or a pair of two" factor arguments of the augmentation layers: a number converts as it is
/// (<c>RandomRotation(0.1)</c>: each layer reads it as its range, e.g. [-0.1, 0.1]), a (lower, upper) tuple converts as
/// the pair (<c>RandomRotation((-0.2, 0.3))</c>).
/// </summary>
public readonly record struct FactorRange
{
    /// <summary>A pair of bounds.</summary>
    /// <param name="first">The first bound as given (Keras sorts the pair).</param>
    /// <param name="second">The second bound as given.</param>
    public FactorRange(double first, double second)
    {
        First = first;
        Second = second;
        IsPair = true;
    }

    private FactorRange(double value)
    {
        First = value;
        Second = value;
    }

    /// <summary>The number, or the pair's first bound.</summary>
    public double First { get; }

    /// <summary>The pair's second bound (the number again for a single number).</summary>
    public double Second { get; }

    /// <summary>Whether it was given as a pair.</summary>
    public bool IsPair { get; }

    /// <summary>A single number.</summary>
    public static implicit operator FactorRange(double value) => new(value);

    /// <summary>A (lower, upper) pair.</summary>
    public static implicit operator FactorRange((double, double) pair) => new(pair.Item1, pair.Item2);

    /// <inheritdoc />
    public override string ToString() => IsPair ? $"({LayerArgs.Text(First)}, {LayerArgs.Text(Second)})" : LayerArgs.Text(First);
}
