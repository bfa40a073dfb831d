using KerasBridge.Onnx;

namespace KerasBridge.Cli.Commands;

/// <summary>
/// <c>predict --runtime onnx</c>: the same CSV rows in and out as the engine path, computed by ONNX Runtime
/// (KerasBridge.Onnx). An .onnx MODEL is scored without Python; a .keras/.h5 MODEL is exported to a temporary
/// .onnx file first (by the engine), which is deleted afterwards.
/// </summary>
internal static class OnnxPrediction
{
    /// <summary>Whether --runtime asks for ONNX Runtime ("engine", the default, or "onnx").</summary>
    public static bool Requested(CommandArguments arguments) => arguments.Option("--runtime")?.ToLowerInvariant() switch
    {
        null or "engine" => false,
        "onnx" => true,
        var other => throw new CommandLineException($"predict: --runtime must be engine or onnx; got '{other}'"),
    };

    /// <summary>The model's outputs for the CSV rows (samples first, the single output of the model).</summary>
    public static Array Predict(string modelPath, List<float[]> rows, string inputPath, EngineKind engine)
    {
        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(modelPath))
            {
                throw new CommandFileException(modelPath, "file does not exist");
            }
            return Score(modelPath, rows, inputPath);
        }
        var folder = Directory.CreateTempSubdirectory("kerasbridge-onnx-");
        try
        {
            var exported = Path.Combine(folder.FullName, "model.onnx");
            PythonRuntime.SetOutput(Console.Error, Console.Error);
            using (var model = Models.LoadModel(modelPath, engine: engine))
            {
                model.ExportOnnx(exported);
            }
            return Score(exported, rows, inputPath);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Array Score(string onnxPath, List<float[]> rows, string inputPath)
    {
        using var onnx = OnnxModel.Load(onnxPath);
        if (onnx.InputNames.Count != 1 || onnx.OutputNames.Count != 1)
        {
            throw new InvalidOperationException(
                $"predict: the ONNX model has {onnx.InputNames.Count} input(s) and {onnx.OutputNames.Count} output(s); a CSV holds one input and gets one output");
        }
        var x = Reshape(rows, onnx.InputShape!, onnxPath, inputPath);
        return onnx.OutputShape!.Count switch
        {
            2 => onnx.Predict<float[,]>(x),
            3 => onnx.Predict<float[,,]>(x),
            4 => onnx.Predict<float[,,,]>(x),
            var rank => throw new InvalidOperationException($"predict: outputs of rank {rank} are not supported"),
        };
    }

    /// <summary>The rows as one array of the input shape (samples first), each row reshaped in C order.</summary>
    private static Array Reshape(List<float[]> rows, IReadOnlyList<int?> shape, string onnxPath, string inputPath)
    {
        var perRow = rows[0].Length;
        int[] sample = shape.Count == 2 && shape[1] is null ? [perRow]
            : shape.Skip(1).All(d => d is not null) ? shape.Skip(1).Select(d => d!.Value).ToArray()
            : throw new CommandFileException(inputPath, $"cannot be reshaped for {onnxPath}: its input has unknown dimensions besides the samples");
        var expected = sample.Aggregate(1L, (a, b) => a * b);
        if (expected != perRow)
        {
            throw new CommandFileException(inputPath,
                $"has {perRow} values per row, but {Path.GetFileName(onnxPath)} takes {expected} per sample (input shape ({string.Join(", ", shape.Select(d => d?.ToString() ?? "None"))}), flattened in C order)");
        }
        var x = Array.CreateInstance(typeof(float), [rows.Count, .. sample]);
        for (var i = 0; i < rows.Count; i++)
        {
            Buffer.BlockCopy(rows[i], 0, x, i * perRow * sizeof(float), perRow * sizeof(float));
        }
        return x;
    }
}
