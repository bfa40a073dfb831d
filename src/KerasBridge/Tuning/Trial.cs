namespace KerasBridge;

/// <summary>A trial's state, as keras_tuner's TrialStatus.</summary>
public enum TrialStatus
{
    /// <summary>Trained; its score is known.</summary>
    Completed,

    /// <summary>Building or training the model failed; <see cref="Trial.Message"/> says why.</summary>
    Failed,
}

/// <summary>
/// One model configuration tried by a <see cref="Tuner"/> (keras_tuner's Trial): its hyperparameters, the History
/// values at its best epoch, the objective's best value (its score) and that epoch.
/// </summary>
public sealed record Trial
{
    /// <summary>keras_tuner's zero-padded id, e.g. "03".</summary>
    public required string TrialId { get; init; }

    /// <summary>The hyperparameter values the model was built with.</summary>
    public required HyperParameters Hyperparameters { get; init; }

    /// <summary>Every History key's value at the best epoch.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The objective's best value over the epochs; null when the trial failed.</summary>
    public double? Score { get; init; }

    /// <summary>The best epoch (0-based).</summary>
    public int BestStep { get; init; }

    /// <summary>Completed or failed.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>Why the trial failed; null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>The folder of the trial's files (trial.json, and model.keras with the best epoch's weights).</summary>
    public required string Directory { get; init; }

    /// <summary>keras_tuner's <c>trial.summary()</c> text.</summary>
    public string Summary()
    {
        var lines = new List<string> { $"Trial {TrialId} summary", "Hyperparameters:" };
        var values = Hyperparameters.Values;
        lines.AddRange(values.Count == 0 ? ["default configuration"] : values.Select(kv => $"{kv.Key}: {PythonFloat.Str(kv.Value)}"));
        if (Score is { } score)
        {
            lines.Add($"Score: {PythonFloat.Repr(score)}");
        }
        if (Message is not null)
        {
            lines.Add(Message);
        }
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}

/// <summary>What <see cref="Tuner.Search"/> reports after each trial.</summary>
/// <param name="Trial">The trial that just ended.</param>
/// <param name="TrialNumber">Its number, from 1, counting trials restored from the project folder.</param>
/// <param name="BestSoFar">The best completed trial so far (null while none has completed).</param>
public sealed record TrialProgress(Trial Trial, int TrialNumber, Trial? BestSoFar);
