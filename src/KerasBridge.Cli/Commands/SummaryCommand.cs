namespace KerasBridge.Cli.Commands;

/// <summary><c>kerasbridge summary MODEL</c>: prints Keras's summary text of a model file.</summary>
public static class SummaryCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string[] args, TextWriter output) =>
        throw new CommandLineException("summary: model files are not supported yet");
}
