using KerasBridge.Onnx;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Onnx;

/// <summary>The penguin classifier (fixtures/keras-3.15.1/penguins_mlp.keras) exported once by the PyTorch engine.</summary>
public sealed class PenguinsOnnxFile : IDisposable
{
    private readonly TempDirectory _folder = new();

    public PenguinsOnnxFile()
    {
        Path = _folder.Combine("penguins.onnx");
        using var model = Models.LoadModel(FixtureModels.PathOf("penguins_mlp", ".keras"), engine: EngineKind.Torch);
        model.ExportOnnx(Path);
        Inputs = (float[,])FixtureModels.Inputs("penguins_mlp");
        Expected = model.Predict(Inputs);
    }

    public string Path { get; }

    public float[,] Inputs { get; }

    /// <summary>The engine's predictions for <see cref="Inputs"/>.</summary>
    public float[,] Expected { get; }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// OnnxModel on the exported penguin classifier: one-row scoring allocates only its result, many threads scoring
/// one model get the single-thread results, bad input is refused naming the argument, the expected and the given
/// shape, and Dispose ends its use.
/// </summary>
public sealed class OnnxModelTests(ITestOutputHelper output, PenguinsOnnxFile file) : IClassFixture<PenguinsOnnxFile>
{
    private static float[,] Row(float[,] rows, int i)
    {
        var row = new float[1, rows.GetLength(1)];
        Buffer.BlockCopy(rows, i * rows.GetLength(1) * sizeof(float), row, 0, rows.GetLength(1) * sizeof(float));
        return row;
    }

    [Fact]
    public void DescribesTheModelAndPredictsLikeTheEngine()
    {
        using var onnx = OnnxModel.Load(file.Path);
        Assert.Equal(["input_layer"], onnx.InputNames);
        Assert.Equal(["dense_1"], onnx.OutputNames);
        Assert.Equal([null, 4], onnx.InputShape!);
        Assert.Equal([null, 3], onnx.OutputShapes["dense_1"]);
        var predictions = onnx.Predict(file.Inputs);
        Assert.True(OnnxExportTests.MaxRelativeError(predictions, file.Expected) <= 1e-5);
        // double input is converted to float32, as Model does.
        var doubles = new double[file.Inputs.GetLength(0), 4];
        for (var i = 0; i < doubles.GetLength(0); i++)
        {
            for (var j = 0; j < 4; j++)
            {
                doubles[i, j] = file.Inputs[i, j];
            }
        }
        Assert.Equal(predictions, onnx.Predict(doubles));
        var outputs = onnx.PredictOutputs(file.Inputs);
        Assert.Equal(predictions, (float[,])outputs["dense_1"]);
    }

    [Fact]
    public void OneRowPredictAllocatesOnlyItsResult()
    {
        using var onnx = OnnxModel.Load(file.Path, intraOpThreads: 1);
        var row = Row(file.Inputs, 0);
        for (var i = 0; i < 200; i++)
        {
            onnx.Predict(row);
        }
        const int calls = 2000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            onnx.Predict(row);
        }
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
        output.WriteLine($"one-row Predict: {perCall:F1} bytes allocated per call (the float[1, 3] result itself is 56 on x64)");
        // The result array (56 bytes) plus nothing per call that grows with the model or the call count.
        Assert.True(perCall <= 64, $"{perCall:F1} bytes per one-row Predict");
    }

