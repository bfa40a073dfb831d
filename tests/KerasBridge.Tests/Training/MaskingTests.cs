using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Keras masking on both engines: padded token sequences through Embedding(maskZero: true) → LSTM → Dense, and a
/// Functional Masking → SimpleRNN(returnSequences) → Dense model whose loss skips the padded steps. The PyTorch engine
/// starts from the Keras engine's weights and must train, evaluate and predict as Keras does.
/// </summary>
public sealed class MaskingTests
{
    private const int Steps = 6;

    /// <summary>Token ids 1..9 padded with 0: left padded, right padded, and with a padded step in the middle.</summary>
    private static float[,] Tokens()
    {
        var x = new float[12, Steps];
        for (var i = 0; i < 12; i++)
        {
            var length = 2 + i % 5;
            for (var t = 0; t < length; t++)
            {
                var token = 1 + (3 * i + 5 * t) % 9;
                x[i, i % 3 == 0 ? Steps - length + t : t] = token;
            }
            if (i % 3 == 2)
            {
                x[i, length / 2] = 0;
            }
        }
        return x;
    }

    private static float[,] Targets() =>
        Fill(new float[12, 1], (i, _) => (float)Math.Sin(0.9 * i));

    private static float[,] Fill(float[,] a, Func<int, int, float> value)
    {
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                a[i, j] = value(i, j);
            }
        }
        return a;
    }

    private static Model TextModel(EngineKind engine) => KerasBridge.Keras.Sequential(
        [KerasBridge.Keras.Input([Steps], dtype: "int32"), Layers.Embedding(10, 4, maskZero: true), Layers.LSTM(5), Layers.Dense(1)],
        engine: engine);

    private static void AssertSameValues(Array expected, Array actual, string what)
    {
        var e = expected.Cast<float>().ToArray();
        var a = actual.Cast<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            AssertClose(e[i], a[i], $"{what}[{i}]");
        }
    }

    [Fact]
    public void EmbeddingMaskZeroLstmTrainsTheSameOnBothEngines()
    {
        Require(EngineKind.Keras);
        using var keras = TextModel(EngineKind.Keras);
        using var torch = TextModel(EngineKind.Torch);
        torch.SetWeights(keras.GetWeights());
        AssertSameValues(keras.Predict(Tokens()), torch.Predict(Tokens()), "prediction before fit");
        keras.Compile(Optimizers.Adam(learningRate: 0.05), "mse", ["mae"]);
        torch.Compile(Optimizers.Adam(learningRate: 0.05), "mse", ["mae"]);
        var expected = keras.Fit(Tokens(), Targets(), epochs: 3, batchSize: 4, shuffle: false);
        var actual = torch.Fit(Tokens(), Targets(), epochs: 3, batchSize: 4, shuffle: false);
        AssertSameHistory(expected, actual);
        var kerasWeights = keras.GetWeights();
        var torchWeights = torch.GetWeights();
        for (var i = 0; i < kerasWeights.Count; i++)
        {
            AssertSameValues(kerasWeights[i], torchWeights[i], $"weight {i}");
        }
        AssertSameValues(keras.Predict(Tokens()), torch.Predict(Tokens()), "prediction after fit");
        // Keras's file (the mask_zero flag included) runs on the PyTorch engine.
        using var dir = new TempDirectory();
        keras.Save(dir.Combine("text.keras"));
        using var loaded = Models.LoadModel(dir.Combine("text.keras"), engine: EngineKind.Torch);
        AssertSameValues(keras.Predict(Tokens()), loaded.Predict(Tokens()), "Keras's file on the PyTorch engine");
    }

    [Fact]
    public void PaddingDoesNotChangeTheLastOutput()
    {
        using var model = TextModel(EngineKind.Torch);
        var left = model.Predict(new float[,] { { 0, 0, 0, 4, 2, 7 } });
        var right = model.Predict(new float[,] { { 4, 2, 7, 0, 0, 0 } });
        var holes = model.Predict(new float[,] { { 4, 0, 2, 0, 7, 0 } });
        Assert.Equal(left[0, 0], right[0, 0], 6);
        Assert.Equal(left[0, 0], holes[0, 0], 6);
    }

    /// <summary>Features (12, 6, 2) whose padded steps are all 0 (the Masking layer's mask value).</summary>
    private static float[,,] Features()
    {
        var tokens = Tokens();
        var x = new float[12, Steps, 2];
        for (var i = 0; i < 12; i++)
        {
            for (var t = 0; t < Steps; t++)
            {
                for (var f = 0; f < 2; f++)
                {
                    x[i, t, f] = tokens[i, t] == 0 ? 0f : (float)Math.Cos(0.3 * tokens[i, t] + f);
                }
            }
        }
        return x;
    }

    private static Model SequenceModel(EngineKind engine)
    {
        var input = KerasBridge.Keras.Input([Steps, 2], name: "features");
        var hidden = Layers.SimpleRNN(3, returnSequences: true).Apply(Layers.Masking(0.0).Apply(input));
        return KerasBridge.Keras.Model(input, Layers.Dense(1).Apply(hidden), engine: engine);
    }

    [Fact]
    public void SequenceLossSkipsMaskedStepsOnBothEngines()
    {
        Require(EngineKind.Keras);
        using var keras = SequenceModel(EngineKind.Keras);
        using var torch = SequenceModel(EngineKind.Torch);
        torch.SetWeights(keras.GetWeights());
        var y = new float[12, Steps, 1];
        for (var i = 0; i < 12; i++)
        {
            for (var t = 0; t < Steps; t++)
            {
                y[i, t, 0] = (float)Math.Sin(i + 0.5 * t);
            }
        }
        keras.Compile(Optimizers.SGD(learningRate: 0.1), "mse");
        torch.Compile(Optimizers.SGD(learningRate: 0.1), "mse");
        AssertClose(keras.Evaluate(Features(), y).Loss, torch.Evaluate(Features(), y).Loss, "evaluate before fit");
        AssertSameHistory(keras.Fit(Features(), y, epochs: 2, batchSize: 4, shuffle: false),
            torch.Fit(Features(), y, epochs: 2, batchSize: 4, shuffle: false));
        AssertSameValues(keras.Predict<float[,,]>(Features()), torch.Predict<float[,,]>(Features()), "prediction after fit");
        // The masked mean differs from the plain one: the loss really skips the padding.
        var predicted = torch.Predict<float[,,]>(Features());
        var tokens = Tokens();
        double all = 0, kept = 0;
        var count = 0;
        for (var i = 0; i < 12; i++)
        {
            for (var t = 0; t < Steps; t++)
            {
                var error = Math.Pow(predicted[i, t, 0] - y[i, t, 0], 2);
                all += error;
                if (tokens[i, t] != 0)
                {
                    kept += error;
                    count++;
                }
            }
        }
        AssertClose(kept / count, torch.Evaluate(Features(), y, batchSize: 12).Loss, "masked mean");
        Assert.True(Math.Abs(all / (12 * Steps) - kept / count) > 1e-3);
    }

    [Fact]
    public void MaskingRefusesANonFiniteMaskValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Masking(double.NaN));
        Assert.Equal("maskValue", e.ParamName);
    }
}
