namespace KerasBridge;

/// <summary>
/// Keras's <c>verbose</c> for Fit, Evaluate and Predict: 0 silent (KerasBridge's default), 1 a progress bar redrawn
/// every step, 2 one line per epoch, or "auto" (1). Converts from an int or "auto". The text goes where Python's
/// stdout goes: <see cref="Console.Out"/> unless <see cref="PythonRuntime.SetOutput"/> says otherwise.
/// </summary>
public readonly record struct Verbosity
{
    private Verbosity(int level) => Level = level;

    /// <summary>0, 1 or 2.</summary>
    public int Level { get; }

    /// <summary>No output.</summary>
    public static Verbosity Silent => default;

    /// <summary>0, 1 or 2.</summary>
    public static implicit operator Verbosity(int level) => level is >= 0 and <= 2
        ? new(level)
        : throw new ArgumentOutOfRangeException("verbose", level, $"Expected verbose 0, 1, 2 or \"auto\"; got {level}.");

    /// <summary>"auto" (1, as Keras's fit/evaluate/predict resolve it).</summary>
    public static implicit operator Verbosity(string text) => text == "auto"
        ? new(1)
        : throw new ArgumentException($"Expected verbose 0, 1, 2 or \"auto\"; got {(text is null ? "null" : $"'{text}'")}.", "verbose");

    /// <inheritdoc />
    public override string ToString() => Level.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
