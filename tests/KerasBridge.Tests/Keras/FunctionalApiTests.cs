using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// The Functional API in C# (Input, layer.Apply, Model(inputs, outputs), model.Apply, Input/Output/Layers, Trainable) on both
/// engines, held against real Keras 3.15.1: fixtures/keras-3.15.1/functional-api/NAME.summary.txt and NAME.config.json were
/// made by make_fixtures.py there, which builds each model in Python exactly as the builders below do in C#.
/// </summary>
public sealed class FunctionalApiTests(ITestOutputHelper log)
{
    public static TheoryData<string, EngineKind> Cases()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in Builders.Keys)
            {
                data.Add(name, engine);
            }
        }
        return data;
    }

    private static readonly Dictionary<string, Func<EngineKind, Model>> Builders = new()
    {
        ["lesson_ep2"] = LessonEp2,
        ["multi_io"] = MultiIo,
        ["siamese"] = Siamese,
        ["frozen_functional_base"] = FrozenFunctionalBase,
        ["head_on_base_output"] = HeadOnBaseOutput,
    };

    private static Model LessonEp2(EngineKind engine)
    {
        var inputs = Input(shape: [4], name: "input");
        var hiddenLayer = Layers.Dense(10, activation: "relu", name: "hidden").Apply(inputs);
        var outputLayer = Layers.Dense(3, activation: "softmax", name: "species").Apply(hiddenLayer);
        return Model(inputs: inputs, outputs: outputLayer, name: "penguins", engine: engine);
    }

    private static Model MultiIo(EngineKind engine)
    {
        var a = Input(shape: [8], name: "numbers");
        var b = Input(shape: [4], name: "extras");
        var h = Layers.Dense(6, activation: "relu", name: "h").Apply(a);
        var joined = Layers.Concatenate(name: "joined").Apply(h, b);
        var d = Layers.Dense(10, name: "d").Apply(a);
        var shared = Layers.Dense(5, name: "shared");
        var s1 = shared.Apply(joined);
        var s2 = shared.Apply(d);
        var total = Layers.Add(name: "total").Apply(s1, s2);
        var species = Layers.Dense(3, activation: "softmax", name: "species").Apply(total);
        var mass = Layers.Dense(1, name: "mass").Apply(s1);
        return Model(inputs: [a, b], outputs: [species, mass], name: "multi", engine: engine);
    }

    private static Model Siamese(EngineKind engine)
    {
        using var baseModel = Sequential([Input(shape: [6]), Layers.Dense(4, name: "b1"), Layers.Dense(4, name: "b2")], name: "base", engine: engine);
        var x = Input(shape: [6], name: "x");
        var y = Input(shape: [6], name: "y");
        var hx = baseModel.Apply(x);
        var hy = baseModel.Apply(y);
        var m = Layers.Maximum(name: "max").Apply(hx, hy);
        var outputs = Layers.Dense(2, name: "out").Apply(m);
        return Model(inputs: [x, y], outputs: outputs, name: "siamese", engine: engine);
    }

    private static Model FunctionalBase(EngineKind engine)
    {
        var bi = Input(shape: [5], name: "bi");
        var bd = Layers.Dense(3, name: "bd").Apply(bi);
        var bn = Layers.BatchNormalization(name: "bn").Apply(bd);
        var baseModel = Model(bi, bn, name: "fbase", engine: engine);
        baseModel.Trainable = false;
        return baseModel;
    }

    private static Model FrozenFunctionalBase(EngineKind engine)
    {
        using var baseModel = FunctionalBase(engine);
        var x = Input(shape: [5], name: "xin");
        var h = baseModel.Apply(x, training: false);
        var outputs = Layers.Dense(2, name: "head").Apply(h);
        return Model(x, outputs, name: "transfer_nested", engine: engine);
    }

    private static Model HeadOnBaseOutput(EngineKind engine)
    {
        using var baseModel = FunctionalBase(engine);
        var outputs = Layers.Dense(2, name: "head2").Apply(baseModel.Output);
        return Model(inputs: baseModel.Input, outputs: outputs, name: "transfer_flat", engine: engine);
    }

    private static string FixturePath(string name, string suffix) =>
        Path.Combine(TestPaths.Keras3Fixtures, "functional-api", name + suffix);

    [Theory]
    [MemberData(nameof(Cases))]
    public void BuiltModelHasKerasSummaryAndGraph(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Builders[name](engine);
        Assert.Equal(File.ReadAllText(FixturePath(name, ".summary.txt")), model.Summary());
        var expected = JsonNode.Parse(File.ReadAllText(FixturePath(name, ".config.json")))!;
        var actual = JsonNode.Parse(model.ToJson())!;
        Assert.Equal(Graph(expected), Graph(actual));

        // The config round-trips through model_from_json, as keras.models.model_from_json(model.to_json()).
        using var again = Models.ModelFromJson(model.ToJson(), engine);
        Assert.Equal(model.Summary(), again.Summary());
        Assert.Equal(Graph(expected), Graph(JsonNode.Parse(again.ToJson())!));
    }

    // What the graph is: each layer's name, class, trainable flag and calls, and the model's inputs and outputs.
    private static string Graph(JsonNode config)
    {
        var inner = config["config"]!;
        var layers = inner["layers"]!.AsArray().Select(l => new JsonObject
        {
            ["name"] = l!["name"]!.DeepClone(),
            ["class_name"] = l["class_name"]!.DeepClone(),
            ["trainable"] = l["config"]!["trainable"]?.DeepClone(),
            ["inbound_nodes"] = l["inbound_nodes"]!.DeepClone(),
        });
        return new JsonObject
        {
            ["layers"] = new JsonArray(layers.ToArray<JsonNode?>()),
            ["input_layers"] = inner["input_layers"]!.DeepClone(),
            ["output_layers"] = inner["output_layers"]!.DeepClone(),
        }.ToJsonString();
    }

    [Theory]
    [InlineData("lesson_ep2")]
    [InlineData("frozen_functional_base")]
    [InlineData("head_on_base_output")]
    [InlineData("siamese")]
    [InlineData("multi_io")]
    public void BothEnginesComputeTheSameFromTheSameWeights(string name)
    {
        EngineSupport.RequireKeras();
        using var keras = Builders[name](EngineKind.Keras);
        using var torch = Builders[name](EngineKind.Torch);
        torch.SetWeights(keras.GetWeights());
        var x = keras.Inputs.Select((t, i) => (t.Name, Rows: (Array)TestData.RandomRows(7, t.Shape[1]!.Value, seed: 11 + i)))
            .ToDictionary(p => p.Name, p => p.Rows);
        var expected = keras.PredictOutputs(x);
        var actual = torch.PredictOutputs(x);
        Assert.Equal(keras.OutputNames, expected.Keys);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (output, values) in expected)
        {
            var error = FixtureModels.MaxRelativeError((float[,])actual[output], TestData.ToDouble((float[,])values));
            log.WriteLine($"{name} {output}: max relative error {error:E2}");
            Assert.True(error <= FixtureModels.Tolerance, $"{name} {output}: max relative error {error:E2}");
        }
    }
}
