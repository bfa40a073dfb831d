using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The augmentation factories' argument rules, as Keras's constructors apply them
/// (keras/src/layers/preprocessing/image_preprocessing/*.py), and the JSON values their get_config writes.
/// </summary>
internal static class AugmentationArgs
{
    /// <summary>
    /// The fill mode of the affine layers (RandomRotation, RandomZoom, RandomTranslation, RandomShear): Keras's
    /// default "reflect" when null; "mirror" is RandomElasticTransform's only, so they refuse it as Keras does.
    /// </summary>
    public static string AffineFillMode(FillMode? fillMode)
    {
        var mode = fillMode ?? FillMode.Reflect;
        return mode == FillMode.Mirror
            ? throw new ArgumentException(
                "Expected fillMode \"reflect\", \"wrap\", \"constant\" or \"nearest\"; got 'mirror' (only RandomElasticTransform takes it).",
                nameof(fillMode))
            : mode.Name;
    }

    /// <summary>
    /// BaseImagePreprocessingLayer._set_factor: a number f in [low, high] becomes [max(-|f|, low), |f|]; a pair must not
    /// start above high nor end below low, and is sorted. Keras writes the resulting pair.
    /// </summary>
    public static JsonArray BaseFactor(FactorRange factor, double low, double high, string parameterName)
    {
        Finite(factor, parameterName);
        if (factor.IsPair)
        {
            if (factor.First > high || factor.Second < low)
            {
                throw new ArgumentOutOfRangeException(parameterName, factor.ToString(),
                    $"Expected {parameterName} a pair overlapping [{LayerArgs.Text(low)}, {LayerArgs.Text(high)}]; got {factor}.");
            }
            return Numbers(Math.Min(factor.First, factor.Second), Math.Max(factor.First, factor.Second));
        }
        if (factor.First < low || factor.First > high)
        {
            throw new ArgumentOutOfRangeException(parameterName, factor.First,
                $"Expected {parameterName} in [{LayerArgs.Text(low)}, {LayerArgs.Text(high)}]; got {factor}.");
        }
        var value = Math.Abs(factor.First);
        return Numbers(Math.Max(-value, low), value);
    }

    /// <summary>
    /// RandomZoom / RandomTranslation / Solarization factors: each number in [low, high] ((low, high] where lowOpen);
    /// Keras writes the value as given (a number, or the pair unsorted).
    /// </summary>
    public static JsonNode AsGiven(FactorRange factor, double low, double high, bool lowOpen, string parameterName)
    {
        Finite(factor, parameterName);
        foreach (var v in factor.IsPair ? [factor.First, factor.Second] : new[] { factor.First })
        {
            if ((lowOpen ? v <= low : v < low) || v > high)
            {
                throw new ArgumentOutOfRangeException(parameterName, factor.ToString(),
                    $"Expected {parameterName} (each bound) in {(lowOpen ? "(" : "[")}{LayerArgs.Text(low)}, {LayerArgs.Text(high)}]; got {factor}.");
            }
        }
        return factor.IsPair ? Numbers(factor.First, factor.Second) : JsonValue.Create(factor.First);
    }

    /// <summary>RandomPosterization's bits: whole numbers under the base rule within [1, 8], written as ints (Keras's torch randint takes no floats).</summary>
    public static JsonArray BitsFactor(FactorRange factor, string parameterName)
    {
        if (factor.First != Math.Floor(factor.First) || factor.Second != Math.Floor(factor.Second))
        {
            throw new ArgumentOutOfRangeException(parameterName, factor.ToString(), $"Expected {parameterName} whole numbers of bits; got {factor}.");
        }
        var range = BaseFactor(factor, 1, 8, parameterName);
        return LayerArgs.Ints((int)(double)range[0]!, (int)(double)range[1]!);
    }

    /// <summary>RandomShear._set_factor_with_name: numbers in [0, 1]; f becomes [-f, f] (Keras writes -0.0 for 0), a pair is sorted.</summary>
    public static JsonArray SymmetricFactor(FactorRange factor, string parameterName)
    {
        AsGiven(factor, 0, 1, false, parameterName);
        return factor.IsPair ? Numbers(Math.Min(factor.First, factor.Second), Math.Max(factor.First, factor.Second)) : Numbers(-factor.First, factor.First);
    }

    /// <summary>RandomColorJitter's factors: checked by the part layer's base rule, written as given (null when absent).</summary>
    public static JsonNode? CheckedAsGiven(FactorRange? factor, double low, double high, string parameterName)
    {
        if (factor is not { } given)
        {
            return null;
        }
        BaseFactor(given, low, high, parameterName);
        return given.IsPair ? Numbers(given.First, given.Second) : JsonValue.Create(given.First);
    }

    /// <summary>Solarization._set_factor: numbers in [0, 1]; f becomes [0, f], a pair is sorted.</summary>
    public static JsonArray UnitFactor(FactorRange factor, string parameterName)
    {
        AsGiven(factor, 0, 1, false, parameterName);
        return factor.IsPair ? Numbers(Math.Min(factor.First, factor.Second), Math.Max(factor.First, factor.Second)) : Numbers(0, factor.First);
    }

    /// <summary>value_range: Keras's (0, 255) when null; sorted where the layer sorts it (RandomBrightness, Solarization).</summary>
    public static JsonArray ValueRange((double Min, double Max)? valueRange, bool sort, string parameterName)
    {
        if (valueRange is not { } range)
        {
            return LayerArgs.Ints(0, 255);
        }
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max))
        {
            throw new ArgumentOutOfRangeException(parameterName, range.ToString(), $"Expected {parameterName} two finite numbers; got {range}.");
        }
        return sort ? Numbers(Math.Min(range.Min, range.Max), Math.Max(range.Min, range.Max)) : Numbers(range.Min, range.Max);
    }

    /// <summary>"bilinear" or "nearest", the interpolations Keras's affine warp has.</summary>
    public static string Interpolation(string interpolation, string parameterName) =>
        interpolation is "bilinear" or "nearest"
            ? interpolation
            : throw new ArgumentException($"Expected {parameterName} \"bilinear\" or \"nearest\"; got \"{interpolation}\".", parameterName);

    public static double FiniteValue(double value, string parameterName) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} finite; got {LayerArgs.Text(value)}.");

    private static void Finite(FactorRange factor, string parameterName)
    {
        if (!double.IsFinite(factor.First) || !double.IsFinite(factor.Second))
        {
            throw new ArgumentOutOfRangeException(parameterName, factor.ToString(), $"Expected {parameterName} finite; got {factor}.");
        }
    }

    private static JsonArray Numbers(double a, double b) => [JsonValue.Create(a), JsonValue.Create(b)];
}
