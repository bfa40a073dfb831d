using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Training;

/// <summary>
/// Losses.CTC and "ctc" on both engines: the loss of a frame model equals CTC's negative log-likelihood computed here with
/// the forward algorithm (blank 0, labels padded with 0, log_softmax of the output), and training lowers it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CtcLossTests
{
    private const int Samples = 8, Steps = 6, Features = 3, Classes = 5;

    public static TheoryData<EngineKind> Engines() => CallbackTestModels.Engines();

    private static (float[,,] X, long[,] Y) Data()
    {
        var x = new float[Samples, Steps, Features];
        for (var i = 0; i < Samples; i++)
        {
            for (var t = 0; t < Steps; t++)
            {
                for (var f = 0; f < Features; f++)
                {
                    x[i, t, f] = (float)Math.Sin(0.9 * i + 1.7 * t + 0.4 * f);
                }
            }
        }
        long[][] labels = [[1, 2, 0, 0], [3, 3, 1, 0], [4, 0, 0, 0], [2, 1, 4, 3], [1, 1, 0, 0], [0, 0, 0, 0], [2, 2, 2, 0], [4, 3, 0, 0]];
        var y = new long[Samples, 4];
        for (var i = 0; i < Samples; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                y[i, j] = labels[i][j];
            }
        }
        return (x, y);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void LossIsTheNegativeLogLikelihoodAndFitLowersIt(EngineKind engine)
    {
        CallbackTestModels.Require(engine);
        var (x, y) = Data();
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([Steps, Features]), Layers.Dense(Classes)], engine: engine);
        model.Compile(Optimizers.Adam(learningRate: 0.05), Losses.CTC());
        var logits = model.Predict<float[,,]>(x);
        var expected = Enumerable.Range(0, Samples).Average(i => NegativeLogLikelihood(logits, y, i));
        CallbackTestModels.AssertClose(expected, model.Evaluate(x, y, batchSize: Samples)["loss"], "CTC loss");

        model.Compile(Optimizers.Adam(learningRate: 0.05), "ctc");
        CallbackTestModels.AssertClose(expected, model.Evaluate(x, y, batchSize: 3)["loss"], "\"ctc\"");
        model.Compile(Optimizers.Adam(learningRate: 0.05), Losses.CTC(reduction: "sum"));
        CallbackTestModels.AssertClose(expected * Samples, model.Evaluate(x, y, batchSize: Samples)["loss"], "CTC sum");

        var history = model.Fit(x, y, epochs: 4, batchSize: 4, shuffle: false);
        Assert.True(history["loss"][3] < history["loss"][0], $"{engine}: {string.Join(", ", history["loss"])}");
        Assert.Equal("reduction", Assert.Throws<ArgumentException>(() => Losses.CTC(reduction: "none")).ParamName);
        if (engine == EngineKind.Torch)
        {
            // The PyTorch engine checks the ids against the output's classes (Keras passes them to torch's ctc_loss unchecked).
            var badLabels = new long[Samples, 4];
            badLabels[0, 0] = Classes;
            Assert.Equal("y", Assert.ThrowsAny<ArgumentException>(() => model.Evaluate(x, badLabels)).ParamName);
        }
    }

    /// <summary>CTC's forward algorithm over the extended label (blanks between and around the labels), in log space.</summary>
    private static double NegativeLogLikelihood(float[,,] logits, long[,] y, int i)
    {
        var labels = Enumerable.Range(0, y.GetLength(1)).Select(j => y[i, j]).Where(c => c != 0).ToArray();
        var extended = new long[2 * labels.Length + 1];
        for (var k = 0; k < labels.Length; k++)
        {
            extended[2 * k + 1] = labels[k];
        }
        var logProb = new double[Steps, Classes];
        for (var t = 0; t < Steps; t++)
        {
            var max = Enumerable.Range(0, Classes).Max(c => (double)logits[i, t, c]);
            var log = max + Math.Log(Enumerable.Range(0, Classes).Sum(c => Math.Exp(logits[i, t, c] - max)));
            for (var c = 0; c < Classes; c++)
            {
                logProb[t, c] = logits[i, t, c] - log;
            }
        }
        var alpha = Enumerable.Repeat(double.NegativeInfinity, extended.Length).ToArray();
        alpha[0] = logProb[0, extended[0]];
        if (extended.Length > 1)
        {
            alpha[1] = logProb[0, extended[1]];
        }
        for (var t = 1; t < Steps; t++)
        {
            var next = new double[extended.Length];
            for (var s = 0; s < extended.Length; s++)
            {
                var sum = LogAdd(alpha[s], s > 0 ? alpha[s - 1] : double.NegativeInfinity);
                if (s > 1 && extended[s] != 0 && extended[s] != extended[s - 2])
                {
                    sum = LogAdd(sum, alpha[s - 2]);
                }
                next[s] = sum + logProb[t, extended[s]];
            }
            alpha = next;
        }
        var end = extended.Length > 1 ? LogAdd(alpha[^1], alpha[^2]) : alpha[^1];
        return -end;
    }

    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
