using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A cell of <c>keras.layers.RNN</c>: the computation of one time step, which <see cref="Layers.RNN(RNNCell, bool, bool, bool, bool, bool, bool, string?)"/>
/// runs over a sequence. A cell is not a layer of a model on its own.
/// </summary>
public abstract class RNNCell : KerasLayer
{
    private protected RNNCell(string className, JsonObject config, string? name) : base(className, config, name) { }
}

/// <summary><c>keras.layers.SimpleRNNCell</c>: the step of <see cref="SimpleRNN"/>.</summary>
public sealed class SimpleRNNCell : RNNCell
{
    internal SimpleRNNCell(JsonObject config, string? name) : base("SimpleRNNCell", config, name) { }
}

/// <summary><c>keras.layers.LSTMCell</c>: the step of <see cref="LSTM"/>.</summary>
public sealed class LSTMCell : RNNCell
{
    internal LSTMCell(JsonObject config, string? name) : base("LSTMCell", config, name) { }
}

/// <summary><c>keras.layers.GRUCell</c>: the step of <see cref="GRU"/>.</summary>
public sealed class GRUCell : RNNCell
{
    internal GRUCell(JsonObject config, string? name) : base("GRUCell", config, name) { }
}

/// <summary><c>keras.layers.StackedRNNCells</c>: cells run one after another at each step, each one's output the next one's input.</summary>
public sealed class StackedRNNCells : RNNCell
{
    internal StackedRNNCells(JsonObject config, string? name) : base("StackedRNNCells", config, name) { }
}

/// <summary><c>keras.layers.RNN</c>: runs a cell (or a stack of cells) over the time axis.</summary>
public sealed class RNN : KerasLayer
{
    internal RNN(JsonObject config, string? name) : base("RNN", config, name) { }
}

/// <summary><c>keras.layers.ConvLSTM1D</c>: an LSTM whose products are 1D convolutions.</summary>
public sealed class ConvLSTM1D : KerasLayer
{
    internal ConvLSTM1D(JsonObject config, string? name) : base("ConvLSTM1D", config, name) { }
}

/// <summary><c>keras.layers.ConvLSTM2D</c>: an LSTM whose products are 2D convolutions.</summary>
public sealed class ConvLSTM2D : KerasLayer
{
    internal ConvLSTM2D(JsonObject config, string? name) : base("ConvLSTM2D", config, name) { }
}

/// <summary><c>keras.layers.ConvLSTM3D</c>: an LSTM whose products are 3D convolutions.</summary>
public sealed class ConvLSTM3D : KerasLayer
{
    internal ConvLSTM3D(JsonObject config, string? name) : base("ConvLSTM3D", config, name) { }
}
