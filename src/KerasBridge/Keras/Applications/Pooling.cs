namespace KerasBridge;

/// <summary>
/// The optional pooling of an application without its top, as Keras's <c>pooling=</c>: <see cref="Avg"/> (global average)
/// or <see cref="Max"/> (global maximum); null keeps the 4D output of the last convolution. Keras's strings "avg" and
/// "max" convert implicitly.
/// </summary>
public sealed record Pooling
{
    private Pooling(string name) => Name = name;

    /// <summary>Keras's name: "avg" or "max".</summary>
    public string Name { get; }

    /// <summary>Global average pooling: the output is (samples, channels).</summary>
    public static Pooling Avg { get; } = new("avg");

    /// <summary>Global max pooling: the output is (samples, channels).</summary>
    public static Pooling Max { get; } = new("max");

    private static readonly Dictionary<string, Func<Pooling>> Known = new(StringComparer.Ordinal)
    {
        ["avg"] = () => Avg!,
        ["max"] = () => Max!,
    };

    /// <summary>Parses "avg" or "max".</summary>
    /// <exception cref="ArgumentException">Another name; the message lists the valid ones.</exception>
    public static Pooling Parse(string name) => NamedOption.Resolve(name, Known, "pooling", "pooling");

    /// <summary>Keras's strings convert implicitly: <c>pooling: "max"</c> (null stays null: no pooling).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(name))]
    public static implicit operator Pooling?(string? name) => name is null ? null : Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
