using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The PyTorch engine reproduces Keras 3.15.1's training trajectories (fixed initial weights, fixed data,
/// no shuffling): every per-epoch log value and every final weight within 1e-4 relative, driven from C#.
/// </summary>
public sealed class TrainingTrajectoryTests
{
    public static TheoryData<string> Cases() =>
        new(Directory.GetFiles(Path.Combine(TestPaths.Keras3Fixtures, "training"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void TorchEngineReproducesKerasTrajectory(string name) => Reproduce(name, EngineKind.Torch);

    [Theory]
    [MemberData(nameof(Cases))]
    public void KerasEngineReproducesKerasTrajectory(string name)
    {
        EngineSupport.RequireKeras();
        Reproduce(name, EngineKind.Keras);
    }

    private static void Reproduce(string name, EngineKind engine)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Keras3Fixtures, "training", name + ".json")));
        var root = json.RootElement;
        using var model = Models.FromConfig(root.GetProperty("model_config").GetRawText(), engine);
        model.SetWeights(root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());

        var compile = root.GetProperty("compile");
        model.Compile(
            Optimizer.FromConfig(compile.GetProperty("optimizer").GetRawText()),
            Loss.FromConfig(compile.GetProperty("loss").GetRawText()),
            compile.GetProperty("metrics").EnumerateArray().Select(m => Metric.FromConfig(m.GetRawText())).ToList());

        var fit = root.GetProperty("fit");
        var history = model.Fit(
            TestData.ToArray(root.GetProperty("x")),
            TestData.ToArray(root.GetProperty("y")),
            epochs: fit.GetProperty("epochs").GetInt32(),
            batchSize: fit.GetProperty("batch_size").GetInt32(),
            validationSplit: fit.TryGetProperty("validation_split", out var split) ? split.GetDouble() : 0.0,
            shuffle: fit.GetProperty("shuffle").GetBoolean());

        var expectedHistory = root.GetProperty("history");
        Assert.Equal(expectedHistory.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), history.Keys.Order(StringComparer.Ordinal));
        foreach (var series in expectedHistory.EnumerateObject())
        {
            var expected = series.Value.EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.Equal(expected.Count, history[series.Name].Count);
            for (var epoch = 0; epoch < expected.Count; epoch++)
            {
                AssertClose(expected[epoch], history[series.Name][epoch], $"{name}: {series.Name}[{epoch}]");
            }
        }

        var finalWeights = model.GetWeights();
        var expectedWeights = root.GetProperty("final_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList();
        Assert.Equal(expectedWeights.Count, finalWeights.Count);
        for (var i = 0; i < expectedWeights.Count; i++)
        {
            Assert.Equal(NumpyArrays.Shape(expectedWeights[i]), NumpyArrays.Shape(finalWeights[i]));
            var expected = expectedWeights[i].Cast<float>().ToArray();
            var actual = finalWeights[i].Cast<float>().ToArray();
            for (var k = 0; k < expected.Length; k++)
            {
                AssertClose(expected[k], actual[k], $"{name}: weight {i} ({root.GetProperty("weight_names")[i].GetString()}) element {k}");
            }
        }

        var x = TestData.ToArray(root.GetProperty("x"));
        var predictions = model.Predict(x).Cast<float>().ToArray();
        var expectedPredictions = TestData.ToArray(root.GetProperty("predictions")).Cast<float>().ToArray();
        Assert.Equal(expectedPredictions.Length, predictions.Length);
        for (var k = 0; k < predictions.Length; k++)
        {
            AssertClose(expectedPredictions[k], predictions[k], $"{name}: prediction {k}");
        }
    }

    /// <summary>1e-4 relative, with an absolute floor of 1e-6 for values at or near zero.</summary>
    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = Math.Max(1e-4 * Math.Abs(expected), 1e-6);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
