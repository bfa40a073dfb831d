namespace KerasBridge.Cli.Commands;

/// <summary><c>kerasbridge predict MODEL --input X.csv</c>.</summary>
public static class PredictCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string[] args, TextWriter output) =>
        throw new CommandLineException("predict: model files are not supported yet");
}
