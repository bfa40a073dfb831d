using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using Python.Runtime;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// String inputs from C#, as Keras's structured-data examples: Input(shape: [1], dtype: "string") → StringLookup(one_hot)
/// next to a numeric input → Concatenate → Dense. On the PyTorch engine each prediction is the Dense of [one-hot of the
/// string's index, measures] and equals what the engine's Python API gives for numpy str arrays; adapt from C# strings
/// orders the vocabulary as Keras does; save → load predicts the same. Real Keras (no TensorFlow here) refuses the layer.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class StringInputsTests
{
    private static readonly string[] Species = ["Adelie", "Chinstrap", "Gentoo"];

    private static readonly string[,] SpeciesColumn = { { "Adelie" }, { "Gentoo" }, { "Chinstrap" }, { "Gentoo" }, { "Macaroni" }, { "Adelie" } };

    private static readonly float[,] Measures = { { 0.5f, -1f }, { 1.5f, 0.25f }, { -0.75f, 2f }, { 0f, 0f }, { 1f, 1f }, { -2f, 0.5f } };

    private static readonly float[,] Targets = { { 1, 0 }, { 0, 1 }, { 0.5f, 0.5f }, { 0, 1 }, { 1, 1 }, { 1, 0 } };

    private static Dictionary<string, Array> Inputs(Array species, Array measures) => new() { ["species"] = species, ["measures"] = measures };

    private static Model Build(EngineKind engine)
    {
        ClearSession();
        var species = Input(shape: [1], name: "species", dtype: "string");
        var measures = Input(shape: [2], name: "measures");
        var encoded = Layers.StringLookup(vocabulary: Species, outputMode: "one_hot", name: "species_lookup").Apply(species);
        Assert.Equal([null, 4], encoded.Shape);
        Assert.Equal("float32", encoded.DType);
        var joined = Layers.Concatenate(name: "joined").Apply(encoded, measures);
        var head = Layers.Dense(2, name: "head").Apply(joined);
        var model = Model([species, measures], head, name: "penguins", engine: engine);
        model.Compile("adam", "mse");
        return model;
    }

    /// <summary>[one_hot(index), measures] · kernel + bias, in double; index 0 is the OOV slot, the vocabulary 1..3.</summary>
    private static double[,] Expected(Model model)
    {
        var weights = model.GetLayerWeights("head");
        var kernel = (float[,])weights[0];
        var bias = (float[])weights[1];
        Assert.Equal(6, kernel.GetLength(0));
        var expected = new double[SpeciesColumn.GetLength(0), 2];
        for (var row = 0; row < expected.GetLength(0); row++)
        {
            var index = Array.IndexOf(Species, SpeciesColumn[row, 0]) + 1;
            for (var unit = 0; unit < 2; unit++)
            {
                expected[row, unit] = kernel[index, unit] + Measures[row, 0] * (double)kernel[4, unit] + Measures[row, 1] * (double)kernel[5, unit] + bias[unit];
            }
        }
        return expected;
    }

    [Fact]
    public void MixedStringAndNumericInputsFitPredictAndEvaluateOnThePyTorchEngine()
    {
        using var model = Build(EngineKind.Torch);
        var x = Inputs(SpeciesColumn, Measures);
        var history = model.Fit(x, new Dictionary<string, Array> { ["head"] = Targets }, epochs: 2, batchSize: 3);
        Assert.Equal(2, history["loss"].Count);
        Assert.All(history["loss"], l => Assert.True(double.IsFinite(l)));
        var predicted = model.Predict(x);
        var error = FixtureModels.MaxRelativeError(predicted, Expected(model));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");

        // Keras's evaluate loss is the mse of these predictions.
        var mse = 0.0;
        for (var row = 0; row < Targets.GetLength(0); row++)
        {
            for (var unit = 0; unit < 2; unit++)
            {
                mse += Math.Pow(predicted[row, unit] - Targets[row, unit], 2) / Targets.Length;
            }
        }
        Assert.Equal(mse, model.Evaluate(x, new Dictionary<string, Array> { ["head"] = Targets })["loss"], 5);

        // A jagged string[][] column predicts the same.
        var jagged = Enumerable.Range(0, SpeciesColumn.GetLength(0)).Select(r => new[] { SpeciesColumn[r, 0] }).ToArray();
        Assert.Equal(predicted, model.Predict(Inputs(jagged, Measures)));
        Assert.Equal(predicted, PythonApiPredict(model));
    }

    /// <summary>The same model through the PyTorch engine's Python API, fed numpy str (dtype "U") arrays made in Python.</summary>
    private static float[,] PythonApiPredict(Model model)
    {
        var config = model.ToJson();
        var weights = model.GetWeights();
        return PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Set("config_json", new PyString(config));
            using var list = new PyList(weights.Select(w => NumpyArrays.ToNumpy(w)).ToArray());
            scope.Set("weights", list);
            scope.Set("measures", NumpyArrays.ToNumpy(Measures));
            scope.Set("species", new PyList(Enumerable.Range(0, SpeciesColumn.GetLength(0)).Select(r => (PyObject)new PyString(SpeciesColumn[r, 0])).ToArray()));
            scope.Exec("""
                import json
                import numpy as np
                from kerasbridge.torch_engine.engine import TorchEngine
                model = TorchEngine().model_from_config(json.loads(config_json))
                model.set_weights(list(weights))
                result = model.predict({"species": np.array(species, dtype=str).reshape(-1, 1), "measures": measures})
                """);
            using var result = scope.Get("result");
            return NumpyArrays.ToArray<float[,]>(result);
        });
    }

    [Fact]
    public void SaveAndLoadPredictExactly()
    {
        using var model = Build(EngineKind.Torch);
        var x = Inputs(SpeciesColumn, Measures);
        model.Fit(x, new Dictionary<string, Array> { ["head"] = Targets }, epochs: 1, batchSize: 6);
        var predicted = model.Predict(x);
        using var dir = new TempDirectory();
        var path = dir.Combine("penguins.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: EngineKind.Torch);
        Assert.Equal(predicted, loaded.Predict(x));
    }

    [Fact]
    public void AdaptFromCSharpStringsOrdersTheVocabularyByFrequency()
    {
        ClearSession();
        var words = Input(shape: [1], name: "words", dtype: "string");
        var indices = Layers.StringLookup(name: "lookup").Apply(words);
        Assert.Equal("int64", indices.DType);
        using var model = Model(words, indices, engine: EngineKind.Torch);
        model.AdaptLayer("lookup", new[,] { { "b" }, { "c" }, { "b" }, { "a" }, { "c" }, { "b" } });
        // After the OOV slot 0: "b" (3 times), "c" (twice), "a"; a single-input model predicts from a string[,] directly.
        Assert.Equal(new float[,] { { 3 }, { 1 }, { 2 }, { 0 } }, model.Predict(new[,] { { "a" }, { "b" }, { "c" }, { "zebra" } }));
        Assert.Equal(new float[,] { { 1 }, { 0 } }, model.Predict(new[] { new[] { "b" }, new[] { "?" } }));
    }

    [Fact]
    public void SequentialStringModelFitsWithValidationDataAndEvaluates()
    {
        ClearSession();
        using var model = Sequential([Input([1], name: "species", dtype: "string"), Layers.StringLookup(vocabulary: Species, outputMode: "one_hot"),
            Layers.Dense(1, name: "head")], engine: EngineKind.Torch);
        model.Compile("sgd", "mse");
        var y = new float[,] { { 1 }, { 2 }, { 3 }, { 2 }, { 0 }, { 1 } };
        var history = model.Fit(SpeciesColumn, y, epochs: 2, batchSize: 2, validationData: (SpeciesColumn, y));
        Assert.Equal(2, history["val_loss"].Count);
        var predicted = model.Predict(SpeciesColumn);
        var weights = model.GetLayerWeights("head");
        var (kernel, bias) = ((float[,])weights[0], (float[])weights[1]);
        var mse = 0.0;
        for (var row = 0; row < y.GetLength(0); row++)
        {
            Assert.Equal(kernel[Array.IndexOf(Species, SpeciesColumn[row, 0]) + 1, 0] + bias[0], predicted[row, 0], 5);
            mse += Math.Pow(predicted[row, 0] - y[row, 0], 2) / y.Length;
        }
        Assert.Equal(mse, model.Evaluate(SpeciesColumn, y)["loss"], 5);
        var numericValidation = Assert.Throws<ArgumentException>(() => model.Fit(SpeciesColumn, y, validationData: (new float[,] { { 1 } }, new float[,] { { 1 } })));
        Assert.Equal("validationData", numericValidation.ParamName);
        Assert.Contains("input 'species'", numericValidation.Message);
    }

    [Fact]
    public void WrongKindsOfArraysAreRefusedNamingTheInput()
    {
        using var model = Build(EngineKind.Torch);
        var numericSpecies = Assert.Throws<ArgumentException>(() => model.Predict(Inputs(new float[,] { { 1 } }, new float[,] { { 0, 0 } })));
        Assert.Equal("x", numericSpecies.ParamName);
        Assert.Contains("string array", numericSpecies.Message);
        Assert.Contains("'species'", numericSpecies.Message);

        var textMeasures = Assert.Throws<ArgumentException>(() =>
            model.Fit(Inputs(new[,] { { "Adelie" } }, new[,] { { "1.5", "2" } }), new Dictionary<string, Array> { ["head"] = new float[,] { { 1, 0 } } }));
        Assert.Equal("x", textMeasures.ParamName);
        Assert.Contains("numeric array for input 'measures'", textMeasures.Message);

        var nullCell = Assert.Throws<ArgumentException>(() => model.Predict(Inputs(new[,] { { "Adelie" }, { null! } }, new float[,] { { 0, 0 }, { 1, 1 } })));
        Assert.Contains("x[\"species\"][1, 0] is null", nullCell.Message);

        ClearSession();
        var words = Input(shape: [1], name: "words", dtype: "string");
        using var single = Model(words, Layers.StringLookup(vocabulary: Species, outputMode: "one_hot").Apply(words), engine: EngineKind.Torch);
        var numeric = Assert.Throws<ArgumentException>(() => single.Predict(new float[,] { { 1 } }));
        Assert.Equal("x", numeric.ParamName);
        Assert.Contains("input 'words'", numeric.Message);
    }

    [Fact]
    public void KerasEngineSaysTensorFlowIsRequired() =>
        TensorFlowLayers.AssertKerasRequiresTensorFlow("StringLookup", () => Build(EngineKind.Keras).Dispose());

    [Fact]
    public void FactoryWritesKerasConfigAndRefusesBadArguments()
    {
        var config = Layers.StringLookup(vocabulary: Species, outputMode: "multi_hot", salt: 7, name: "s").ToConfig()["config"]!;
        Assert.Equal("[UNK]", (string?)config["oov_token"]);
        Assert.Equal("utf-8", (string?)config["encoding"]);
        Assert.Equal("floormod", (string?)config["oov_method"]);
        Assert.Null(config["vocabulary_dtype"]);
        Assert.Equal("[7,7]", config["salt"]!.ToJsonString());
        Assert.Equal("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", config["vocabulary"]!.ToJsonString());
        Assert.Equal("vocabulary", Assert.Throws<ArgumentException>(() => Layers.StringLookup(vocabulary: ["a", null!])).ParamName);
        Assert.Equal("maxTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.StringLookup(maxTokens: 1)).ParamName);
        Assert.Equal("sparse", Assert.Throws<ArgumentException>(() => Layers.StringLookup(sparse: true)).ParamName);
        Assert.Equal("outputMode", Assert.Throws<ArgumentException>(() => Layers.StringLookup(outputMode: "bogus")).ParamName);
    }
}
