using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Optimizers
{
    /// <summary>
    /// <c>keras.optimizers.Muon</c> (keras/src/optimizers/muon.py): momentum whose update is orthogonalized by
    /// Newton-Schulz iterations, for 2-D weights; every other weight gets an AdamW update. A weight gets AdamW when its
    /// rank is not 2, when <paramref name="excludeEmbeddings"/> is set and its path (<c>"layer_name/variable_name"</c>)
    /// contains "embedding", or when its path matches one of <paramref name="excludeLayers"/> (Python regular
    /// expressions). Keras advises excluding the output layer: <c>excludeLayers: ["output_dense"]</c>.
    /// </summary>
    /// <param name="learningRate">A number > 0 or a schedule; null is Keras's 0.001.</param>
    /// <param name="adamBeta1">AdamW's decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="adamBeta2">AdamW's decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="adamWeightDecay">Weight decay of the AdamW-updated weights, ≥ 0; null for none.</param>
    /// <param name="epsilon">Added to AdamW's denominator (> 0).</param>
    /// <param name="weightDecay">Weight decay of the Muon-updated weights, ≥ 0; null for none.</param>
    /// <param name="clipnorm">Per-gradient L2 norm clip (> 0); null for none.</param>
    /// <param name="clipvalue">Per-element clip (> 0); null for none.</param>
    /// <param name="globalClipnorm">Global L2 norm clip (> 0); null for none.</param>
    /// <param name="useEma">Keep an exponential moving average of the weights.</param>
    /// <param name="emaMomentum">The EMA's momentum, in [0, 1].</param>
    /// <param name="emaOverwriteFrequency">Overwrite the weights with the EMA every this many steps (≥ 1); null for only at the end of fit.</param>
    /// <param name="name">The optimizer's name; null for Keras's automatic name.</param>
    /// <param name="excludeLayers">Regular expressions searched in each variable's path; a match gets the AdamW update. Null for none.</param>
    /// <param name="excludeEmbeddings">Give the AdamW update to variables whose path contains "embedding".</param>
    /// <param name="muonA">Coefficient a of the quintic Newton-Schulz iteration (finite).</param>
    /// <param name="muonB">Coefficient b of the quintic Newton-Schulz iteration (finite).</param>
    /// <param name="muonC">Coefficient c of the quintic Newton-Schulz iteration (finite).</param>
    /// <param name="adamLrRatio">The AdamW weights' learning rate as a multiple of the learning rate (≥ 0).</param>
    /// <param name="momentum">Momentum of the Muon update, in [0, 1].</param>
    /// <param name="nsSteps">Number of Newton-Schulz iterations (≥ 0).</param>
    /// <param name="nesterov">Nesterov-style momentum.</param>
    /// <param name="rmsRate">Scales the Muon update by √max(rows, columns) × rmsRate (Moonlight's rule, > 0); null for no scaling.</param>
    public static Optimizer Muon(LearningRate? learningRate = null, double adamBeta1 = 0.9, double adamBeta2 = 0.999, double? adamWeightDecay = 0.004,
        double epsilon = 1e-7, double? weightDecay = 0.004, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null,
        bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null, string? name = null,
        IReadOnlyList<string>? excludeLayers = null, bool excludeEmbeddings = true, double muonA = 3.4445, double muonB = -4.7750, double muonC = 2.0315,
        double adamLrRatio = 1, double momentum = 0.95, int nsSteps = 5, bool nesterov = true, double? rmsRate = 0.2)
    {
        var config = Base("Muon", learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency, name);
        // Muon.get_config's order.
        config["adam_beta_1"] = Unit(adamBeta1, nameof(adamBeta1));
        config["adam_beta_2"] = Unit(adamBeta2, nameof(adamBeta2));
        config["epsilon"] = PositiveValue(epsilon, nameof(epsilon));
        config["exclude_layers"] = new JsonArray((excludeLayers ?? []).Select(RegexText).ToArray());
        config["muon_a"] = Finite(muonA, nameof(muonA));
        config["muon_b"] = Finite(muonB, nameof(muonB));
        config["muon_c"] = Finite(muonC, nameof(muonC));
        config["adam_lr_ratio"] = NonNegative(adamLrRatio, nameof(adamLrRatio));
        config["momentum"] = Unit(momentum, nameof(momentum), inclusiveOne: true);
        config["ns_steps"] = nsSteps >= 0
            ? nsSteps
            : throw new ArgumentOutOfRangeException(nameof(nsSteps), nsSteps, $"Expected nsSteps >= 0; got {nsSteps}.");
        config["nesterov"] = nesterov;
        config["exclude_embeddings"] = excludeEmbeddings;
        config["adam_weight_decay"] = adamWeightDecay is { } awd ? NonNegative(awd, nameof(adamWeightDecay)) : null;
        config["rms_rate"] = rmsRate is { } rate ? PositiveValue(rate, nameof(rmsRate)) : null;
        return new("Muon", config);

        static JsonNode RegexText(string pattern) =>
            string.IsNullOrEmpty(pattern)
                ? throw new ArgumentException($"Expected excludeLayers to hold non-empty regular expressions; got {(pattern is null ? "null" : "\"\"")}.", nameof(excludeLayers))
                : JsonValue.Create(pattern);
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"Expected a finite {name}; got {Text(value)}.");
}
