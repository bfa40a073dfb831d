namespace KerasBridge;

/// <summary>Resolves the engine requested by an option or by KERASBRIDGE_ENGINE.</summary>
public static class EngineSelection
{
    /// <summary>The environment variable that forces an engine: keras, torch or auto.</summary>
    public const string EngineVariable = "KERASBRIDGE_ENGINE";

    /// <summary>The engine asked for: the explicit choice when not Auto, else KERASBRIDGE_ENGINE, else Auto.</summary>
    /// <exception cref="ArgumentException">KERASBRIDGE_ENGINE holds something other than auto, keras or torch.</exception>
    public static EngineKind Requested(EngineKind explicitChoice = EngineKind.Auto)
    {
        if (explicitChoice != EngineKind.Auto)
        {
            return explicitChoice;
        }
        var variable = Environment.GetEnvironmentVariable(EngineVariable);
        return string.IsNullOrWhiteSpace(variable) ? EngineKind.Auto : Parse(variable, EngineVariable);
    }

    /// <summary>Parses "auto", "keras" or "torch" (any case; "pytorch" is accepted for torch).</summary>
    /// <exception cref="ArgumentException">Any other text; the message lists the valid names.</exception>
    public static EngineKind Parse(string name, string parameterName = "engine") =>
        name.Trim().ToLowerInvariant() switch
        {
            "auto" => EngineKind.Auto,
            "keras" => EngineKind.Keras,
            "torch" or "pytorch" => EngineKind.Torch,
            _ => throw new ArgumentException($"Unknown engine '{name}'. Expected one of: auto, keras, torch.", parameterName),
        };

    /// <summary>The Python name of an engine kind ("auto", "keras", "torch").</summary>
    public static string PythonName(EngineKind kind) => kind switch
    {
        EngineKind.Keras => "keras",
        EngineKind.Torch => "torch",
        _ => "auto",
    };
}
