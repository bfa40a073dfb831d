using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Fit's sampleWeight and classWeight: checked here (the engines check again, kerasbridge/sample_weights.py).</summary>
internal static class FitWeights
{
    public static void Check(int rows, float[]? sampleWeight, IReadOnlyDictionary<int, double>? classWeight)
    {
        if (sampleWeight is not null && classWeight is not null)
        {
            throw new ArgumentException("Expected either sampleWeight or classWeight, not both (as Keras requires).", nameof(classWeight));
        }
        if (sampleWeight is not null)
        {
            CheckArray(rows, sampleWeight, nameof(sampleWeight), "sample weight", "x");
        }
        foreach (var (id, weight) in classWeight ?? new Dictionary<int, double>())
        {
            if (!double.IsFinite(weight))
            {
                throw new ArgumentException($"Expected finite class weights; got {weight} for class {id}.", nameof(classWeight));
            }
        }
    }

    /// <summary>
    /// One finite weight per sample: <paramref name="what"/> names the weights ("sample weight"), <paramref name="of"/>
    /// the array whose rows they weigh ("x", "validationData.X") and <paramref name="output"/> the output they are for, if one.
    /// </summary>
    public static void CheckArray(int rows, float[] weights, string parameter, string what, string of, string? output = null)
    {
        var forOutput = output is null ? "" : $" for output '{output}'";
        if (weights.Length != rows)
        {
            throw new ArgumentException($"Expected one {what}{forOutput} per sample of {of} ({rows}); got {weights.Length}.", parameter);
        }
        var bad = Array.FindIndex(weights, w => !float.IsFinite(w));
        if (bad >= 0)
        {
            throw new ArgumentException($"Expected finite {what}s{forOutput}; got {weights[bad]} at index {bad}.", parameter);
        }
    }

    /// <summary>{"0": 1.5, ...} (JSON keys are strings; the engine makes them int class ids again), or null.</summary>
    public static JsonObject? ClassWeightConfig(IReadOnlyDictionary<int, double>? classWeight)
    {
        if (classWeight is null)
        {
            return null;
        }
        var config = new JsonObject();
        foreach (var (id, weight) in classWeight.OrderBy(p => p.Key))
        {
            config[id.ToString(CultureInfo.InvariantCulture)] = weight;
        }
        return config;
    }
}
