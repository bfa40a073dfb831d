using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Hashing and HashedCrossing from C#: Input(int) → Hashing(one_hot) → Dense trains and predicts on the PyTorch engine
/// (each prediction is the Dense row of the value's bin, kernel[bin] + bias, the bins read from the same Hashing in "int"
/// mode), and survives .keras save/load; two int Inputs → HashedCrossing(one_hot) → Dense likewise. On the Keras engine
/// (no TensorFlow here) Keras's own "requires TensorFlow" error reaches .NET. The bins themselves are checked against
/// Keras's documented examples in tests/python/test_hashing.py.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class HashingTests
{
    private static readonly float[,] Ids = { { 12 }, { 36 }, { 1138 }, { 42 }, { 7 }, { 1000 } };

    private static Model Build(EngineKind engine, string outputMode = "one_hot")
    {
        ClearSession();
        var ids = Input(shape: [1], name: "ids", dtype: "int64");
        var hashed = Layers.Hashing(5, maskValue: 7, salt: [3, 4], outputMode: outputMode, name: "hashing").Apply(ids);
        if (outputMode == "int")
        {
            Assert.Equal("int64", hashed.DType);
            return Model(ids, hashed, engine: engine);
        }
        Assert.Equal([null, 5], hashed.Shape);
        Assert.Equal("float32", hashed.DType);
        return Model(ids, Layers.Dense(2, name: "head").Apply(hashed), name: "hashing_model", engine: engine);
    }

    private static void AssertRowsOfTheBins(Model model, float[,] predicted, int[] bins)
    {
        var weights = model.GetLayerWeights("head");
        var kernel = (float[,])weights[0];
        var bias = (float[])weights[^1];
        for (var row = 0; row < bins.Length; row++)
        {
            for (var unit = 0; unit < bias.Length; unit++)
            {
                Assert.Equal(kernel[bins[row], unit] + bias[unit], predicted[row, unit], 5);
            }
        }
    }

    [Fact]
    public void OneHotHashingFitsPredictsSavesAndLoadsOnThePyTorchEngine()
    {
        int[] bins;
        using (var indices = Build(EngineKind.Torch, "int"))
        {
            var predicted = indices.Predict(Ids);
            bins = Enumerable.Range(0, Ids.GetLength(0)).Select(r => (int)predicted[r, 0]).ToArray();
        }
        Assert.Equal(0, bins[4]); // the mask value 7 takes bin 0, the others bins 1-4
        Assert.All(bins.Where((_, r) => r != 4), b => Assert.InRange(b, 1, 4));
        using var model = Build(EngineKind.Torch);
        model.Compile("adam", "mse");
        var y = new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 0, 0 }, { 1, 0 }, { 1, 0 } };
        var history = model.Fit(Ids, y, epochs: 1, batchSize: 3);
        Assert.True(double.IsFinite(history["loss"][0]));
        var predictions = model.Predict(Ids);
        AssertRowsOfTheBins(model, predictions, bins);
        using var dir = new TempDirectory();
        var path = dir.Combine("hashing.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: EngineKind.Torch);
        Assert.Equal(predictions, loaded.Predict(Ids));
    }

    private static Model Crossing(string outputMode, EngineKind engine = EngineKind.Torch)
    {
        ClearSession();
        var a = Input(shape: [1], name: "a", dtype: "int64");
        var b = Input(shape: [1], name: "b", dtype: "int64");
        var crossed = Layers.HashedCrossing(4, outputMode: outputMode, name: "cross").Apply(a, b);
        if (outputMode == "int")
        {
            Assert.Equal([null, 1], crossed.Shape);
            return Model([a, b], crossed, engine: engine);
        }
        Assert.Equal([null, 4], crossed.Shape);
        return Model([a, b], Layers.Dense(1, name: "head").Apply(crossed), engine: engine);
    }

    [Fact]
    public void HashedCrossingOfTwoIntInputsFitsAndPredictsOnThePyTorchEngine()
    {
        var x = new Dictionary<string, Array>
        {
            ["a"] = new float[,] { { 1 }, { 2 }, { 1 }, { 2 }, { 1 } },
            ["b"] = new float[,] { { 101 }, { 101 }, { 102 }, { 102 }, { 101 } },
        };
        int[] bins;
        using (var indices = Crossing("int"))
        {
            var predicted = indices.PredictOutputs(x)[indices.OutputNames[0]]; // int64 bins
            bins = Enumerable.Range(0, 5).Select(r => Convert.ToInt32(predicted.GetValue(r, 0))).ToArray();
        }
        Assert.Equal(bins[0], bins[4]); // the same cross, the same bin
        Assert.All(bins, bin => Assert.InRange(bin, 0, 3));
        using var model = Crossing("one_hot");
        model.Compile("sgd", "mse");
        var y = new Dictionary<string, Array> { [model.OutputNames[0]] = new float[,] { { 1 }, { 0 }, { 1 }, { 0 }, { 1 } } };
        var history = model.Fit(x, y, epochs: 1, batchSize: 5);
        Assert.True(double.IsFinite(history["loss"][0]));
        AssertRowsOfTheBins(model, model.Predict(x), bins);
    }

    [Fact]
    public void KerasEngineSaysTensorFlowIsRequired()
    {
        TensorFlowLayers.AssertKerasRequiresTensorFlow("Hashing", () => Build(EngineKind.Keras).Dispose());
        TensorFlowLayers.AssertKerasRequiresTensorFlow("HashedCrossing", () => Crossing("one_hot", EngineKind.Keras).Dispose());
    }

    [Fact]
    public void FactoriesWriteKerasConfigsAndNameBadArguments()
    {
        var config = Layers.Hashing(3, salt: [133]).Config;
        Assert.Equal("[133,133]", config["salt"]!.ToJsonString());
        Assert.Equal("int64", config["dtype"]!["config"]!["name"]!.GetValue<string>());
        Assert.Equal("float32", Layers.Hashing(3, outputMode: "count").Config["dtype"]!["config"]!["name"]!.GetValue<string>());
        Assert.Equal("numBins", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Hashing(0)).ParamName);
        Assert.Equal("salt", Assert.Throws<ArgumentException>(() => Layers.Hashing(3, salt: [1, 2, 3])).ParamName);
        Assert.Equal("maskValue", Assert.Throws<ArgumentException>(() => Layers.Hashing(3, maskValue: 1.5)).ParamName);
        Assert.Equal("dtype", Assert.Throws<ArgumentException>(() => Layers.Hashing(3, dtype: "float32")).ParamName);
        Assert.Equal("outputMode", Assert.Throws<ArgumentException>(() => Layers.HashedCrossing(3, outputMode: "count")).ParamName);
        Assert.Equal("numBins", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.HashedCrossing(0)).ParamName);
    }
}
