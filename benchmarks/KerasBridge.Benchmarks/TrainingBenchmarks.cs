using System.Text.Json.Nodes;
using Python.Runtime;
using static KerasBridge.Keras;

namespace KerasBridge.Benchmarks;

/// <summary>
/// Model.Fit from C# on the PyTorch engine; a fresh model per repetition, built outside the timed part
/// (benchmarks/python/bench_engine.py does the same from Python). Each repetition also times the same fit
/// made by Python code inside this process (the engine called directly, no bridge in between), in
/// alternating order: the pair separates what the bridge costs from what the embedded interpreter costs,
/// and being measured seconds apart in one process it is hardly touched by other processes' load.
/// </summary>
internal static class TrainingBenchmarks
{
    public const int Seed = 2;
    public const int Batch = 32;

    public static List<JsonObject> Penguins(BenchData data, int warmup, int reps) =>
        FitRows(() => NewModel([Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax")], "categorical_crossentropy"),
            "\"categorical_crossentropy\"", data.Matrix("penguins_x"), data.Matrix("penguins_y"), epochs: 100, warmup, reps);

    public static List<JsonObject> Regression(BenchData data, int warmup, int reps) =>
        FitRows(() => NewModel([Input(shape: [20]), Layers.Dense(100, activation: "relu"), Layers.Dense(50, activation: "relu"), Layers.Dense(1)], "mse"),
            "\"mse\"", data.Matrix("regression_x"), data.Matrix("regression_y"), epochs: 5, warmup, reps);

    /// <summary>Embedding 1000 x 32 on 40 token ids → LSTM 32 → Dense 1 sigmoid (benchmarks/python/common.py LSTM_TEXT).</summary>
    public static List<JsonObject> Lstm(BenchData data, int warmup, int reps) =>
        FitRows(() => NewModel([Input(shape: [40]), Layers.Embedding(1000, 32), Layers.LSTM(32), Layers.Dense(1, activation: "sigmoid")], "binary_crossentropy"),
            "\"binary_crossentropy\"", data.Tensor("text_x"), data.Tensor("text_y"), epochs: 3, warmup, reps);

    /// <summary>28 x 28 x 1 → Conv2D 16 → MaxPooling2D → Conv2D 32 → MaxPooling2D → Flatten → Dense 10 (common.py CNN).</summary>
    public static List<JsonObject> Cnn(BenchData data, int warmup, int reps) =>
        FitRows(() => NewModel([Input(shape: [28, 28, 1]), Layers.Conv2D(16, 3, activation: "relu"), Layers.MaxPooling2D(),
                Layers.Conv2D(32, 3, activation: "relu"), Layers.MaxPooling2D(), Layers.Flatten(), Layers.Dense(10)],
                Losses.SparseCategoricalCrossentropy(fromLogits: true)),
            """{"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": true}}""",
            data.Tensor("images_x"), data.Tensor("images_y"), epochs: 3, warmup, reps);

    public static Model NewModel(Layer[] layers, Loss loss)
    {
        ClearSession();
        Engine.Get(EngineKind.Torch).SetRandomSeed(Seed);
        var model = Sequential(layers, engine: EngineKind.Torch);
        model.Compile(optimizer: "adam", loss: loss);
        return model;
    }

    /// <summary>Warm-up: fits of a fifth of the epochs (at least one), untimed; then per repetition one timed
    /// C# fit and one timed in-process Python fit, each on a fresh model made outside the timed part.</summary>
    private static List<JsonObject> FitRows(Func<Model> newModel, string lossJson, Array x, Array y, int epochs, int warmup, int reps)
    {
        string config;
        using (var probe = newModel())
        {
            config = probe.ToJson();
        }
        var (pythonFit, px, py) = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec($$"""
                import json, time
                from kerasbridge import bridge

                def python_fit(config_json, loss_json, x, y, epochs):
                    engine = bridge.get_engine("torch")
                    engine.set_random_seed({{Seed}})
                    model = engine.model_from_config(json.loads(config_json))
                    model.compile("adam", json.loads(loss_json), [])
                    cpu, wall = time.process_time(), time.perf_counter()
                    model.fit(x, y, epochs=epochs, batch_size={{Batch}}, shuffle=True)
                    return time.perf_counter() - wall, time.process_time() - cpu
                """);
            return (scope.Get("python_fit"), NumpyArrays.ToNumpy(x), NumpyArrays.ToNumpy(y));
        });
        (double Wall, double Cpu) PythonFit(int n) => PythonRuntime.Run(() =>
        {
            using var result = pythonFit.Invoke(new PyString(config), new PyString(lossJson), px, py, new PyInt(n));
            using var wall = result[0];
            using var cpu = result[1];
            return (wall.As<double>(), cpu.As<double>());
        });

        for (var i = 0; i < warmup; i++)
        {
            using var model = newModel();
            model.Fit(x, y, epochs: Math.Max(1, epochs / 5), batchSize: Batch);
            PythonFit(Math.Max(1, epochs / 5));
        }
        var csharp = Measurement.Empty();
        var embedded = Measurement.Empty();
        for (var r = 0; r < reps; r++)
        {
            if (r % 2 == 1)
            {
                Add(embedded, PythonFit(epochs));
            }
            var one = Harness.MeasureWithSetup(newModel, model => model.Fit(x, y, epochs: epochs, batchSize: Batch), 0, 1);
            csharp.Wall.AddRange(one.Wall);
            csharp.Cpu.AddRange(one.Cpu);
            if (r % 2 == 0)
            {
                Add(embedded, PythonFit(epochs));
            }
        }
        PythonRuntime.Run(() =>
        {
            px.Dispose();
            py.Dispose();
            pythonFit.Dispose();
        });
        return [Harness.Row("fit", "csharp", csharp), Harness.Row("fit", "engine_embedded", embedded)];

        static void Add(Measurement m, (double Wall, double Cpu) t)
        {
            m.Wall.Add(t.Wall);
            m.Cpu.Add(t.Cpu);
        }
    }
}
