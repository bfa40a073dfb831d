using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.CategoryEncoding</c>: encodes integer values below <c>num_tokens</c> as one-hot, multi-hot or count vectors.</summary>
public sealed class CategoryEncoding : KerasLayer
{
    internal CategoryEncoding(JsonObject config, string? name) : base("CategoryEncoding", config, name) { }
}

/// <summary><c>keras.layers.Discretization</c>: the index of the bin each value falls in (bins [b_i, b_i+1)), optionally encoded.</summary>
public sealed class Discretization : KerasLayer
{
    // Discretization.__init__ takes name and dtype but no **kwargs: Keras writes no 'trainable'.
    internal Discretization(JsonObject config, string? name) : base("Discretization", config, name, takesLayerKwargs: false) { }
}
