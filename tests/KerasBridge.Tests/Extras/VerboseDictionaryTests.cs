using System.Text.Json;
using System.Text.RegularExpressions;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Support.PythonOutputCapture;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// verbose and EvaluationResult on the overloads that take arrays by input and output name (a two-output Functional
/// model, Keras 3.15.1's functional_two_heads.json): Fit, Evaluate and PredictOutputs print Keras's progress lines.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed partial class VerboseDictionaryTests
{
    private static readonly string TwoHeadsPath = Path.Combine(TestPaths.Keras3Fixtures, "training", "multi_io", "functional_two_heads.json");

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void DictionaryOverloadsPrintProgressAndEvaluateInKerasOrder(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        using var json = JsonDocument.Parse(File.ReadAllText(TwoHeadsPath));
        var root = json.RootElement;
        using var model = Models.ModelFromJson(root.GetProperty("model").GetRawText(), kind);
        model.SetWeights(root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());
        var c = root.GetProperty("compile");
        model.Compile(
            Optimizer.FromConfig(c.GetProperty("optimizer").GetRawText()),
            c.GetProperty("loss").EnumerateObject().ToDictionary(p => p.Name, p => (Loss)p.Value.GetString()!),
            c.GetProperty("loss_weights").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
            c.GetProperty("metrics").EnumerateObject().ToDictionary(
                p => p.Name, p => (IReadOnlyList<Metric>)p.Value.EnumerateArray().Select(m => (Metric)m.GetString()!).ToList()));
        var x = new Dictionary<string, Array> { ["x"] = TestData.ToArray(root.GetProperty("x")) };
        var y = root.GetProperty("y").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value));
        var steps = (x["x"].GetLength(0) + 7) / 8;

        var fitted = Captured(() => model.Fit(x, y, epochs: 1, batchSize: 8, shuffle: false, verbose: 2));
        Assert.Matches(new Regex($@"^{steps}/{steps} - \d+s - \d+(us|ms|s)/step - loss: [0-9.e+-]+ - mass_loss: .* - species_loss: [0-9.e+-]+\n$"), fitted);

        EvaluationResult? scores = null;
        var evaluated = Captured(() => scores = model.Evaluate(x, y, batchSize: 8, verbose: 2));
        Assert.Equal("loss", scores!.Names[0]);
        Assert.Equal(scores["loss"], scores.Loss);
        Assert.Equal(["loss", "mass_loss", "mass_mae", "species_accuracy", "species_loss"], scores.Names.Order(StringComparer.Ordinal));
        Assert.Equal(scores.Names.Select(n => scores[n]), scores.ToList());
        Assert.Matches(new Regex($@"^{steps}/{steps} - \d+s - \d+(us|ms|s)/step - loss: "), evaluated);
        Assert.Equal(model.Evaluate(x, y, batchSize: 8).ToList(), scores.ToList());

        IReadOnlyDictionary<string, Array>? outputs = null;
        var predicting = Captured(() => outputs = model.PredictOutputs(x, batchSize: 8, verbose: 2));
        Assert.Matches(new Regex($@"^{steps}/{steps} - \d+s - \d+(us|ms|s)/step\n$"), predicting);
        var silent = model.PredictOutputs(x, batchSize: 8);
        Assert.Equal(silent.Keys, outputs!.Keys);
        foreach (var name in silent.Keys)
        {
            Assert.Equal(silent[name], outputs[name]);
        }
    }
}
