namespace KerasBridge;

/// <summary>Which engine runs a model.</summary>
public enum EngineKind
{
    /// <summary>Real Keras when it imports, otherwise the PyTorch engine.</summary>
    Auto,

    /// <summary>Real Keras 3 (on TensorFlow, JAX or PyTorch).</summary>
    Keras,

    /// <summary>KerasBridge's own engine, which runs Keras model configs on PyTorch with Keras's behaviour.</summary>
    Torch,
}
