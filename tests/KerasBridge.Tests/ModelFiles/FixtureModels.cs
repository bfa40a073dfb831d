using System.Globalization;
using System.Text.Json;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// The four Keras 3.15.1 fixture models (fixtures/keras-3.15.1/NAME.*): their inputs and predictions, the same
/// architectures built in C#, and the comparison rules the model-file tests share.
/// </summary>
internal static class FixtureModels
{
    public static readonly string[] Names = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"];

    /// <summary>
    /// Allowed error against NAME.predictions.csv (made by Keras on another machine):
    /// |actual − expected| ≤ 1e-4 · max(|expected|, 1e-2), i.e. 1e-4 relative with an absolute floor of 1e-6.
    /// Float32 carries about 7 significant digits, but another BLAS (OpenBLAS against the reference BLAS) sums
    /// in another order: digits_cnn's outputs then move by up to ~4e-5 relative. 1e-4 leaves room for that
    /// while catching any wrong weight or layer. The floor makes the check absolute for outputs near zero
    /// (softmax tails such as 1e-32, ReLU zeros), which have no meaningful relative precision. Exactness is
    /// demanded only where both sides run in one process (save → load → predict).
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>The floor under |expected| in the relative error (absolute tolerance = Tolerance · Floor = 1e-6).</summary>
    public const double Floor = 1e-2;

    public static string PathOf(string name, string extension) => Path.Combine(TestPaths.Keras3Fixtures, name + extension);

    public static double[,] Expected(string name) => TestData.ReadCsvDouble(PathOf(name, ".predictions.csv"));

    /// <summary>The sample shape from NAME.json, e.g. [4] or [8, 8, 1].</summary>
    public static int[] InputShape(string name)
    {
        using var facts = JsonDocument.Parse(File.ReadAllText(PathOf(name, ".json")));
        return facts.RootElement.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    /// <summary>NAME.inputs.csv reshaped (C order) to (samples, input shape).</summary>
    public static Array Inputs(string name)
    {
        var flat = TestData.ReadCsv(PathOf(name, ".inputs.csv"));
        var shape = InputShape(name);
        var x = Array.CreateInstance(typeof(float), [flat.GetLength(0), .. shape]);
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        return x;
    }

    /// <summary>
    /// The fixture's architecture built in C#, with the fixture's layer names and model name (so its summary has the
    /// same rows); untrained, uncompiled.
    /// </summary>
    public static Model Build(string name, EngineKind engine) => name switch
    {
        "penguins_mlp" => Sequential(
            [Input([4], name: "input_layer"), Layers.Dense(10, activation: "relu", name: "dense"), Layers.Dense(3, activation: "softmax", name: "dense_1")],
            name: "sequential", engine: engine),
        "regression_bn_dropout" => Sequential(
        [
            Input([10], name: "input"),
            Layers.Dense(100, activation: "relu", name: "dense_2"),
            Layers.BatchNormalization(name: "batch_normalization"),
            Layers.Dense(50, activation: "relu", name: "dense_3"),
            Layers.Dropout(0.2, name: "dropout"),
            Layers.Dense(1, name: "dense_4"),
        ], name: "weather_style_regression", engine: engine),
        "digits_cnn" => Sequential(
        [
            Input([8, 8, 1], name: "input_layer_1"),
            Layers.Conv2D(16, kernelSize: 3, activation: "relu", name: "conv2d"),
            Layers.MaxPooling2D(poolSize: 2, name: "max_pooling2d"),
            Layers.Flatten(name: "flatten"),
            Layers.Dropout(0.25, name: "dropout_1"),
            Layers.Dense(10, name: "dense_5"),
        ], name: "sequential_1", engine: engine),
        "single_neuron" => Sequential(
            [Input([3], name: "input_layer_2"), Layers.Dense(1, activation: "relu", name: "dense_6")],
            name: "sequential_2", engine: engine),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a fixture"),
    };

    /// <summary>Compiles a C#-built model as the fixture was compiled (single_neuron was not compiled).</summary>
    public static void CompileLikeFixture(string name, Model model)
    {
        switch (name)
        {
            case "penguins_mlp":
                model.Compile(optimizer: "adam", loss: Losses.CategoricalCrossentropy(), metrics: ["accuracy"]);
                break;
            case "regression_bn_dropout":
                model.Compile(optimizer: Optimizers.Adam(), loss: "mse", metrics: [Metrics.RootMeanSquaredError()]);
                break;
            case "digits_cnn":
                model.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
                break;
        }
    }

    /// <summary>Targets for a short fit of the C#-built model: the fixture's predictions (class ids for digits_cnn).</summary>
    public static Array Targets(string name)
    {
        var expected = TestData.ReadCsv(PathOf(name, ".predictions.csv"));
        if (name != "digits_cnn")
        {
            return expected;
        }
        var labels = new long[expected.GetLength(0)];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = TestData.ArgMax(expected, i);
        }
        return labels;
    }