    [Fact]
    public void EightThreadsScoringOneModelGetTheSingleThreadResults()
    {
        using var onnx = OnnxModel.Load(file.Path, intraOpThreads: 1);
        var rows = file.Inputs.GetLength(0);
        var single = Enumerable.Range(0, rows).Select(i => onnx.Predict(Row(file.Inputs, i))).ToArray();
        var whole = onnx.Predict(file.Inputs);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var n = 0; n < 300; n++)
            {
                var i = (n + t) % rows;
                var got = n % 10 == 0 ? onnx.Predict(file.Inputs) : onnx.Predict(Row(file.Inputs, i));
                var expected = n % 10 == 0 ? whole : single[i];
                if (!got.Cast<float>().SequenceEqual(expected.Cast<float>()))
                {
                    failures.Add($"thread {t}, call {n}, row {i}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void EveryBatchSizeGivesTheRowsOwnResultsPooledOrNot()
    {
        // Buffers are pooled for 16 batch sizes; the 17th and later run with buffers made per call (RunFresh).
        using var onnx = OnnxModel.Load(file.Path);
        var whole = onnx.Predict(file.Inputs);
        for (var rows = 1; rows <= 24; rows++)
        {
            var x = new float[rows, 4];
            Buffer.BlockCopy(file.Inputs, 0, x, 0, rows * 4 * sizeof(float));
            var first = onnx.Predict(x);
            var again = (float[,])onnx.PredictOutputs(x)["dense_1"];
            Assert.Equal(first, again);
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    Assert.Equal(whole[i, j], first[i, j], 1e-6f);
                }
            }
        }
    }

    [Fact]
    public void BatchSizeSplitsTheRunsWithoutChangingTheResult()
    {
        using var onnx = OnnxModel.Load(file.Path);
        var whole = onnx.Predict(file.Inputs);
        foreach (var batchSize in new[] { 1, 7, 32, file.Inputs.GetLength(0), 1000 })
        {
            var batched = onnx.Predict(file.Inputs, batchSize);
            Assert.Equal(whole.GetLength(0), batched.GetLength(0));
            for (var i = 0; i < whole.GetLength(0); i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    Assert.Equal(whole[i, j], batched[i, j], 1e-6f);
                }
            }
        }
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => onnx.Predict(file.Inputs, batchSize: 0));
        Assert.Equal("batchSize", error.ParamName);
    }

    [Fact]
    public void BadInputIsRefusedNamingArgumentExpectedAndGiven()
    {
        using var onnx = OnnxModel.Load(file.Path);
        var shape = Assert.Throws<ArgumentException>(() => onnx.Predict(new float[2, 5]));
        Assert.Equal("x", shape.ParamName);
        Assert.Contains("must have shape (None, 4) (samples first); got shape (2, 5)", shape.Message);
        var rank = Assert.Throws<ArgumentException>(() => onnx.Predict(new float[4]));
        Assert.Contains("got shape (4,)", rank.Message);
        var type = Assert.Throws<ArgumentException>(() => onnx.Predict(new int[2, 4]));
        Assert.Contains("must be a float or double array", type.Message);
        var empty = Assert.Throws<ArgumentException>(() => onnx.Predict(new float[0, 4]));
        Assert.Contains("has no samples", empty.Message);
        var names = Assert.Throws<ArgumentException>(() => onnx.PredictOutputs(new Dictionary<string, Array> { ["features"] = new float[1, 4] }));
        Assert.Equal("inputs", names.ParamName);
        Assert.Contains("missing: input_layer; unknown: features", names.Message);
        Assert.Throws<ArgumentNullException>(() => onnx.Predict((Array)null!));
        var rankOfResult = Assert.Throws<InvalidOperationException>(() => onnx.Predict<float[,,]>(new float[1, 4]));
        Assert.Contains("rank 2", rankOfResult.Message);
        Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(file.Path + ".missing"));
        using var folder = new TempDirectory();
        var damaged = folder.Combine("damaged.onnx");
        File.WriteAllBytes(damaged, File.ReadAllBytes(file.Path)[..100]);
        var unreadable = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(damaged));
        Assert.Contains("damaged.onnx: not an ONNX model ONNX Runtime can load", unreadable.Message);
    }

    [Fact]
    public void DisposedModelRefusesCalls()
    {
        var onnx = OnnxModel.Load(file.Path);
        onnx.Predict(Row(file.Inputs, 0));
        onnx.Dispose();
        onnx.Dispose();
        Assert.Throws<ObjectDisposedException>(() => onnx.Predict(Row(file.Inputs, 0)));
    }
}
