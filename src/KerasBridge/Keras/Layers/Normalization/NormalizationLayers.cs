using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.GroupNormalization</c>: normalizes each sample over groups of channels of one axis.</summary>
public sealed class GroupNormalization : KerasLayer
{
    internal GroupNormalization(JsonObject config, string? name) : base("GroupNormalization", config, name) { }
}

/// <summary><c>keras.layers.UnitNormalization</c>: scales each sample to an L2 norm of 1 over the given axis (or axes).</summary>
public sealed class UnitNormalization : KerasLayer
{
    internal UnitNormalization(JsonObject config, string? name) : base("UnitNormalization", config, name) { }
}

/// <summary><c>keras.layers.RMSNormalization</c>: divides by the root mean square over the trailing axis (or axes), times a learned scale.</summary>
public sealed class RMSNormalization : KerasLayer
{
    internal RMSNormalization(JsonObject config, string? name) : base("RMSNormalization", config, name) { }
}
