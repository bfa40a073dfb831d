using System.Diagnostics;
using System.Globalization;

namespace KerasBridge.Examples;

/// <summary>Runs an example's steps: invariant number formatting, options, a heading, and errors as one message and exit code 1.</summary>
public static class ExampleRunner
{
    /// <summary>Runs <paramref name="body"/> and returns the process exit code.</summary>
    public static int Run(string[] args, string title, Action<ExampleOptions> body)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
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
        catch (Exception e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Prints a step's heading.</summary>
    public static void Step(string heading)
    {
        Console.WriteLine();
        Console.WriteLine($"## {heading}");
    }

    /// <summary>Prints that a file was written, with its size.</summary>
    public static void Wrote(string path) =>
        Console.WriteLine($"  wrote {path} ({new FileInfo(path).Length / 1024.0:0.0} KB)");
}
