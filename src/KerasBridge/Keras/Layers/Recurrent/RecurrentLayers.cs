using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.SimpleRNN</c>: a fully connected recurrent layer.</summary>
public sealed class SimpleRNN : KerasLayer
{
    internal SimpleRNN(JsonObject config, string? name) : base("SimpleRNN", config, name) { }
}

/// <summary><c>keras.layers.LSTM</c>: long short-term memory.</summary>
public sealed class LSTM : KerasLayer
{
    internal LSTM(JsonObject config, string? name) : base("LSTM", config, name) { }
}

/// <summary><c>keras.layers.GRU</c>: gated recurrent unit.</summary>
public sealed class GRU : KerasLayer
{
    internal GRU(JsonObject config, string? name) : base("GRU", config, name) { }
}

/// <summary><c>keras.layers.Bidirectional</c>: runs a recurrent layer forwards and backwards and merges the two.</summary>
public sealed class Bidirectional : KerasLayer
{
    internal Bidirectional(JsonObject config, string? name) : base("Bidirectional", config, name) { }
}

/// <summary><c>keras.layers.TimeDistributed</c>: applies a layer to every time step (axis 1) of its input.</summary>
public sealed class TimeDistributed : KerasLayer
{
    internal TimeDistributed(JsonObject config, string? name) : base("TimeDistributed", config, name) { }
}
