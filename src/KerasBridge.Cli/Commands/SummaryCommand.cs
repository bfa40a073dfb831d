namespace KerasBridge.Cli.Commands;

/// <summary><c>kerasbridge summary MODEL [--engine auto|keras|torch]</c>: prints Keras's summary text of a model file.</summary>
public static class SummaryCommand
{
    /// <summary>Runs the command: the exact text of Keras's <c>model.summary()</c> on <paramref name="output"/>, nothing else.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var arguments = CommandArguments.Parse("summary", args, "--engine");
        if (arguments.HelpRequested)
        {
            output.WriteLine(Program.Usage);
            return 0;
        }
        var path = arguments.SinglePositional("MODEL (a .keras or .h5 file)");
        var engine = arguments.Engine();
        // Whatever Python prints (warnings, engine messages) goes to stderr: stdout holds only the summary.
        PythonRuntime.SetOutput(Console.Error, Console.Error);
        using var model = Models.LoadModel(path, engine: engine);
        output.Write(model.Summary());
        output.Flush();
        return 0;
    }
}
