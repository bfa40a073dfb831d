using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// TextVectorization's <c>ngrams</c>: an integer n (ngrams of every width from 1 to n, Keras's <c>ngrams=n</c>) or the
/// widths to make (Keras's tuple, <c>ngrams=(2, 3)</c>; from C# <c>new[] { 2, 3 }</c>).
/// </summary>
public readonly record struct NGrams
{
    private readonly int[]? _widths;

    private NGrams(int upTo, int[]? widths)
    {
        UpTo = upTo;
        _widths = widths;
    }

    /// <summary>The n of "every width from 1 to n"; 0 when the widths were given.</summary>
    public int UpTo { get; }

    /// <summary>The widths given as a list (empty when an integer n was given).</summary>
    public IReadOnlyList<int> Widths => _widths ?? [];

    /// <summary>Ngrams of every width from 1 to <paramref name="upTo"/>.</summary>
    public static implicit operator NGrams(int upTo) => new(upTo, null);

    /// <summary>Ngrams of exactly these widths.</summary>
    public static implicit operator NGrams(int[] widths) => new(0, (int[])(widths ?? throw new ArgumentNullException(nameof(widths))).Clone());

    /// <summary>The config value Keras writes: the integer, or the widths as a list (its tuple in JSON).</summary>
    internal JsonNode ToJson(string parameterName)
    {
        var widths = _widths ?? [UpTo];
        if (widths.Length == 0 || widths.Any(w => w < 1))
        {
            throw new ArgumentException($"Expected ngrams to be an integer >= 1 or widths >= 1; got [{string.Join(", ", widths)}].", parameterName);
        }
        return _widths is null ? JsonValue.Create(UpTo) : new JsonArray(_widths.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
    }
}
