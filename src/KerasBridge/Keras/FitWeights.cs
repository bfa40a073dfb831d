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
            if (sampleWeight.Length != rows)
            {
                throw new ArgumentException($"Expected one sample weight per sample of x ({rows}); got {sampleWeight.Length}.", nameof(sampleWeight));
            }
            var bad = Array.FindIndex(sampleWeight, w => !float.IsFinite(w));
            if (bad >= 0)
            {
                throw new ArgumentException($"Expected finite sample weights; got {sampleWeight[bad]} at index {bad}.", nameof(sampleWeight));
            }
        }
        foreach (var (id, weight) in classWeight ?? new Dictionary<int, double>())
        {
            if (!double.IsFinite(weight))
            {
                throw new ArgumentException($"Expected finite class weights; got {weight} for class {id}.", nameof(classWeight));
            }
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
