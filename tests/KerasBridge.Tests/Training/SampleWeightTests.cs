using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>Fit's sampleWeight and classWeight with Keras's semantics on both engines.</summary>
public sealed class SampleWeightTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static float[] Weights() => Enumerable.Range(0, Samples).Select(i => 0.25f + (i % 5) * 0.5f).ToArray();

    [Fact]
    public void TorchEngineHistoryEqualsKerasWithSampleAndClassWeights()
    {
        Require(EngineKind.Keras);
        using var dir = new TempDirectory();
        // Seeded weights saved by Keras, loaded on the PyTorch engine.
        using (var keras = Classifier(EngineKind.Keras, Optimizers.Adam(learningRate: 0.05)))
        {
            keras.Save(dir.Combine("start.keras"));
        }
        History Run(EngineKind engine, float[]? sampleWeight, IReadOnlyDictionary<int, double>? classWeight)
        {
            using var model = Models.LoadModel(dir.Combine("start.keras"), engine: engine);
            return model.Fit(X(), Y(), epochs: 4, batchSize: 16, validationSplit: 0.25, shuffle: false,
                sampleWeight: sampleWeight, classWeight: classWeight);
        }
        var classWeight = new Dictionary<int, double> { [0] = 3.0, [2] = 0.5 };
        AssertSameHistory(Run(EngineKind.Keras, Weights(), null), Run(EngineKind.Torch, Weights(), null));
        AssertSameHistory(Run(EngineKind.Keras, null, classWeight), Run(EngineKind.Torch, null, classWeight));
        var plain = Run(EngineKind.Torch, null, null);
        Assert.NotEqual(plain["loss"][0], Run(EngineKind.Torch, Weights(), null)["loss"][0]);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void WeightsScaleTheLossAsKerasSumOverBatchSize(EngineKind engine)
    {
        Require(engine);
        // Zero weights: zero loss and zero gradients ("sum_over_batch_size" divides by the batch size, not the weights).
        using var frozen = Classifier(engine);
        var before = frozen.GetWeights();
        var zero = frozen.Fit(X(), Y(), epochs: 2, batchSize: 16, shuffle: false, sampleWeight: new float[Samples]);
        Assert.Equal([0.0, 0.0], zero["loss"]);
        AssertSameWeights(before, frozen.GetWeights());

        // Class weights of 2 for every class: the first batch's loss doubles, accuracy is unweighted.
        using var plain = Classifier(engine);
        using var doubled = Classifier(engine);
        var one = plain.Fit(X(), Y(), epochs: 1, batchSize: Samples, shuffle: false);
        var two = doubled.Fit(X(), Y(), epochs: 1, batchSize: Samples, shuffle: false,
            classWeight: new Dictionary<int, double> { [0] = 2, [1] = 2, [2] = 2 });
        AssertClose(2 * one["loss"][0], two["loss"][0], "loss with class weights 2");
        Assert.Equal(one["accuracy"][0], two["accuracy"][0]);
    }

    [Fact]
    public void BadWeightsAreNamed()
    {
        using var model = Classifier(EngineKind.Torch);
        Assert.Equal("classWeight", Assert.Throws<ArgumentException>(() =>
            model.Fit(X(), Y(), sampleWeight: Weights(), classWeight: new Dictionary<int, double> { [0] = 1 })).ParamName);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(X(), Y(), sampleWeight: new float[3]));
        Assert.Equal("sampleWeight", e.ParamName);
        Assert.Contains("(60); got 3", e.Message);
        Assert.Equal("sampleWeight", Assert.Throws<ArgumentException>(() => model.Fit(X(), Y(), sampleWeight: [.. Weights()[..59], float.NaN])).ParamName);
    }
}
