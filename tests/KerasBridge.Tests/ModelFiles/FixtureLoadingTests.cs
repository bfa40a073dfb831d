namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Every Keras 3.15.1 fixture model in each of its forms: NAME.keras and NAME.h5 through Models.LoadModel, and
/// NAME.weights.h5 loaded into the same architecture built in C#. Predictions must match NAME.predictions.csv
/// (see <see cref="FixtureModels.Tolerance"/>) and Summary() must equal NAME.summary.txt.
/// </summary>
public sealed class FixtureLoadingTests(ITestOutputHelper output)
{
    public static TheoryData<string, EngineKind> Cases => FixtureModels.NamesOnEachEngine();

    [Theory]
    [MemberData(nameof(Cases))]
    public void KerasFilePredictsAndSummarizesLikeKeras(string name, EngineKind engine) =>
        AssertModelFileLikeKeras(name, engine, ".keras");

    [Theory]
    [MemberData(nameof(Cases))]
    public void LegacyH5FilePredictsAndSummarizesLikeKeras(string name, EngineKind engine) =>
        AssertModelFileLikeKeras(name, engine, ".h5");

    /// <summary>NAME + extension through Models.LoadModel: Keras's predictions and summary.</summary>
    private void AssertModelFileLikeKeras(string name, EngineKind engine, string extension)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(FixtureModels.PathOf(name, extension), engine: engine);
        var error = FixtureModels.AssertMatchesPredictions(name, model.Predict(FixtureModels.Inputs(name)), extension);
        output.WriteLine($"{name} {extension} on {engine}: max relative error {error:E2}");
        // A compiled model's optimizer variables come from the file, so its summary shows the same optimizer params.
        Assert.Equal(FixtureModels.Summary(name), model.Summary());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightsFileLoadsIntoTheSameArchitectureBuiltInCSharp(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = FixtureModels.Build(name, engine);
        var before = model.Predict(FixtureModels.Inputs(name));
        model.LoadWeights(FixtureModels.PathOf(name, ".weights.h5"));
        var after = model.Predict(FixtureModels.Inputs(name));
        var error = FixtureModels.AssertMatchesPredictions(name, after, ".weights.h5");
        output.WriteLine($"{name} .weights.h5 on {engine}: max relative error {error:E2} (random init before: {FixtureModels.MaxRelativeError(before, FixtureModels.Expected(name)):E2})");
        // The layer rows and the trainable / non-trainable counts are the fixture's. The C# model is not compiled, so
        // it has no optimizer to take the optimizer variables the file also holds (load_weights ignores them, as
        // Keras does for an uncompiled model): its summary has no "Optimizer params" line and its total is
        // trainable + non-trainable, which is what Keras prints for the same uncompiled model.
        Assert.Equal(FixtureModels.SummaryWithoutOptimizer(name), model.Summary());
    }
}
