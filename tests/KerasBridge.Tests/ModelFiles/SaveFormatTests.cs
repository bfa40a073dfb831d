using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Saving: save → load → predict is exact on each engine, and a .keras written by an engine has Keras's layout:
/// the same zip members, config.json schema and weight datasets as the fixture Keras 3.15.1 wrote.
/// </summary>
public sealed class SaveFormatTests
{
    public static TheoryData<string, EngineKind> Cases => FixtureModels.NamesOnEachEngine();

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveThenLoadGivesExactlyTheSamePredictionsWeightsAndSummary(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var x = FixtureModels.Inputs(name);
        using var original = Models.LoadModel(FixtureModels.PathOf(name, ".keras"), engine: engine);
        var file = dir.Combine("again.keras");
        original.Save(file);
        using var again = Models.LoadModel(file, engine: engine);
        Assert.Equal(original.Predict(x), again.Predict(x));
        Assert.Equal(original.GetWeights(), again.GetWeights());
        Assert.Equal(original.Summary(), again.Summary());
        Assert.Equal(original.ToJson(), again.ToJson());

        // Weights only, into the same architecture built in C#.
        var weights = dir.Combine("again.weights.h5");
        original.SaveWeights(weights);
        using var built = FixtureModels.Build(name, engine);
        built.LoadWeights(weights);
        Assert.Equal(original.Predict(x), built.Predict(x));
        Assert.Equal(original.GetWeights(), built.GetWeights());
        Assert.Equal([".keras", ".weights.h5"], Directory.GetFiles(dir.Path).Select(f => f.EndsWith(".weights.h5") ? ".weights.h5" : Path.GetExtension(f)).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SavedKerasFileHasTheLayoutKerasWrites(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        using var model = FixtureModels.Build(name, engine);
        FixtureModels.CompileLikeFixture(name, model);
        if (name != "single_neuron")
        {
            // One epoch builds the optimizer, so its variables are saved as in the (trained) fixture.
            model.Fit(FixtureModels.Inputs(name), FixtureModels.Targets(name), epochs: 1, batchSize: 32, shuffle: false, cancellationToken: TestContext.Current.CancellationToken);
        }
        var saved = dir.Combine(name + ".keras");
        model.Save(saved);
        var fixture = FixtureModels.PathOf(name, ".keras");

        Assert.Equal(ZipMembers(fixture), ZipMembers(saved));
        Assert.Equal(JsonKeys(ReadMember(fixture, "metadata.json")), JsonKeys(ReadMember(saved, "metadata.json")));
        var differences = new List<string>();
        CompareSchema(JsonNode.Parse(ReadMember(fixture, "config.json")), JsonNode.Parse(ReadMember(saved, "config.json")), "config.json", differences);
        Assert.True(differences.Count == 0, $"{name}: config.json differs from Keras's in schema:\n" + string.Join('\n', differences));
        var datasets = WeightDatasets(saved);
        Assert.Equal(WeightDatasets(fixture), datasets);
        Assert.Contains(datasets, d => d.StartsWith("layers/dense", StringComparison.Ordinal) && d.EndsWith("float32", StringComparison.Ordinal));
        if (name != "single_neuron")
        {
            Assert.Contains("optimizer/vars/0 () int32", datasets); // iterations, as Keras stores it
        }

        // And the saved file loads back, predicting what the model predicts.
        using var again = Models.LoadModel(saved, engine: engine);
        Assert.Equal(model.Predict(FixtureModels.Inputs(name)), again.Predict(FixtureModels.Inputs(name)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SavedWeightsFileHasTheLayoutKerasWrites(string name, EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        using var model = FixtureModels.Build(name, engine);
        var saved = dir.Combine(name + ".weights.h5");
        model.SaveWeights(saved);
        // The fixture's weights file also holds the optimizer (its model was compiled and trained); an uncompiled
        // model's file holds the same layer and model groups and datasets, without the optimizer's.
        var expected = WeightDatasets(FixtureModels.PathOf(name, ".weights.h5")).Where(d => !d.StartsWith("optimizer", StringComparison.Ordinal));
        Assert.Equal(expected, WeightDatasets(saved));
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void ActivationLayerSavesAndLoads(EngineKind engine)
    {
        // Regression: model_files did not know Activation, so an engine that runs it could not save it.
        FixtureModels.Require(engine);
        const string config = """
            {"module": "keras", "class_name": "Sequential", "registered_name": null,
             "config": {"name": "with_activation", "trainable": true, "layers": [
               {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "in"}, "registered_name": null},
               {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}, "registered_name": null},
               {"module": "keras.layers", "class_name": "Activation", "config": {"name": "act", "activation": "tanh"}, "registered_name": null}]}}
            """;
        using var dir = new TempDirectory();
        using var model = Models.FromConfig(config, engine);
        var x = new float[,] { { 1, 2, 3 }, { -1, 0.5f, 2 } };
        var file = dir.Combine("act.keras");
        model.Save(file);
        using var again = Models.LoadModel(file, engine: engine);
        Assert.Equal(model.Predict(x), again.Predict(x));
        Assert.Contains("act (Activation)", again.Summary());
        var y = again.Predict(x);
        Assert.All(Enumerable.Range(0, 4), i => Assert.InRange(y[i / 2, i % 2], -1f, 1f));
    }

    [Fact]
    public void SchemaComparisonReportsMissingAndExtraKeysKindsLengthsAndClassNames()
    {
        var keras = JsonNode.Parse("""{"a": {"b": 1, "shared_object_id": 5}, "l": [{"class_name": "Dense"}, 2], "c": {"x": 1}}""");
        var ours = JsonNode.Parse("""{"a": {"z": 1}, "l": [{"class_name": "Conv2D"}], "c": [1]}""");
        var differences = new List<string>();
        CompareSchema(keras, ours, "config.json", differences);
        Assert.Equal(
        [
            "config.json.a: extra key 'z'",
            "config.json.a: missing key 'b'",
            "config.json.c: object vs array",
            "config.json.l: 2 items vs 1",
            "config.json.l[0].class_name: \"Dense\" vs \"Conv2D\"",
        ], differences.Order(StringComparer.Ordinal));
        differences.Clear();
        CompareSchema(JsonNode.Parse(ReadMember(FixtureModels.PathOf("penguins_mlp", ".keras"), "config.json")),
            JsonNode.Parse(ReadMember(FixtureModels.PathOf("digits_cnn", ".keras"), "config.json")), "config.json", differences);
        Assert.NotEmpty(differences);
    }

    internal static List<string> ZipMembers(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    internal static string ReadMember(string path, string member)
    {
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry(member)!.Open());
        return reader.ReadToEnd();
    }

    private static List<string> JsonKeys(string json) =>
        JsonNode.Parse(json)!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Same keys at every level (ignoring "shared_object_id", an object id Keras adds to repeated objects), same
    /// kind of value (object / array / scalar), same list lengths and the same class_name values.
    /// </summary>
    internal static void CompareSchema(JsonNode? keras, JsonNode? ours, string where, List<string> differences)
    {
        switch (keras, ours)
        {
            case (JsonObject k, JsonObject o):
                var kKeys = k.Select(p => p.Key).Where(key => key != "shared_object_id").ToHashSet();
                var oKeys = o.Select(p => p.Key).Where(key => key != "shared_object_id").ToHashSet();
                foreach (var missing in kKeys.Except(oKeys))
                {
                    differences.Add($"{where}: missing key '{missing}'");
                }
                foreach (var extra in oKeys.Except(kKeys))
                {
                    differences.Add($"{where}: extra key '{extra}'");
                }
                foreach (var key in kKeys.Intersect(oKeys))
                {
                    if (key == "class_name" && k[key]?.ToJsonString() != o[key]?.ToJsonString())
                    {
                        differences.Add($"{where}.class_name: {k[key]?.ToJsonString()} vs {o[key]?.ToJsonString()}");
                    }
                    CompareSchema(k[key], o[key], $"{where}.{key}", differences);
                }
                break;
            case (JsonArray k, JsonArray o):
                if (k.Count != o.Count)
                {
                    differences.Add($"{where}: {k.Count} items vs {o.Count}");
                }
                for (var i = 0; i < Math.Min(k.Count, o.Count); i++)
                {
                    CompareSchema(k[i], o[i], $"{where}[{i}]", differences);
                }
                break;
            case (JsonObject or JsonArray, _) or (_, JsonObject or JsonArray):
                differences.Add($"{where}: {Kind(keras)} vs {Kind(ours)}");
                break;
        }

        static string Kind(JsonNode? node) => node switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            _ => node.GetValueKind().ToString(),
        };
    }

    private const string DescribeWeights = """
        import io, json, zipfile
        import h5py

        def describe(path):
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    f = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
            else:
                f = h5py.File(path, "r")
            out = []
            def visit(name, obj):
                if isinstance(obj, h5py.Dataset):
                    out.append(f"{name} {tuple(obj.shape)} {obj.dtype}")
                else:
                    out.append(f"{name}/")
            with f:
                f.visititems(visit)
            return json.dumps(out)
        """;

    /// <summary>Every group ("path/") and dataset ("path shape dtype") of the weights in a .keras or .weights.h5, as h5py lists them.</summary>
    internal static List<string> WeightDatasets(string path) =>
        JsonSerializer.Deserialize<List<string>>(PythonRuntime.Run(() =>
        {
            using var module = PyModule.FromString("kb_test_describe_weights", DescribeWeights);
            return module.InvokeMethod("describe", new PyString(path)).As<string>();
        }))!;
}
