namespace KerasBridge;

/// <summary>
/// RandomFlip's mode. Use the typed values or Keras's strings ("horizontal", "vertical", "horizontal_and_vertical"):
/// a string converts implicitly and an unknown one is an <see cref="ArgumentException"/> listing the valid names.
/// </summary>
public sealed record FlipMode
{
    private FlipMode(string name) => Name = name;

    /// <summary>Left-right flips.</summary>
    public static FlipMode Horizontal { get; } = new("horizontal");

    /// <summary>Top-bottom flips.</summary>
    public static FlipMode Vertical { get; } = new("vertical");

    /// <summary>Both at once, on the same draw (Keras's default).</summary>
    public static FlipMode HorizontalAndVertical { get; } = new("horizontal_and_vertical");

    // After the values: static initializers run in order.
    private static readonly Dictionary<string, Func<FlipMode>> Known = new(StringComparer.Ordinal)
    {
        ["horizontal"] = () => Horizontal,
        ["vertical"] = () => Vertical,
        ["horizontal_and_vertical"] = () => HorizontalAndVertical,
    };

    /// <summary>Keras's name for it, as written in a model config.</summary>
    public string Name { get; }

    /// <summary>Parses Keras's name of a flip mode.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static FlipMode Parse(string name) => NamedOption.Resolve(name, Known, "flip mode", "mode");

    /// <summary>Keras's string names convert implicitly, as in <c>Layers.RandomFlip("horizontal")</c>.</summary>
    public static implicit operator FlipMode(string name) => Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
