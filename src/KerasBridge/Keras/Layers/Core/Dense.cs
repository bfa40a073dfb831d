using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Dense</c>: activation(x · kernel + bias).</summary>
public sealed class Dense : KerasLayer
{
    internal Dense(JsonObject config, string? name) : base("Dense", config, name) { }
}

/// <summary><c>keras.layers.Embedding</c>: maps integer ids in [0, input_dim) to dense vectors of output_dim.</summary>
public sealed class Embedding : KerasLayer
{
    internal Embedding(JsonObject config, string? name) : base("Embedding", config, name) { }
}
