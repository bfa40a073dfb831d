namespace KerasBridge;

/// <summary>Convolution and pooling padding, as Keras's "valid" and "same".</summary>
public enum Padding
{
    /// <summary>No padding: the output shrinks by the kernel size minus one.</summary>
    Valid,

    /// <summary>Zero padding so that, with stride 1, the output has the input's size.</summary>
    Same,

    /// <summary>Left padding only, so output t never sees inputs after t (Conv1D only).</summary>
    Causal,
}