    /// <summary>The largest |actual − expected| / max(|expected|, floor) over all values (shapes must agree).</summary>
    public static double MaxRelativeError(float[,] actual, double[,] expected)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        var worst = 0.0;
        for (var i = 0; i < expected.GetLength(0); i++)
        {
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                var error = Math.Abs(actual[i, j] - expected[i, j]) / Math.Max(Math.Abs(expected[i, j]), Floor);
                worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
            }
        }
        return worst;
    }

    /// <summary>Asserts predictions match NAME.predictions.csv within the tolerance and returns the measured error.</summary>
    public static double AssertMatchesPredictions(string name, float[,] actual, string what)
    {
        var error = MaxRelativeError(actual, Expected(name));
        Assert.True(error <= Tolerance, $"{name} ({what}): max relative error {error:E2} > {Tolerance:E0}");
        return error;
    }

    public static string Summary(string name) => File.ReadAllText(PathOf(name, ".summary.txt"));

    /// <summary>
    /// NAME.summary.txt as Keras prints it for the same model without optimizer state (a freshly built or
    /// uncompiled model, or one whose optimizer has not run): no "Optimizer params" line, and the total is the
    /// trainable plus non-trainable params. For single_neuron (never compiled) that is the file itself.
    /// </summary>
    public static string SummaryWithoutOptimizer(string name)
    {
        var lines = Summary(name).Split('\n').ToList();
        var optimizer = lines.FindIndex(l => l.StartsWith(" Optimizer params: ", StringComparison.Ordinal));
        if (optimizer < 0)
        {
            return Summary(name);
        }
        lines.RemoveAt(optimizer);
        var trainable = Count(lines.Single(l => l.StartsWith(" Trainable params: ", StringComparison.Ordinal)));
        var nonTrainable = Count(lines.Single(l => l.StartsWith(" Non-trainable params: ", StringComparison.Ordinal)));
        var total = lines.FindIndex(l => l.StartsWith(" Total params: ", StringComparison.Ordinal));
        var count = trainable + nonTrainable;
        lines[total] = $" Total params: {count.ToString("N0", CultureInfo.InvariantCulture)} ({ReadableSize(count * 4.0)})";
        return string.Join('\n', lines);

        static long Count(string line) =>
            long.Parse(line.Split(':')[1].Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>keras.src.utils.summary_utils.readable_memory_size.</summary>
    private static string ReadableSize(double size)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        foreach (var unit in units)
        {
            if (size / 1024 < 1)
            {
                return size.ToString("F2", CultureInfo.InvariantCulture) + " " + unit;
            }
            size /= 1024;
        }
        return size.ToString("F2", CultureInfo.InvariantCulture) + " PB";
    }

    /// <summary>The rows of engines a model-file test runs on: the PyTorch engine always, Keras where it imports (else skipped).</summary>
    public static void Require(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
    }

    public static TheoryData<string, EngineKind> NamesOnEachEngine()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in Names)
            {
                data.Add(name, engine);
            }
        }
        return data;
    }
}
