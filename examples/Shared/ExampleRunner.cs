using System.Diagnostics;
using System.Globalization;

namespace KerasBridge.Examples;

/// <summary>Runs an example's steps: invariant number formatting, options, a heading, and errors as one message and exit code 1.</summary>
public static class ExampleRunner
{
    /// <summary>
    /// Runs <paramref name="body"/> and returns the process exit code: 0 when it finished or was stopped by Ctrl+C /
    /// SIGTERM (see <see cref="Interruption"/>: training stops after its current batch and the example writes what it
    /// has), 1 on an error.
    /// </summary>
    public static int Run(string[] args, string title, Action<ExampleOptions> body)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        using var interruption = Interruption.Listen();
        try
        {
            var options = ExampleOptions.Parse(args);
            Console.WriteLine(title);
            Console.WriteLine(new string('=', title.Length));
            Console.WriteLine($"Engine: {Engine.Current}");
            Console.WriteLine($"Output folder: {options.OutputDirectory}");
            body(options);
            Console.WriteLine();
            Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }
        catch (OperationCanceledException) when (Interruption.Requested)
        {
            Console.WriteLine();
            Console.WriteLine($"Cancelled by {Interruption.Signal} after {clock.Elapsed.TotalSeconds:0.0} s; the files written so far are complete.");
            return 0;
        }
        catch (Exception e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Prints a step's heading; stops the example here when Ctrl+C or SIGTERM asked to (see <see cref="Interruption"/>).</summary>
    public static void Step(string heading)
    {
        Interruption.ThrowIfRequested();
        Console.WriteLine();
        Console.WriteLine($"## {heading}");
    }

    /// <summary>Prints that a file was written, with its size.</summary>
    public static void Wrote(string path) =>
        Console.WriteLine($"  wrote {path} ({new FileInfo(path).Length / 1024.0:0.0} KB)");
}
