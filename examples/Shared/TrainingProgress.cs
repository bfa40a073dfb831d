using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace KerasBridge.Examples;

/// <summary>
/// Shows <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken)"/>'s progress: a live Spectre.Console bar with the epoch, loss and val_loss when
/// standard output is an interactive terminal, and one plain line per epoch when it is redirected (a pipe, a file,
/// a test), so logs stay readable.
/// </summary>
public static class TrainingProgress
{
    /// <summary>True when the live bar is used (stdout is an interactive terminal).</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Runs <paramref name="fit"/>, giving it the progress reporter to pass to Fit (with
    /// <c>cancellationToken: Interruption.Token</c>), and returns its History; a History cancelled before its first
    /// epoch ended throws <see cref="OperationCanceledException"/> instead (there is nothing to plot).
    /// </summary>
    /// <param name="name">What is trained, shown before the numbers.</param>
    /// <param name="epochs">The epochs asked for (the bar's length).</param>
    /// <param name="fit">Calls Fit with the reporter, e.g. <c>p =&gt; model.Fit(x, y, epochs: epochs, progress: p)</c>.</param>
    public static History Fit(string name, int epochs, Func<IProgress<EpochProgress>, History> fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var clock = Stopwatch.StartNew();
        History history;
        if (Interactive)
        {
            var losses = new LossColumn();
            history = AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new EpochColumn(),
                    losses, new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(name), maxValue: epochs);
                    var result = fit(new Reporter(report =>
                    {
                        losses.Latest = Losses(report);
                        task.Value = report.Epoch + 1;
                    }));
                    task.Value = epochs; // an early stop ends the bar too
                    return result;
                });
        }
        else
        {
            history = fit(new Reporter(report => Console.WriteLine($"  {name}: {Describe(report)}")));
        }
        var ran = history.Epoch.Count;
        var ending = history.Cancelled ? $"cancelled by {Interruption.Signal ?? "the token"} after {ran} of {epochs} epochs"
            : history.StoppedEarly ? $"stopped early after {ran} of {epochs} epochs" : $"{ran} epochs";
        Console.WriteLine($"  {name}: {ending} in {clock.Elapsed.TotalSeconds:0.0} s");
        if (history.Cancelled && ran == 0)
        {
            // Nothing finished, so there is nothing to plot or save: stop the example here.
            throw new OperationCanceledException($"{name}: cancelled before the first epoch ended.", Interruption.Token);
        }
        return history;
    }

    /// <summary>"epoch 3/100 - loss: 0.1234 - val_loss: 0.2345" (loss first, then the other logs by name).</summary>
    public static string Describe(EpochProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var width = report.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var logs = report.Logs.OrderBy(kv => kv.Key switch { "loss" => 0, "val_loss" => 1, _ => 2 }).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}: {kv.Value:0.0000}");
        return $"epoch {(report.Epoch + 1).ToString().PadLeft(width)}/{report.Epochs} - {string.Join(" - ", logs)}";
    }

    /// <summary>"loss 0.1234  val_loss 0.2345" (val_loss only when there is validation data).</summary>
    private static string Losses(EpochProgress report) =>
        string.Join("  ", new[] { "loss", "val_loss" }.Where(report.Logs.ContainsKey).Select(k => $"{k} {report.Logs[k]:0.0000}"));

    /// <summary>The finished epochs out of those asked for, e.g. " 12/100".</summary>
    private sealed class EpochColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var total = ((int)task.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new Spectre.Console.Text($"{((int)task.Value).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(total.Length)}/{total}");
        }
    }

    /// <summary>The latest epoch's loss and val_loss (one training task per bar).</summary>
    private sealed class LossColumn : ProgressColumn
    {
        private volatile string _latest = "";

        public string Latest
        {
            get => _latest;
            set => _latest = value;
        }

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Spectre.Console.Text(Latest, new Style(Color.Grey));
    }

    /// <summary>Reports on the calling thread (the Python thread that runs Fit), unlike Progress&lt;T&gt;.</summary>
    private sealed class Reporter(Action<EpochProgress> report) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => report(value);
    }
}
