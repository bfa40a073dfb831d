using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Layers.RNN over typed cells and ConvLSTM beyond the factory rows: the nested config Keras writes, a stacked RNN with
/// return_state through the Functional API on both engines (the PyTorch engine's file read by Keras predicts the same),
/// and the arguments refused up front.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RecurrentCellTests
{
    [Fact]
    public void RnnConfigNestsTheCellAsKerasSerializesIt()
    {
        var stacked = Layers.RNN([Layers.LSTMCell(3, name: "first"), Layers.GRUCell(2, resetAfter: false)], returnSequences: true);
        var config = (JsonObject)stacked.ToConfig()["config"]!;
        Assert.True((bool)config["return_sequences"]!);
        var cell = (JsonObject)config["cell"]!;
        Assert.Equal("StackedRNNCells", (string?)cell["class_name"]);
        var cells = (JsonArray)cell["config"]!["cells"]!;
        Assert.Equal(["LSTMCell", "GRUCell"], cells.Select(c => (string?)c!["class_name"]));
        Assert.Equal("first", (string?)cells[0]!["config"]!["name"]);
        Assert.False((bool)cells[1]!["config"]!["reset_after"]!);
        // A cell writes its own options only: no RNN options, no activity_regularizer.
        Assert.False(((JsonObject)cells[0]!["config"]!).ContainsKey("return_sequences"));
        Assert.False(((JsonObject)cells[0]!["config"]!).ContainsKey("activity_regularizer"));
    }

    [Fact]
    public void BadArgumentsAreRefusedNamingTheArgument()
    {
        Assert.Equal("cells", Assert.Throws<ArgumentException>(() => Layers.RNN(Array.Empty<RNNCell>())).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.LSTMCell(0)).ParamName);
        Assert.Equal("recurrentDropout", Assert.Throws<ArgumentOutOfRangeException>(() => Layers.GRUCell(2, recurrentDropout: 1.5)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => Layers.ConvLSTM2D(2, 3, strides: 2, dilationRate: 2));
        Assert.Equal("dilationRate", e.ParamName);
        Assert.Contains("strides [2,2]", e.Message);
        Assert.Equal("padding", Assert.Throws<ArgumentException>(() => Layers.ConvLSTM1D(2, 3, padding: Padding.Causal)).ParamName);
    }

    [Fact]
    public void StackedReturnStateRunsAlikeOnBothEngines()
    {
        EngineSupport.RequireKeras();
        var input = KerasBridge.Keras.Input([5, 3], name: "sequence");
        var rnn = Layers.RNN([Layers.LSTMCell(3), Layers.GRUCell(2)], returnState: true, goBackwards: true);
        var outputs = rnn.ApplyMultiple([input]);
        Assert.Equal(4, outputs.Count); // output, then h and c of the LSTM cell, h of the GRU cell
        // The four tensors side by side: one model output (outputs of one layer share its name as model outputs).
        var joined = Layers.Concatenate().Apply([.. outputs]);
        Assert.Equal([null, 10], joined.Shape);
        using var torch = KerasBridge.Keras.Model(input, joined, engine: EngineKind.Torch);
        var x = new float[4, 5, 3];
        var random = new Random(3);
        for (var i = 0; i < x.Length; i++)
        {
            x[i / 15, i / 3 % 5, i % 3] = (float)(random.NextDouble() * 2 - 1);
        }
        var expected = torch.Predict(x);
        using var dir = new TempDirectory();
        var path = dir.Combine("stacked.keras");
        torch.Save(path);
        using var keras = Models.LoadModel(path, engine: EngineKind.Keras);
        var error = FixtureModels.MaxRelativeError(keras.Predict(x), TestData.ToDouble(expected));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");
    }
}
