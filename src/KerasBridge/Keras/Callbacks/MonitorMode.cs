namespace KerasBridge;

/// <summary>Which direction of the monitored quantity is an improvement.</summary>
public enum MonitorMode
{
    /// <summary>Inferred from the name, as Keras does (accuracies up, losses and errors down).</summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
