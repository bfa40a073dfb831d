namespace KerasBridge;

/// <summary>The answer to the lesson's "Testing Keras installation", from C#.</summary>
public sealed record SetupReport
{
    /// <summary>The Python row first, then NumPy, TensorFlow, Keras, PyTorch, seaborn, scikit-learn, pandas, matplotlib, and the optional KerasTuner and Graphviz.</summary>
    public required IReadOnlyList<ComponentCheck> Components { get; init; }

    /// <summary>The engine the bridge will use, or null when neither Keras nor PyTorch is usable.</summary>
    public EngineKind? Engine { get; init; }

    /// <summary>A description of the engine, e.g. "PyTorch engine (torch 1.13.0a0)".</summary>
    public required string EngineDescription { get; init; }

    /// <summary>The device the engine computes on, e.g. "cpu" or "cuda:0 (NVIDIA H100)".</summary>
    public required string Device { get; init; }

    /// <summary>Whether the lesson can be followed with some engine.</summary>
    public required bool CanFollowLesson { get; init; }

    /// <summary>How long verification took.</summary>
    public required TimeSpan Duration { get; init; }
}
