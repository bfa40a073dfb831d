using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// One entry of a key of <see cref="KerasTensor.this[TensorIndex[]]"/>, as Python's <c>x[:, 0]</c> takes them: an int or a C# index (the
/// axis is dropped; negative or <c>^1</c> counts from the end), a range (<c>1..3</c>, <c>..</c>, <c>^2..</c>: a slice, the axis kept),
/// <see cref="Slice(int?, int?, int?)"/> for a step, <see cref="NewAxis"/> (Python's <c>None</c>) and <see cref="Ellipsis"/>.
/// Keras writes each into the model's config (keras/src/saving/serialization_lib.py: <c>__slice__</c>, <c>__ellipsis__</c>).
/// </summary>
public readonly struct TensorIndex
{
    private enum Kind
    {
        Index,
        Slice,
        NewAxis,
        Ellipsis,
    }

    private readonly Kind _kind;
    private readonly int _index;
    private readonly int? _start;
    private readonly int? _stop;
    private readonly int? _step;

    private TensorIndex(Kind kind, int index = 0, int? start = null, int? stop = null, int? step = null)
    {
        _kind = kind;
        _index = index;
        _start = start;
        _stop = stop;
        _step = step;
    }

    /// <summary>Python's <c>None</c> (<c>np.newaxis</c>) in a key: a new axis of size 1.</summary>
    public static TensorIndex NewAxis => new(Kind.NewAxis);

    /// <summary>Python's <c>...</c> in a key: as many whole axes as the other entries leave.</summary>
    public static TensorIndex Ellipsis => new(Kind.Ellipsis);

    /// <summary>Python's <c>start:stop:step</c>; null bounds are the ends of the axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive (torch has no negative steps).</exception>
    public static TensorIndex Slice(int? start = null, int? stop = null, int? step = null) =>
        step is <= 0
            ? throw new ArgumentOutOfRangeException(nameof(step), step, $"Expected a positive slice step; got {step}.")
            : new(Kind.Slice, start: start, stop: stop, step: step);

    /// <summary>An index: the axis is dropped (<c>x[:, 0]</c>).</summary>
    public static implicit operator TensorIndex(int index) => new(Kind.Index, index);

    /// <summary>A C# index: <c>^1</c> is Python's <c>-1</c>, the last entry of the axis.</summary>
    public static implicit operator TensorIndex(Index index) => new(Kind.Index, index.IsFromEnd ? -index.Value : index.Value);

    /// <summary>A C# range as a slice: <c>1..3</c> is <c>1:3</c>, <c>..</c> is <c>:</c>, <c>^2..</c> is <c>-2:</c>.</summary>
    public static implicit operator TensorIndex(Range range)
    {
        int? start = range.Start.IsFromEnd ? -range.Start.Value : range.Start.Value == 0 ? null : range.Start.Value;
        int? stop = range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value;
        return new(Kind.Slice, start: start, stop: stop);
    }

    /// <summary>An int index (the one entry Keras's GetItem takes alone as a key).</summary>
    internal bool IsIndex => _kind == Kind.Index;

    /// <summary>The entry as Keras serializes it in a node's arguments.</summary>
    internal JsonNode? ToJson() => _kind switch
    {
        Kind.Index => JsonValue.Create(_index),
        Kind.NewAxis => null,
        Kind.Ellipsis => new JsonObject { ["class_name"] = "__ellipsis__", ["config"] = new JsonObject() },
        _ => new JsonObject
        {
            ["class_name"] = "__slice__",
            ["config"] = new JsonObject { ["start"] = _start, ["stop"] = _stop, ["step"] = _step },
        },
    };
}
