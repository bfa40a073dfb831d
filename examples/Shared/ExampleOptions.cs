using System.Globalization;
using System.Reflection;

namespace KerasBridge.Examples;

/// <summary>
/// The command line and environment every example understands:
/// <c>--output DIR</c> or KERASBRIDGE_OUTPUT (default: the example's own output/ folder) and
/// <c>--epochs N</c> or KERASBRIDGE_EPOCHS (default: the lesson's epochs; fewer make a quick run, e.g. in tests).
/// </summary>
public sealed class ExampleOptions
{
    private ExampleOptions(string outputDirectory, int? epochs)
    {
        OutputDirectory = outputDirectory;
        EpochsOverride = epochs;
    }

    /// <summary>The folder the PNGs and model files are written to (created when missing).</summary>
    public string OutputDirectory { get; }

    /// <summary>The epochs asked for on the command line or in KERASBRIDGE_EPOCHS, or null for the lesson's.</summary>
    public int? EpochsOverride { get; }

    /// <summary>The epochs to train: the override when given, else the lesson's number.</summary>
    public int Epochs(int lessonEpochs) => EpochsOverride ?? lessonEpochs;

    /// <summary>A file in the output folder.</summary>
    public string Output(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>Reads the options; throws <see cref="ArgumentException"/> with a usage message on a bad one.</summary>
    public static ExampleOptions Parse(string[] args)
    {
        string? output = Environment.GetEnvironmentVariable("KERASBRIDGE_OUTPUT");
        var epochsText = Environment.GetEnvironmentVariable("KERASBRIDGE_EPOCHS");
        var epochsSource = "KERASBRIDGE_EPOCHS";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--output" or "-o" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--epochs" or "-e" when i + 1 < args.Length:
                    epochsText = args[++i];
                    epochsSource = "--epochs";
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. {Usage}", nameof(args));
            }
        }
        int? epochs = null;
        if (!string.IsNullOrWhiteSpace(epochsText))
        {
            if (!int.TryParse(epochsText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
            {
                throw new ArgumentException($"Expected {epochsSource} to be a whole number > 0; got '{epochsText}'. {Usage}", nameof(args));
            }
            epochs = parsed;
        }
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(output) ? Path.Combine(ExampleDirectory(), "output") : output);
        Directory.CreateDirectory(folder);
        return new ExampleOptions(folder, epochs);
    }

    /// <summary>How to call an example.</summary>
    public const string Usage = "Usage: [--output DIR] [--epochs N]  (or the environment variables KERASBRIDGE_OUTPUT, KERASBRIDGE_EPOCHS)";

    private static string ExampleDirectory()
    {
        var entry = Assembly.GetEntryAssembly();
        var configured = entry?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ExampleDirectory")?.Value;
        // The folder baked in at build time, when it is still there (it is not when the build was copied elsewhere).
        return configured is not null && Directory.Exists(configured) ? configured : Directory.GetCurrentDirectory();
    }
}
