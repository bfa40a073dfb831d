using System.Runtime.InteropServices;

namespace KerasBridge.Examples;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a <see cref="CancellationToken"/>: the first signal cancels <see cref="Token"/>
/// instead of ending the process, so <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken)"/> (given the token) stops after the current batch and
/// returns the History of the finished epochs (<see cref="History.Cancelled"/> is true); the example then writes what
/// it has and exits 0. A second Ctrl+C or SIGTERM ends the process at once, as without this.
/// </summary>
/// <remarks>
/// Without a handler, .NET ends the process on SIGINT/SIGTERM at once: no cancellation, no History, no saved files.
/// Ctrl+C goes through <see cref="Console.CancelKeyPress"/>; SIGTERM (docker stop, systemd, kill) has no Console event,
/// so it goes through <see cref="PosixSignalRegistration"/>.
/// </remarks>
public static class Interruption
{
    private static CancellationTokenSource _source = new();
    private static string? _signal;

    /// <summary>Cancelled by the first SIGINT or SIGTERM; pass it to Fit.</summary>
    public static CancellationToken Token => _source.Token;

    /// <summary>True once a signal asked the example to stop.</summary>
    public static bool Requested => _source.IsCancellationRequested;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived, else null.</summary>
    public static string? Signal => Volatile.Read(ref _signal);

    /// <summary>Starts listening; dispose to restore the default behaviour (the process ends at once).</summary>
    public static IDisposable Listen()
    {
        _source = new CancellationTokenSource();
        _signal = null;
        Console.CancelKeyPress += OnCancelKeyPress;
        var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Request("SIGTERM"));
        return new Listening(terminate);
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when a signal asked to stop (between steps).</summary>
    public static void ThrowIfRequested() => Token.ThrowIfCancellationRequested();

    private static void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) =>
        e.Cancel = Request(e.SpecialKey == ConsoleSpecialKey.ControlBreak ? "SIGBREAK" : "SIGINT");

    /// <summary>Cancels on the first signal (true: keep running); a second one is not cancelled (false: end now).</summary>
    private static bool Request(string signal)
    {
        if (Interlocked.CompareExchange(ref _signal, signal, null) is not null)
        {
            return false;
        }
        _source.Cancel();
        return true;
    }

    private sealed class Listening(PosixSignalRegistration terminate) : IDisposable
    {
        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            terminate.Dispose();
        }
    }
}
