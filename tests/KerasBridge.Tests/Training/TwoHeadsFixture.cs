using System.Text.Json;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Training;

/// <summary>Keras's two-output fixture (outputs "species" and "mass" of input "x"): the model with its initial weights, and its data.</summary>
internal static class TwoHeadsFixture
{
    public static readonly string FilePath = Path.Combine(TestPaths.Keras3Fixtures, "training", "multi_io", "functional_two_heads.json");

    /// <summary>The uncompiled model with the fixture's initial weights.</summary>
    public static Model Load(EngineKind engine, JsonElement root)
    {
        var model = Models.ModelFromJson(root.GetProperty("model").GetRawText(), engine);
        model.SetWeights(root.GetProperty("initial_weights").EnumerateArray().Select(w => TestData.ToArray(w)).ToList());
        return model;
    }

    /// <summary>x by input name and y by output name.</summary>
    public static (Dictionary<string, Array> X, Dictionary<string, Array> Y) Data(JsonElement root) =>
        (new Dictionary<string, Array> { ["x"] = TestData.ToArray(root.GetProperty("x")) },
            root.GetProperty("y").EnumerateObject().ToDictionary(p => p.Name, p => TestData.ToArray(p.Value)));
}
