using System.Globalization;
using System.Text;

namespace KerasBridge.Cli.Commands;

/// <summary>
/// <c>kerasbridge predict MODEL --input X.csv [--output Y.csv] [--engine auto|keras|torch] [--runtime engine|onnx]</c>: one CSV row of
/// outputs per input row. Each input row holds one sample flattened in C order (for an 8×8×1 image model,
/// 64 values) and is reshaped to the model's input shape; each output row is the sample's output flattened the
/// same way, written with invariant culture at full float precision (round-trip "R"). Without --output the
/// rows go to stdout and nothing else does; with it the file is written atomically (all rows or the old file).
/// A model with several inputs takes one <c>--input NAME=FILE.csv</c> per input name; a model with several outputs
/// needs <c>--output-dir DIR</c>, which gets one <c>OUTPUT_NAME.csv</c> per output, each written atomically.
/// </summary>
public static class PredictCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var arguments = CommandArguments.Parse("predict", args, ["--output", "--output-dir", "--engine", "--runtime"], [], ["--input"]);
        if (arguments.HelpRequested)
        {
            output.WriteLine(Program.Usage);
            return 0;
        }
        var modelPath = arguments.SinglePositional("MODEL (a .keras or .h5 file)");
        var inputs = arguments.Options("--input");
        if (inputs.Count == 0)
        {
            throw new CommandLineException("predict: missing --input X.csv (or --input NAME=FILE.csv per input of a model with several)");
        }
        if (inputs.Count > 1 && inputs.Any(v => !IsNamed(v)))
        {
            throw new CommandLineException(
                "predict: option '--input' is given more than once; a model with several inputs takes one --input NAME=FILE.csv per input name");
        }
        var outputPath = arguments.Option("--output");
        var outputDir = arguments.Option("--output-dir");
        if (outputPath is not null && outputDir is not null)
        {
            throw new CommandLineException("predict: give either --output FILE.csv (one output) or --output-dir DIR (one OUTPUT_NAME.csv per output), not both");
        }
        var engine = arguments.Engine();
        var onnx = OnnxPrediction.Requested(arguments);

        if (outputPath is not null)
        {
            CheckOutputFolder(outputPath);
        }
        if (outputDir is not null)
        {
            CheckOutputDirectory(outputDir);
        }
        if (onnx)
        {
            if (inputs.Count > 1 || IsNamed(inputs[0]) || outputDir is not null)
            {
                throw new CommandLineException("predict: --runtime onnx scores models with one input and one output: give one --input X.csv and no --output-dir");
            }
            Emit(Format(OnnxPrediction.Predict(modelPath, ReadRows(inputs[0]), inputs[0], engine)), outputPath, output);
            return 0;
        }
        // Whatever Python prints goes to stderr: stdout holds only the predictions.
        PythonRuntime.SetOutput(Console.Error, Console.Error);
        using var model = Models.LoadModel(modelPath, engine: engine);
        var files = InputFiles(inputs, model);
        if (model.OutputNames.Count > 1 && outputDir is null)
        {
            throw new CommandLineException(
                $"predict: model '{model.Name}' has {model.OutputNames.Count} outputs ({string.Join(", ", model.OutputNames)}); "
                + "give --output-dir DIR to get one OUTPUT_NAME.csv per output");
        }
        var x = files.ToDictionary(f => f.Key, f => Reshape(ReadRows(f.Value), model, f.Key, f.Value), StringComparer.Ordinal);
        if (outputDir is not null)
        {
            var outputs = model.PredictOutputs(x);
            // Every file's text first, so a failing prediction leaves the folder as it was.
            var texts = outputs.Select(o => (Path: Path.Combine(outputDir, CheckedFileName(o.Key, model) + ".csv"), Text: Format(o.Value))).ToList();
            foreach (var (path, text) in texts)
            {
                WriteAtomically(path, text);
            }
            return 0;
        }
        var y = model.InputNames.Count > 1 ? model.PredictOutputs(x).Values.Single() : Predict(model, x.Values.Single());
        Emit(Format(y), outputPath, output);
        return 0;
    }

    // One output's CSV: to stdout, or to the --output file atomically.
    private static void Emit(string formatted, string? outputPath, TextWriter output)
    {
        if (outputPath is null)
        {
            output.Write(formatted);
            output.Flush();
        }
        else
        {
            WriteAtomically(outputPath, formatted);
        }
    }

    /// <summary>NAME=FILE (a name before '=' and a value that is not itself an existing file).</summary>
    private static bool IsNamed(string value) => value.IndexOf('=') > 0 && !File.Exists(value);

    /// <summary>The CSV file of each model input, by input name; the combinations that cannot serve the model are usage errors.</summary>
    internal static Dictionary<string, string> InputFiles(IReadOnlyList<string> values, Model model)
    {
        var names = model.InputNames.Count > 0 ? model.InputNames : [model.Name];
        var listed = string.Join(", ", names);
        if (values.Count == 1 && !IsNamed(values[0]))
        {
            if (names.Count > 1)
            {
                throw new CommandLineException(
                    $"predict: model '{model.Name}' has {names.Count} inputs ({listed}); give one --input NAME=FILE.csv per input");
            }
            return new Dictionary<string, string>(StringComparer.Ordinal) { [names[0]] = values[0] };
        }
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            var (name, file) = (value[..eq], value[(eq + 1)..]);
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                throw new CommandLineException($"predict: --input {value}: model '{model.Name}' has no input '{name}'; its inputs are: {listed}");
            }
            if (file.Length == 0)
            {
                throw new CommandLineException($"predict: --input {value}: needs a file after '='");
            }
            if (!files.TryAdd(name, file))
            {
                throw new CommandLineException($"predict: input '{name}' is given more than once");
            }
        }
        var missing = names.Where(n => !files.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new CommandLineException(
                $"predict: model '{model.Name}' has {names.Count} inputs ({listed}); missing --input for: {string.Join(", ", missing)}");
        }
        return files;
    }

    /// <summary>An output name usable as a file name in the output folder.</summary>
    private static string CheckedFileName(string outputName, Model model)
    {
        if (outputName.Length == 0 || outputName is "." or ".." || outputName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || outputName.Contains('/') || outputName.Contains('\\'))
        {
            throw new InvalidOperationException($"predict: output '{outputName}' of model '{model.Name}' cannot be used as a file name");
        }
        return outputName;
    }

    /// <summary>The CSV's rows of numbers (blank lines skipped); every row must have the same number of values.</summary>
    internal static List<float[]> ReadRows(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CommandFileException(path, "is a folder, not a CSV file");
        }
        if (!File.Exists(path))
        {
            throw new CommandFileException(path, "file does not exist");
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFileException(path, $"cannot be read ({e.Message})");
        }
        var rows = new List<float[]>();
        int? firstLine = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
            var row = new float[cells.Length];
            for (var j = 0; j < cells.Length; j++)
            {
                var cell = cells[j].Trim();
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]))
                {
                    var hint = rows.Count == 0 ? " (the file must hold only numbers: no header row)" : "";
                    throw new CommandFileException(path, $"line {i + 1}, value {j + 1}: '{Shorten(cell)}' is not a number{hint}");
                }
            }
            if (rows.Count > 0 && row.Length != rows[0].Length)
            {
                throw new CommandFileException(path, $"line {i + 1} has {row.Length} values but line {firstLine + 1} has {rows[0].Length}; every row must have the same number of values");
            }
            firstLine ??= i;
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            throw new CommandFileException(path, "has no rows of numbers");
        }
        return rows;
    }

    /// <summary>The rows as one array of the input's shape (samples first), each row reshaped in C order.</summary>
    internal static Array Reshape(List<float[]> rows, Model model, string inputName, string inputPath)
    {
        var perRow = rows[0].Length;
        var shape = model.InputShapes.TryGetValue(inputName, out var known) ? known : model.InputShape;
        int[] sample;
        if (shape is null || shape.Count < 2)
        {
            sample = [perRow];
        }
        else if (shape.Skip(1).Any(d => d is null))
        {
            if (shape.Count != 2)
            {
                throw new CommandFileException(inputPath,
                    $"cannot be reshaped for model '{model.Name}': its input shape ({FormatShape(shape)}) has unknown dimensions besides the samples");
            }
            sample = [perRow];
        }
        else
        {
            sample = shape.Skip(1).Select(d => d!.Value).ToArray();
        }
        var expected = sample.Aggregate(1L, (a, b) => a * b);
        if (expected != perRow)
        {
            var shapeText = shape is null ? "unknown" : $"({FormatShape(shape)})";
            throw new CommandFileException(inputPath,
                $"has {perRow} values per row, but {(model.InputNames.Count > 1 ? $"input '{inputName}' of " : "")}model '{model.Name}' takes {expected} per sample (input shape {shapeText}, flattened in C order)");
        }
        var x = Array.CreateInstance(typeof(float), [rows.Count, .. sample]);
        var bytesPerRow = perRow * sizeof(float);
        for (var i = 0; i < rows.Count; i++)
        {
            Buffer.BlockCopy(rows[i], 0, x, i * bytesPerRow, bytesPerRow);
        }
        return x;
    }

    private static Array Predict(Model model, Array x) => model.OutputShape?.Count switch
    {
        null or 2 => model.Predict<float[,]>(x),
        3 => model.Predict<float[,,]>(x),
        4 => model.Predict<float[,,,]>(x),
        var rank => throw new InvalidOperationException($"predict: outputs of rank {rank} are not supported; the model's output shape is ({FormatShape(model.OutputShape!)})"),
    };

    /// <summary>One line per sample: its outputs in C order, comma-separated, invariant culture, round-trip precision.</summary>
    internal static string Format(Array y)
    {
        var samples = y.GetLength(0);
        var perRow = samples == 0 ? 0 : y.Length / samples;
        var values = new float[y.Length];
        Buffer.BlockCopy(y, 0, values, 0, y.Length * sizeof(float));
        var text = new StringBuilder();
        for (var i = 0; i < samples; i++)
        {
            for (var j = 0; j < perRow; j++)
            {
                if (j > 0)
                {
                    text.Append(',');
                }
                text.Append(values[i * perRow + j].ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void CheckOutputDirectory(string path)
    {
        if (File.Exists(path))
        {
            throw new CommandFileException(path, "cannot be used as --output-dir: it is a file");
        }
        if (!Directory.Exists(path))
        {
            throw new CommandFileException(path, "cannot be used as --output-dir: the folder does not exist");
        }
    }

    private static void CheckOutputFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CommandFileException(path, "cannot be written: it is a folder");
        }
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new CommandFileException(path, $"cannot be written: the folder {folder} does not exist");
        }
    }

    /// <summary>Writes a temporary file beside <paramref name="path"/>, flushes it to disk and renames it over the target.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFileException(path, $"could not be written ({e.Message}); the previous file, if any, is unchanged");
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string FormatShape(IEnumerable<int?> shape) => string.Join(", ", shape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None"));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
