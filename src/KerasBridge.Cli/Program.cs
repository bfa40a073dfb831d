using KerasBridge.Cli.Commands;

namespace KerasBridge.Cli;

/// <summary>The kerasbridge command: setup | verify | summary | predict | export.</summary>
public static class Program
{
    /// <summary>Entry point; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return UsageError("missing command");
        }
        if (args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "setup" => SetupCommand.Run(rest, Console.Out, Console.Error),
                "verify" => VerifyCommand.Run(rest, Console.Out),
                "summary" => SummaryCommand.Run(rest, Console.Out),
                "predict" => PredictCommand.Run(rest, Console.Out),
                "export" => ExportCommand.Run(rest, Console.Out),
                _ => UsageError($"unknown command '{args[0]}'"),
            };
        }
        catch (CommandLineException e)
        {
            return UsageError(e.Message);
        }
        catch (Exception e) when (e is PythonSetupException or PythonError or ArgumentException or IOException
                                       or CommandFileException or InvalidOperationException
                                       or NotSupportedException or InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            Console.Error.WriteLine($"kerasbridge: {e.Message}");
            if (e is PythonError { PythonTraceback: var tb } && Environment.GetEnvironmentVariable("KERASBRIDGE_TRACEBACK") == "1")
            {
                Console.Error.WriteLine(tb);
            }
            return 1;
        }
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"kerasbridge: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    internal const string Usage = """
usage: kerasbridge <command> [options]

commands:
  setup [--venv DIR] [--no-verify]     make the Python environment KerasBridge needs (default venv:
                                       ./python-env/.venv, found from this folder down), then verify it
  verify [--json]                      check the lesson's installation (exit 0 when it can be followed)
  summary MODEL [--engine auto|keras|torch]
                                       print Keras's summary of a .keras or .h5 model
  predict MODEL --input X.csv [--output Y.csv] [--engine auto|keras|torch]
                                       predict one CSV row of outputs per input row: each input
                                       row is one sample flattened in C order (an 8x8x1 image
                                       model takes 64 values); outputs go to stdout, or to
                                       Y.csv written atomically
  predict MODEL --input NAME=FILE.csv ... [--output-dir DIR] [--engine auto|keras|torch]
                                       a model with several inputs takes one --input per input
                                       name; --output-dir DIR gets one OUTPUT_NAME.csv per output
                                       (needed for several outputs), each written atomically
    [--runtime engine|onnx]            onnx: score with ONNX Runtime (MODEL may be a .onnx file,
                                       run without Python; a .keras/.h5 is exported first)
  export MODEL --onnx OUT.onnx [--opset N] [--engine auto|keras|torch]
                                       write the model's inference computation as ONNX (opset
                                       9-17, default 14), atomically

exit codes: 0 done, 1 a file or the setup is unusable (the message says which and why),
2 bad command line; setup passes its setup script's exit code through
""";
}
