using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Activation</c>: applies an activation function to its input.</summary>
public sealed class ActivationLayer : KerasLayer
{
    internal ActivationLayer(JsonObject config, string? name) : base("Activation", config, name) { }
}

/// <summary><c>keras.layers.ReLU</c>: max(x, 0) with optional cap, negative slope and threshold.</summary>
public sealed class ReLU : KerasLayer
{
    internal ReLU(JsonObject config, string? name) : base("ReLU", config, name) { }
}

/// <summary><c>keras.layers.LeakyReLU</c>: x for x ≥ 0, negative_slope * x otherwise.</summary>
public sealed class LeakyReLU : KerasLayer
{
    internal LeakyReLU(JsonObject config, string? name) : base("LeakyReLU", config, name) { }
}

/// <summary><c>keras.layers.ELU</c>: x for x &gt; 0, alpha * (exp(x) - 1) otherwise.</summary>
public sealed class ELU : KerasLayer
{
    internal ELU(JsonObject config, string? name) : base("ELU", config, name) { }
}

/// <summary><c>keras.layers.PReLU</c>: a leaky ReLU whose negative slope (alpha) is learned.</summary>
public sealed class PReLU : KerasLayer
{
    internal PReLU(JsonObject config, string? name) : base("PReLU", config, name) { }
}

/// <summary><c>keras.layers.Softmax</c>: softmax along an axis.</summary>
public sealed class Softmax : KerasLayer
{
    internal Softmax(JsonObject config, string? name) : base("Softmax", config, name) { }
}
