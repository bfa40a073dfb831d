using System.Text.Json.Nodes;
using static KerasBridge.Keras;

namespace KerasBridge.Benchmarks;

/// <summary>Model.Fit from C# on the PyTorch engine; a fresh model per repetition, built outside the timed part
/// (benchmarks/python/bench_engine.py does the same from Python).</summary>
internal static class TrainingBenchmarks
{
    public const int Seed = 2;
    public const int Batch = 32;

    public static List<JsonObject> Penguins(BenchData data, int warmup, int reps)
    {
        var x = data.Matrix("penguins_x");
        var y = data.Matrix("penguins_y");
        var times = FitTimes(
            () => NewModel([Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], "categorical_crossentropy"),
            x, y, epochs: 100, warmup, reps);
        return [Harness.Row("fit", "csharp", times)];
    }

    public static List<JsonObject> Regression(BenchData data, int warmup, int reps)
    {
        var x = data.Matrix("regression_x");
        var y = data.Matrix("regression_y");
        var times = FitTimes(
            () => NewModel([Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse"),
            x, y, epochs: 5, warmup, reps);
        return [Harness.Row("fit", "csharp", times)];
    }

    /// <summary>Warm-up: fits of a fifth of the epochs (at least one) on fresh models, untimed; then timed fits,
    /// each on a fresh model built outside the timed part. The Python scripts do the same.</summary>
    private static Measurement FitTimes(Func<Model> newModel, float[,] x, float[,] y, int epochs, int warmup, int reps)
    {
        for (var i = 0; i < warmup; i++)
        {
            using var model = newModel();
            model.Fit(x, y, epochs: Math.Max(1, epochs / 5), batchSize: Batch);
        }
        return Harness.MeasureWithSetup(newModel, model => model.Fit(x, y, epochs: epochs, batchSize: Batch), 0, reps);
    }

    public static Model NewModel(Layer[] layers, string loss)
    {
        ClearSession();
        Engine.Get(EngineKind.Torch).SetRandomSeed(Seed);
        var model = Sequential(layers, engine: EngineKind.Torch);
        model.Compile(optimizer: "adam", loss: loss);
        return model;
    }
}
