using System.Globalization;

namespace KerasBridge.Cli.Commands;

/// <summary>
/// <c>kerasbridge export MODEL --onnx OUT.onnx [--opset N] [--engine auto|keras|torch]</c>: writes the model's inference
/// computation as an ONNX file (Model.ExportOnnx), atomically; a model with a layer that cannot be exported is refused
/// with the layer's name and nothing is written.
/// </summary>
public static class ExportCommand
{
    /// <summary>Runs the command; prints the written file's inputs and outputs.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var arguments = CommandArguments.Parse("export", args, "--onnx", "--opset", "--engine");
        if (arguments.HelpRequested)
        {
            output.WriteLine(Program.Usage);
            return 0;
        }
        var modelPath = arguments.SinglePositional("MODEL (a .keras or .h5 file)");
        var target = arguments.Option("--onnx") ?? throw new CommandLineException("export: missing --onnx OUT.onnx (the only export format)");
        if (!target.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandLineException($"export: --onnx must name a .onnx file; got '{target}'");
        }
        int? opset = null;
        if (arguments.Option("--opset") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 9 or > 17)
            {
                throw new CommandLineException($"export: --opset must be an integer from 9 to 17; got '{text}'");
            }
            opset = value;
        }
        var engine = arguments.Engine();
        PythonRuntime.SetOutput(Console.Error, Console.Error);
        using var model = Models.LoadModel(modelPath, engine: engine);
        model.ExportOnnx(target, opset);
        output.WriteLine($"wrote {target} (ONNX opset {opset ?? Model.DefaultOnnxOpset}) from model '{model.Name}' on the {model.Engine} engine");
        return 0;
    }
}
