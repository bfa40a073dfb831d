using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>The maximum over each pool window of a channels-last image.</summary>
public sealed class MaxPooling2D : Layer
{
    internal MaxPooling2D((int, int) poolSize, (int, int)? strides, Padding padding, string? name) : base("MaxPooling2D", name)
    {
        Positive(poolSize.Item1, nameof(poolSize), "pool height");
        Positive(poolSize.Item2, nameof(poolSize), "pool width");
        var s = strides ?? poolSize;
        Positive(s.Item1, nameof(strides), "stride height");
        Positive(s.Item2, nameof(strides), "stride width");
        PoolSize = poolSize;
        Strides = s;
        Padding = padding;
    }

    /// <summary>(height, width) of the pool window.</summary>
    public (int Height, int Width) PoolSize { get; }

    /// <summary>(height, width) strides; the pool size unless given.</summary>
    public (int Height, int Width) Strides { get; }

    /// <summary>Valid or same padding.</summary>
    public Padding Padding { get; }

    private protected override JsonObject LayerConfig() => new()
    {
        ["pool_size"] = KerasConfig.Pair(PoolSize),
        ["padding"] = Padding == Padding.Same ? "same" : "valid",
        ["strides"] = KerasConfig.Pair(Strides),
        ["data_format"] = "channels_last",
    };
}
