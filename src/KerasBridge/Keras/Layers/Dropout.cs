using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Sets a fraction of inputs to zero while training (scaling the rest by 1 / (1 - rate)); does nothing at inference.</summary>
public sealed class Dropout : Layer
{
    internal Dropout(double rate, int? seed, string? name) : base("Dropout", name)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Expected a dropout rate in [0, 1); got {rate}.");
        }
        Rate = rate;
        Seed = seed;
    }

    /// <summary>The fraction of inputs dropped.</summary>
    public double Rate { get; }

    /// <summary>An optional seed.</summary>
    public int? Seed { get; }

    private protected override JsonObject LayerConfig() => new()
    {
        ["rate"] = Rate,
        ["seed"] = Seed,
        ["noise_shape"] = null,
    };
}
