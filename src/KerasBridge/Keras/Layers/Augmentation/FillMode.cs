namespace KerasBridge;

/// <summary>
/// How RandomRotation, RandomZoom, RandomTranslation, RandomShear and RandomElasticTransform fill points outside the image.
/// Use the typed values or Keras's strings ("reflect", "wrap", "constant", "nearest", and "mirror" for RandomElasticTransform
/// only): a string converts implicitly and an unknown one is an
/// <see cref="ArgumentException"/> listing the valid names.
/// </summary>
public sealed record FillMode
{
    private FillMode(string name) => Name = name;

    /// <summary>(d c b a | a b c d | d c b a): mirrored about the edge of the last pixel (Keras's default).</summary>
    public static FillMode Reflect { get; } = new("reflect");

    /// <summary>(a b c d | a b c d | a b c d): wrapped around to the opposite edge.</summary>
    public static FillMode Wrap { get; } = new("wrap");

    /// <summary>(k k k k | a b c d | k k k k): the fill value k.</summary>
    public static FillMode Constant { get; } = new("constant");

    /// <summary>(a a a a | a b c d | d d d d): the nearest pixel.</summary>
    public static FillMode Nearest { get; } = new("nearest");

    /// <summary>(c b a b | a b c d | c b a b): mirrored about the centre of the last pixel. Only RandomElasticTransform takes it
    /// (as in Keras: the other layers refuse it).</summary>
    public static FillMode Mirror { get; } = new("mirror");

    // After the values: static initializers run in order.
    private static readonly Dictionary<string, Func<FillMode>> Known = new(StringComparer.Ordinal)
    {
        ["reflect"] = () => Reflect,
        ["wrap"] = () => Wrap,
        ["constant"] = () => Constant,
        ["nearest"] = () => Nearest,
        ["mirror"] = () => Mirror,
    };

    /// <summary>Keras's name for it, as written in a model config.</summary>
    public string Name { get; }

    /// <summary>Parses Keras's name of a fill mode.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static FillMode Parse(string name) => NamedOption.Resolve(name, Known, "fill mode", "fillMode");

    /// <summary>Keras's string names convert implicitly, as in <c>fillMode: "constant"</c>.</summary>
    public static implicit operator FillMode(string name) => Parse(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
