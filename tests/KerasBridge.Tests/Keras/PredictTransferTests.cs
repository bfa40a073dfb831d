using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Predict writes the engine's output straight into a .NET array made beforehand when the model's output shape
/// is known (one Python call), and reads it from the engine's result otherwise; both give the same numbers and
/// the same errors.
/// </summary>
public sealed class PredictTransferTests
{
    private static Model SmallModel(out float[,] x)
    {
        Engine.Get(EngineKind.Torch).SetRandomSeed(3);
        var model = Sequential([Input(shape: [5]), Layers.Dense(4, activation: "relu"), Layers.Dense(3)], engine: EngineKind.Torch);
        x = new float[7, 5];
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                x[i, j] = (i * 5 + j) * 0.1f - 1.5f;
            }
        }
        return model;
    }

    [Fact]
    public void OneRowManyRowsAndSmallBatchesAgree()
    {
        using var model = SmallModel(out var x);
        var all = model.Predict(x);
        Assert.Equal(new[] { 7, 3 }, new[] { all.GetLength(0), all.GetLength(1) });
        Assert.Equal(all, model.Predict(x, batchSize: 2));
        for (var i = 0; i < 7; i++)
        {
            var row = new float[1, 5];
            for (var j = 0; j < 5; j++)
            {
                row[0, j] = x[i, j];
            }
            var one = model.Predict(row);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(all[i, k], one[0, k], 6);
            }
        }
    }

    [Fact]
    public void DoubleOutputsAndJaggedOrDoubleInputsGiveTheSameNumbers()
    {
        using var model = SmallModel(out var x);
        var expected = model.Predict(x);
        var asDouble = model.Predict<double[,]>(x);
        var jagged = Enumerable.Range(0, 7).Select(i => Enumerable.Range(0, 5).Select(j => x[i, j]).ToArray()).ToArray();
        var doubles = new double[7, 5];
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                doubles[i, j] = x[i, j];
            }
        }
        Assert.Equal(expected, model.Predict(jagged));
        Assert.Equal(expected, model.Predict(doubles));
        for (var i = 0; i < 7; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[i, k], asDouble[i, k]);
            }
        }
    }

    [Fact]
    public void AnOutputTypeTheEngineCannotFillIsTheSameClearError()
    {
        using var model = SmallModel(out var x);
        var cast = Assert.Throws<ArgumentException>(() => model.Predict<int[,]>(x));
        Assert.Contains("Int32", cast.Message);
        var rank = Assert.Throws<ArgumentException>(() => model.Predict<float[,,]>(x));
        Assert.Contains("rank 3", rank.Message);
        Assert.Throws<ArgumentException>(() => model.Predict(new float[2, 6]));
        // The model still works after the errors.
        Assert.Equal(model.Predict(x), model.Predict(x));
    }
}

/// <summary>
/// The small-batch path (float32 rows, up to 32, through buffers pinned for the model's life) gives exactly what
/// the general path gives for the same rows, on both engines, also after the weights change.
/// </summary>
public sealed class SmallBatchPredictTests
{
    [Theory]
    [InlineData(EngineKind.Torch, false)]
    [InlineData(EngineKind.Keras, false)]
    [InlineData(EngineKind.Torch, true)]
    [InlineData(EngineKind.Keras, true)]
    public void SmallBatchesEqualTheGeneralPathExactly(EngineKind engine, bool functional)
    {
        if (engine == EngineKind.Keras)
        {
            Support.EngineSupport.RequireKeras();
        }
        using var model = functional ? FunctionalWithInferenceOnlyLayers(engine)
            : Sequential([Input(shape: [5]), Layers.Dense(4, activation: "relu"), Layers.Dense(3)], engine: engine);
        foreach (var rows in new[] { 1, 2, 31, 32 })
        {
            var x = new float[rows, 5];
            var asDouble = new double[rows, 5];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < 5; j++)
                {
                    x[i, j] = (i * 5 + j) * 0.07f - 1.1f;
                    asDouble[i, j] = x[i, j];
                }
            }
            // double[,] input takes the general path (converted to float32 in Python): same rows, same batch.
            Assert.Equal(model.Predict(asDouble), model.Predict(x));
            Assert.Equal(model.Predict(x), model.Predict(x));
        }
        var one = new float[,] { { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f } };
        var before = model.Predict(one);
        // Every weight + 0.5: with this positive row the ReLUs are then active, so the output must change.
        model.SetWeights([.. model.GetWeights().Select(w => Shift(w, 0.5f))]);
        var after = model.Predict(one);
        Assert.NotEqual(before, after);
        Assert.Equal(model.Predict(new double[,] { { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f } }), after);
    }

    // A Functional model whose Dropout and BatchNormalization behave differently in training: the small-batch path
    // must run them in inference mode, as predict does (a dropped unit would make the two paths differ).
    private static Model FunctionalWithInferenceOnlyLayers(EngineKind engine)
    {
        var inputs = Input(shape: [5]);
        var x = Layers.Dense(4, activation: "relu").Apply(inputs);
        x = Layers.Dropout(0.5).Apply(x);
        x = Layers.BatchNormalization().Apply(x);
        return Model(inputs: inputs, outputs: Layers.Dense(3).Apply(x), engine: engine);
    }

    private static Array Shift(Array w, float delta)
    {
        var copy = (Array)w.Clone();
        var flat = new float[copy.Length];
        Buffer.BlockCopy(copy, 0, flat, 0, flat.Length * sizeof(float));
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] += delta;
        }
        Buffer.BlockCopy(flat, 0, copy, 0, flat.Length * sizeof(float));
        return copy;
    }
}
