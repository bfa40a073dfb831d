using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.CategoryEncoding</c> (keras/src/layers/preprocessing/category_encoding.py): integer inputs in
    /// [0, numTokens) become vectors of numTokens entries (a negative value encodes as zeros). Dense outputs only.
    /// </summary>
    /// <param name="numTokens">How many distinct values the inputs may take (≥ 1).</param>
    /// <param name="outputMode">"multi_hot" (1 for each value present in the sample), "one_hot" (one vector per value;
    /// a trailing axis of size 1 is replaced) or "count" (how often each value occurs in the sample).</param>
    /// <param name="name">Layer name.</param>
    public static CategoryEncoding CategoryEncoding(int numTokens, string outputMode = "multi_hot", string? name = null)
    {
        if (numTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numTokens), numTokens, $"Expected numTokens >= 1; got {numTokens}.");
        }
        return new(new JsonObject
        {
            ["num_tokens"] = numTokens,
            ["output_mode"] = Mode(outputMode, nameof(outputMode), "one_hot", "multi_hot", "count"),
        }, name);
    }

    /// <summary>
    /// <c>keras.layers.Discretization</c> (keras/src/layers/preprocessing/discretization.py) with given boundaries:
    /// boundaries [0, 1, 2] make the bins (-inf, 0), [0, 1), [1, 2), [2, inf). (Keras's num_bins with adapt(), which
    /// computes the boundaries from data, is not offered.)
    /// </summary>
    /// <param name="binBoundaries">The ascending boundaries between bins.</param>
    /// <param name="outputMode">"int" (the bin indices), "one_hot", "multi_hot" or "count" (encoded over
    /// binBoundaries.Count + 1 bins, as <see cref="CategoryEncoding"/> does).</param>
    /// <param name="name">Layer name.</param>
    public static Discretization Discretization(IReadOnlyList<double> binBoundaries, string outputMode = "int", string? name = null)
    {
        ArgumentNullException.ThrowIfNull(binBoundaries);
        for (var i = 1; i < binBoundaries.Count; i++)
        {
            if (binBoundaries[i] < binBoundaries[i - 1])
            {
                throw new ArgumentException($"Expected ascending binBoundaries; got {binBoundaries[i - 1]} before {binBoundaries[i]}.", nameof(binBoundaries));
            }
        }
        return new(new JsonObject
        {
            ["bin_boundaries"] = new JsonArray(binBoundaries.Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
            ["num_bins"] = null,
            ["epsilon"] = 0.01,
            ["output_mode"] = Mode(outputMode, nameof(outputMode), "int", "one_hot", "multi_hot", "count"),
            ["sparse"] = false,
        }, name);
    }

    private static string Mode(string value, string parameterName, params string[] allowed)
    {
        if (!allowed.Contains(value))
        {
            throw new ArgumentException($"Expected {parameterName} one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}; got \"{value}\".", parameterName);
        }
        return value;
    }
}
