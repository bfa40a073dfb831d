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
        var times = Harness.MeasureWithSetup(
            () => NewModel([Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], "categorical_crossentropy"),
            model => model.Fit(x, y, epochs: 100, batchSize: Batch),
            warmup, reps);
        return [Harness.Row("fit", "csharp", times)];
    }

    public static List<JsonObject> Regression(BenchData data, int warmup, int reps)
    {
        var x = data.Matrix("regression_x");
        var y = data.Matrix("regression_y");
        var times = Harness.MeasureWithSetup(
            () => NewModel([Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse"),
            model => model.Fit(x, y, epochs: 5, batchSize: Batch),
            warmup, reps);
        return [Harness.Row("fit", "csharp", times)];
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
