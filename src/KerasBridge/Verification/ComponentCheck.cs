namespace KerasBridge;

/// <summary>One row of the setup report: a component, its installed version and how it compares with the lesson.</summary>
public sealed record ComponentCheck
{
    /// <summary>Display name, e.g. "TensorFlow".</summary>
    public required string Name { get; init; }

    /// <summary>The Python module name, e.g. "tensorflow" (empty for the Python row).</summary>
    public required string Module { get; init; }

    /// <summary>The version exactly as the interpreter reports module.__version__, or null when missing.</summary>
    public string? InstalledVersion { get; init; }

    /// <summary>The version the lesson was written against, when it names one.</summary>
    public string? LessonVersion { get; init; }

    /// <summary>The minimum the lesson needs, when there is one.</summary>
    public string? MinimumVersion { get; init; }

    /// <summary>How the installed version compares.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>A one-line fix (the pip or apt command), or null when nothing needs doing.</summary>
    public string? Remedy { get; init; }

    /// <summary>Extra facts: devices seen, backend, executable, the import error.</summary>
    public string? Details { get; init; }

    /// <summary>Whether the lesson cannot be followed without this component (an engine is judged separately).</summary>
    public required bool Required { get; init; }
}
