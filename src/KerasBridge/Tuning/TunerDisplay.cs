using System.Text;

namespace KerasBridge;

/// <summary>The text keras_tuner prints (keras_tuner/engine/oracle.py Display, base_tuner.results_summary).</summary>
internal static class TunerDisplay
{
    private const int ColumnWidth = 18;

    public static string TrialBegin(int number, Trial? best, IReadOnlyDictionary<string, object> values)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine($"Search: Running Trial #{number}").AppendLine();
        if (values.Count == 0)
        {
            text.AppendLine("default configuration");
        }
        else
        {
            text.AppendLine(Row("Value", "Best Value So Far", "Hyperparameter"));
            foreach (var (name, value) in values)
            {
                var bestValue = best is null ? "?" : best.Hyperparameters.Values.TryGetValue(name, out var b) ? Format(b) : "None";
                text.AppendLine(Row(Format(value), bestValue, name));
            }
        }
        return text.AppendLine().ToString();
    }

    public static string TrialEnd(int number, TimeSpan taken, Trial trial, Objective objective, Trial? best, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine($"Trial {number} Complete [{Duration(taken)}]");
        if (trial.Score is { } score)
        {
            text.AppendLine($"{objective.Name}: {PythonFloat.Repr(score)}");
        }
        text.AppendLine();
        text.AppendLine($"Best {objective.Name} So Far: {(best?.Score is { } s ? PythonFloat.Repr(s) : "None")}");
        text.AppendLine($"Total elapsed time: {Duration(elapsed)}");
        return text.ToString();
    }

    public static string ResultsSummary(string projectDir, int numTrials, Objective objective, IEnumerable<Trial> best)
    {
        var text = new StringBuilder();
        text.AppendLine("Results summary").AppendLine($"Results in {projectDir}").AppendLine($"Showing {numTrials} best trials").AppendLine(objective.ToString());
        foreach (var trial in best)
        {
            text.AppendLine().Append(trial.Summary());
        }
        return text.ToString();
    }

    private static string Row(string a, string b, string c) => a.PadRight(ColumnWidth) + "|" + b.PadRight(ColumnWidth) + "|" + c;

    /// <summary>Display.format_value: numbers as <c>{:.5g}</c>, other values cut to the column's width.</summary>
    private static string Format(object value)
    {
        if (value is int i)
        {
            return PythonFloat.General5(i);
        }
        if (value is double d)
        {
            return PythonFloat.General5(d);
        }
        var text = PythonFloat.Str(value);
        return text.Length > ColumnWidth ? text[..(ColumnWidth - 3)] + "..." : text;
    }

    /// <summary>Display.format_duration: "00h 01m 05s", with days when there are some.</summary>
    public static string Duration(TimeSpan span)
    {
        var s = (long)Math.Round(span.TotalSeconds, MidpointRounding.ToEven);
        var d = s / 86400;
        s %= 86400;
        var h = s / 3600;
        s %= 3600;
        var m = s / 60;
        s %= 60;
        return d > 0 ? $"{d}d {h:00}h {m:00}m {s:00}s" : $"{h:00}h {m:00}m {s:00}s";
    }
}
