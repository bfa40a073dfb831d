using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Training;

/// <summary>A tiny classifier with fixed initial weights and fixed data (no random draws), the same on both engines.</summary>
internal static class CallbackTestModels
{
    public const int Samples = 60;

    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    /// <summary>Skips a Keras-engine case where Keras does not import.</summary>
    public static void Require(EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
    }

    public static float[,] X()
    {
        var x = new float[Samples, 4];
        for (var i = 0; i < Samples; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                x[i, j] = (float)Math.Sin(0.7 * i + 1.3 * j + 0.1 * i * j);
            }
        }
        return x;
    }

    /// <summary>Class ids 0..2 that depend on x (learnable) with a few exceptions (so validation loss can rise).</summary>
    public static long[] Y()
    {
        var x = X();
        return Enumerable.Range(0, Samples).Select(i => i % 7 == 0 ? (long)(i % 3) : x[i, 0] + x[i, 1] > 0.4 ? 2L : x[i, 2] > 0 ? 1L : 0L).ToArray();
    }

    /// <summary>Dense(8, relu) → Dense(3, softmax) with weights from a fixed formula, compiled.</summary>
    public static Model Classifier(EngineKind engine, Optimizer? optimizer = null)
    {
        var model = KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input(shape: [4]), Layers.Dense(8, activation: "relu"), Layers.Dense(3, activation: "softmax")], engine: engine);
        model.SetWeights([Fill(new float[4, 8], 0.31), Fill1(new float[8], 0.05), Fill(new float[8, 3], 0.47), Fill1(new float[3], -0.02)]);
        model.Compile(optimizer ?? Optimizers.SGD(learningRate: 0.1), "sparse_categorical_crossentropy", ["accuracy"]);
        return model;
    }

    private static float[,] Fill(float[,] w, double scale)
    {
        for (var i = 0; i < w.GetLength(0); i++)
        {
            for (var j = 0; j < w.GetLength(1); j++)
            {
                w[i, j] = (float)(scale * Math.Cos(1.7 * i + 2.9 * j + 0.3));
            }
        }
        return w;
    }

    private static float[] Fill1(float[] b, double value)
    {
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (float)(value * (i % 2 == 0 ? 1 : -1));
        }
        return b;
    }

    /// <summary>Rows from..to-1 of x (the validation split's rows, say).</summary>
    public static float[,] Slice(float[,] x, int from, int to)
    {
        var result = new float[to - from, x.GetLength(1)];
        for (var i = from; i < to; i++)
        {
            for (var j = 0; j < x.GetLength(1); j++)
            {
                result[i - from, j] = x[i, j];
            }
        }
        return result;
    }

    public static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= FixtureModels.Tolerance * Math.Max(Math.Abs(expected), FixtureModels.Floor),
            $"{what}: expected {expected:R}, got {actual:R}");

    public static void AssertSameHistory(History expected, History actual)
    {
        Assert.Equal(expected.Epoch, actual.Epoch);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.StoppedEarly, actual.StoppedEarly);
        foreach (var key in expected.Keys)
        {
            for (var i = 0; i < expected[key].Count; i++)
            {
                AssertClose(expected[key][i], actual[key][i], $"{key}[{i}]");
            }
        }
    }

    public static void AssertSameWeights(IReadOnlyList<Array> expected, IReadOnlyList<Array> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Cast<float>().ToArray(), actual[i].Cast<float>().ToArray());
        }
    }
}
