using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Extras.TensorBoardEvents;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// Callbacks.TensorBoard on both engines: the event files, read back with an independent reader
/// (<see cref="TensorBoardEvents"/>), hold Keras's tags at Keras's steps with the values of the History.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TensorBoardTests
{
    private static EngineKind Require(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return kind;
    }

    internal static (float[,] X, float[,] Y) Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows, 3];
        var y = new float[rows, 2];
        for (var i = 0; i < rows; i++)
        {
            var label = i % 2;
            for (var j = 0; j < 3; j++)
            {
                x[i, j] = (float)(random.NextDouble() - 0.5 + (label == 1 ? 1.0 : -1.0) * (j + 1) * 0.3);
            }
            y[i, label] = 1;
        }
        return (x, y);
    }

    private static Model NewModel(EngineKind engine)
    {
        Engine.Get(engine).SetRandomSeed(3);
        var model = KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input([3]), Layers.Dense(5, activation: "relu", name: "hidden"), Layers.Dense(2, activation: "softmax", name: "scores")],
            name: "tb", engine: engine);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void WritesKerasTagsAtKerasStepsWithTheHistoryValues(string engine)
    {
        var kind = Require(engine);
        using var temp = new TempDirectory();
        var (x, y) = Blobs(40, 1);
        using var model = NewModel(kind);
        var logDir = temp.Combine("logs", "run1");
        // 30 training rows in batches of 8: 4 batches an epoch, 12 in all; batch scalars every 2 batches.
        var history = model.Fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.25, shuffle: false,
            callbacks: [Callbacks.TensorBoard(logDir: logDir, histogramFreq: 1, updateFreq: 2)]);

        var train = ReadDirectory(Path.Combine(logDir, "train"));
        var validation = ReadDirectory(Path.Combine(logDir, "validation"));
        Assert.Equal("brain.Event:2", train[0].FileVersion);
        Assert.Equal("brain.Event:2", validation[0].FileVersion);

        foreach (var (tag, key) in new[] { ("epoch_loss", "loss"), ("epoch_accuracy", "accuracy") })
        {
            Assert.Equal(history[key].Select((v, i) => ((long)i, (float)v)), Scalars(train, tag));
            Assert.Equal(history["val_" + key].Select((v, i) => ((long)i, (float)v)), Scalars(validation, tag));
        }
        Assert.Equal([(0L, 0.001f), (1L, 0.001f), (2L, 0.001f)], Scalars(train, "epoch_learning_rate"));
        // Keras's on_test_end during fit: the validation values at the optimizer's iteration count.
        Assert.Equal(history["val_loss"].Select((v, i) => (4L * (i + 1), (float)v)), Scalars(validation, "evaluation_loss_vs_iterations"));

        // Batch scalars are the epoch's running values: the last batch of an epoch carries the epoch's value.
        var batchLoss = Scalars(train, "batch_loss");
        Assert.Equal([2L, 4, 6, 8, 10, 12], batchLoss.Select(s => s.Step));
        Assert.Equal(history["loss"].Select(v => (float)v), batchLoss.Where(s => s.Step % 4 == 0).Select(s => s.Value));
        Assert.Equal(6, Scalars(train, "batch_accuracy").Count);

        // The model's graph: its Keras JSON as the "keras" summary at step 0.
        var graph = train.Single(e => e.Values.Any(v => v.Tag == "keras"));
        var keras = graph.Values.Single();
        Assert.Equal((0L, "graph_keras_model", 7), (graph.Step, keras.Plugin, keras.DType));
        var json = System.Text.Encoding.UTF8.GetString(keras.StringVal.Single());
        Assert.Contains("\"hidden\"", json);
        Assert.Contains("\"Sequential\"", json);

        // Histograms of every weight every epoch: 30 buckets of (left, right, count) spanning the weights.
        var histograms = train.SelectMany(e => e.Values.Where(v => v.Plugin == "histograms").Select(v => (e.Step, v))).ToList();
        Assert.Equal(["tb/hidden/bias/histogram", "tb/hidden/kernel/histogram", "tb/scores/bias/histogram", "tb/scores/kernel/histogram"],
            histograms.Select(h => h.v.Tag).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([0L, 1, 2], histograms.Select(h => h.Step).Distinct());
        var last = histograms.Last(h => h.v.Tag == "tb/hidden/kernel/histogram").v;
        Assert.Equal([30L, 3], last.Shape);
        var cells = last.Doubles;
        var kernel = ((float[,])model.GetLayerWeights("hidden")[0]).Cast<float>().ToArray();
        Assert.Equal(kernel.Min(), cells[0]);
        Assert.Equal(kernel.Max(), cells[29 * 3 + 1]);
        Assert.Equal(15.0, Enumerable.Range(0, 30).Sum(i => cells[3 * i + 2]));
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void DefaultsWriteEpochScalarsOnly(string engine)
    {
        var kind = Require(engine);
        using var temp = new TempDirectory();
        var (x, y) = Blobs(16, 2);
        using var model = NewModel(kind);
        var logDir = temp.Combine("plain");
        var history = model.Fit(x, y, epochs: 2, batchSize: 8, callbacks: [new TensorBoard(logDir, writeGraph: false)]);
        Assert.False(Directory.Exists(Path.Combine(logDir, "validation")));
        var train = ReadDirectory(Path.Combine(logDir, "train"));
        var tags = train.SelectMany(e => e.Values).Select(v => v.Tag).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["epoch_accuracy", "epoch_learning_rate", "epoch_loss"], tags);
        Assert.Equal(history["loss"].Select((v, i) => ((long)i, (float)v)), Scalars(train, "epoch_loss"));
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("histogramFreq", Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.TensorBoard(histogramFreq: -1)).ParamName);
        Assert.Equal("logDir", Assert.Throws<ArgumentException>(() => Callbacks.TensorBoard(logDir: " ")).ParamName);
        Assert.Equal("updateFreq", Assert.Throws<ArgumentException>(() => Callbacks.TensorBoard(updateFreq: "weekly")).ParamName);
        Assert.Equal("batches", Assert.Throws<ArgumentOutOfRangeException>(() => Callbacks.TensorBoard(updateFreq: 0)).ParamName);
        Assert.Equal("batch", Callbacks.TensorBoard(updateFreq: "batch").UpdateFreq.ToString());
        Assert.Null(Callbacks.TensorBoard().UpdateFreq.Batches);
    }
}
