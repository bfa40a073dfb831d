using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.STFTSpectrogram</c>: spectrograms of 1D signals computed by convolution with STFT kernels (trainable when the layer is).</summary>
public sealed class STFTSpectrogram : KerasLayer
{
    internal STFTSpectrogram(JsonObject config, string? name) : base("STFTSpectrogram", config, name) { }
}

/// <summary><c>keras.layers.MelSpectrogram</c>: mel-scaled spectrograms (optionally in decibels) of 1D signals; no weights.</summary>
public sealed class MelSpectrogram : KerasLayer
{
    internal MelSpectrogram(JsonObject config, string? name) : base("MelSpectrogram", config, name) { }
}
