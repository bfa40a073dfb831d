using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Every typed layer factory end to end: a model with the layer is built from the factory's config, compiled, trained one
/// epoch on tiny data, saved and loaded, and the loaded model predicts exactly what the trained one did. On the Keras
/// engine, Keras's get_config of the built layer must also equal the config the factory wrote.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LayerFactoryTests
{
    public static TheoryData<string, EngineKind> Rows => LayerFactoryCases.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public void BuildsTrainsSavesAndLoads(string label, EngineKind engine)
    {
        if (engine == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
            EngineSupport.RequireTorchFunction(LayerFactoryCases.Get(label).KerasNeedsTorchFunction, label);
        }
        var row = LayerFactoryCases.Get(label);
        var layer = row.Make();
        using var model = Build(row, layer, engine);
        var (x, y) = Data(row);
        model.Compile("adam", "mse");
        var history = model.Fit(x, y, epochs: 1, batchSize: 4);
        Assert.True(double.IsFinite(history["loss"][0]), $"{label}: loss {history["loss"][0]}");
        var before = model.Predict(x);
        Assert.Equal(8, before.GetLength(0));
        Assert.All(before.Cast<float>(), v => Assert.True(float.IsFinite(v)));
        using var dir = new TempDirectory();
        var path = dir.Combine("model.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(before, loaded.Predict(x));
        if (engine == EngineKind.Keras)
        {
            AssertKerasConfigMatches(row, layer, model);
        }
    }

    /// <summary>The keys the factory wrote hold the values Keras's get_config returns for the built layer, and Keras writes no key the factory left out.</summary>
    private static void AssertKerasConfigMatches(LayerFactoryCase row, Layer layer, Model model)
    {
        var written = (JsonObject)layer.ToConfig()["config"]!;
        var layers = (JsonArray)JsonNode.Parse(model.ToJson())!["config"]!["layers"]!;
        var keras = (JsonObject)layers.Single(l => (string?)l!["config"]!["name"] == layer.Name)!["config"]!;
        var skipped = row.KerasResolves ?? [];
        foreach (var (key, value) in written)
        {
            if (key is "name" or "trainable" or "dtype" || skipped.Contains(key))
            {
                continue;
            }
            Assert.True(keras.ContainsKey(key), $"{row.Label}: Keras's config has no '{key}' (it has {string.Join(", ", keras.Select(p => p.Key))}).");
            Assert.True(JsonEquivalence.Equal(WithoutNestedName(key, value), WithoutNestedName(key, keras[key])), $"{row.Label}: '{key}' is {value?.ToJsonString()} in the factory's config, {keras[key]?.ToJsonString()} in Keras's.");
        }
        var missing = keras.Select(p => p.Key).Where(k => k is not ("name" or "trainable" or "dtype") && !written.ContainsKey(k) && !skipped.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{row.Label}: Keras serializes {string.Join(", ", missing)}, which the factory does not write.");
    }

    // A wrapped layer (TimeDistributed, Bidirectional) is renamed by Keras (forward_lstm, ...) and gets the build_config of its
    // built state; the rest of its config must match.
    private static JsonNode? WithoutNestedName(string key, JsonNode? value)
    {
        if (key == "cell" && value is JsonObject cell)
        {
            return WithoutBuildConfigs(cell.DeepClone());
        }
        if (key is not ("layer" or "backward_layer") || value is not JsonObject wrapped)
        {
            return value;
        }
        var copy = (JsonObject)wrapped.DeepClone();
        ((JsonObject)copy["config"]!).Remove("name");
        copy.Remove("build_config");
        return copy;
    }

    // An RNN's cell keeps its name; Keras adds the build_config of its built state (a stack's cells too).
    private static JsonNode WithoutBuildConfigs(JsonNode node)
    {
        if (node is JsonObject entry)
        {
            entry.Remove("build_config");
            foreach (var (_, child) in entry.ToList())
            {
                if (child is not null)
                {
                    WithoutBuildConfigs(child);
                }
            }
        }
        else if (node is JsonArray items)
        {
            foreach (var item in items.Where(i => i is not null))
            {
                WithoutBuildConfigs(item!);
            }
        }
        return node;
    }

    private static Model Build(LayerFactoryCase row, Layer layer, EngineKind engine)
    {
        switch (row.Kind)
        {
            case "merge":
            {
                // input -> Dense(4) twice -> the merging layer -> Dense(1).
                Layer left = Layers.Dense(4), right = Layers.Dense(4), head = Layers.Dense(1);
                int? width = layer is Concatenate ? 8 : layer is Dot ? 1 : 4;
                var json = new FunctionalConfig(row.InputShape, "features")
                    .Call(left, [null, 4], false, "features")
                    .Call(right, [null, 4], false, "features")
                    .Call(layer, [null, width], true, left.Name, right.Name)
                    .Call(head, [null, 1], false, layer.Name)
                    .ToJson(head.Name, "merge_model");
                return Models.FromConfig(json, engine);
            }
            case "attention" or "attention_list":
            {
                // Self-attention: the layer called on (query, value) = (input, input) (Attention: as one list), then Flatten -> Dense(1).
                Layer flatten = Layers.Flatten(), head = Layers.Dense(1);
                var json = new FunctionalConfig(row.InputShape, "sequence")
                    .Call(layer, [null, 3, 4], row.Kind == "attention_list", "sequence", "sequence")
                    .Call(flatten, [null, 12], false, layer.Name)
                    .Call(head, [null, 1], false, flatten.Name)
                    .ToJson(head.Name, "attention_model");
                return Models.FromConfig(json, engine);
            }
            case "volume":
                // Samples cross as rows; Reshape makes them the 5D volumes the 3D layers take.
                return KerasBridge.Keras.Sequential(
                    [KerasBridge.Keras.Input([Size(row)]), Layers.Reshape(row.InputShape), layer, .. row.Head()], engine: engine);
            default:
                return KerasBridge.Keras.Sequential([KerasBridge.Keras.Input(row.InputShape, dtype: row.StringInputs ? "string" : "float32"), layer,
                    .. row.Head()], engine: engine);
        }
    }

    private static int Size(LayerFactoryCase row) => row.InputShape.Aggregate(1, (a, b) => a * b);

    private static (Array X, float[,] Y) Data(LayerFactoryCase row)
    {
        var random = new Random(7);
        int[] shape = row.Kind == "volume" ? [8, Size(row)] : [8, .. row.InputShape];
        Array x;
        if (row.StringInputs)
        {
            // Words from a small list, some outside the layer's vocabulary.
            string[] words = ["a", "b", "c", "d", "e"];
            var strings = new string[8, Size(row)];
            for (var i = 0; i < strings.Length; i++)
            {
                strings[i / strings.GetLength(1), i % strings.GetLength(1)] = words[random.Next(words.Length)];
            }
            x = strings;
        }
        else
        {
            x = Array.CreateInstance(typeof(float), shape);
            var flat = new float[x.Length];
            for (var i = 0; i < flat.Length; i++)
            {
                flat[i] = row.IntegerInputs ? random.Next(10) : (float)(random.NextDouble() * 2 - 1);
            }
            Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        }
        var y = new float[8, 1];
        for (var i = 0; i < 8; i++)
        {
            y[i, 0] = (float)random.NextDouble();
        }
        return (x, y);
    }
}
