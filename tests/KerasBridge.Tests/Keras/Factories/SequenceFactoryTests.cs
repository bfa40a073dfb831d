using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using KerasBridge.Tests.Training;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The typed 1D factories (Conv1DTranspose, DepthwiseConv1D, SeparableConv1D, UpSampling1D, ZeroPadding1D, Cropping1D),
/// ActivityRegularization and ConvLSTM3D beyond <see cref="LayerFactoryTests"/>: the configs their argument forms write, the
/// arguments they refuse (naming the parameter), and models made of them on the Keras engine that the PyTorch engine
/// predicts and trains as Keras does (the activity penalty is in the training loss only).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SequenceFactoryTests
{
    [Fact]
    public void ArgumentFormsWriteKerasConfigs()
    {
        Assert.Equal("[1,1]", Config(Layers.ZeroPadding1D())["padding"]!.ToJsonString());
        Assert.Equal("[3,3]", Config(Layers.ZeroPadding1D(3))["padding"]!.ToJsonString());
        Assert.Equal("[2,0]", Config(Layers.ZeroPadding1D((2, 0)))["padding"]!.ToJsonString());
        Assert.Equal("[1,1]", Config(Layers.Cropping1D())["cropping"]!.ToJsonString());
        Assert.Equal("[0,2]", Config(Layers.Cropping1D((0, 2)))["cropping"]!.ToJsonString());
        Assert.Equal(2, (int)Config(Layers.UpSampling1D())["size"]!);
        var regularization = Config(Layers.ActivityRegularization(l2: 0.5));
        Assert.Equal((0.0, 0.5), ((double)regularization["l1"]!, (double)regularization["l2"]!));
        Assert.False(regularization.ContainsKey("activity_regularizer")); // Keras's get_config pops it
        // Keras's BaseConvTranspose order: output_padding right after padding, no groups.
        var transpose = Config(Layers.Conv1DTranspose(2, 3, strides: 2, outputPadding: 1));
        Assert.Equal(["filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate"],
            transpose.Select(p => p.Key).Where(k => k is not ("name" or "trainable" or "dtype")).Take(7).ToArray());
        Assert.Equal("[1]", transpose["output_padding"]!.ToJsonString());
        Assert.Null(Config(Layers.Conv1DTranspose(2, 3))["output_padding"]);
        // BaseDepthwiseConv writes no filters and no pointwise entries; BaseSeparableConv writes both, pointwise after depthwise.
        var depthwise = Config(Layers.DepthwiseConv1D(3, depthMultiplier: 2));
        Assert.False(depthwise.ContainsKey("filters") || depthwise.ContainsKey("pointwise_initializer"));
        Assert.Equal("[3]", depthwise["kernel_size"]!.ToJsonString());
        var separable = Config(Layers.SeparableConv1D(4, 3, pointwiseRegularizer: Regularizers.L2(0.1)));
        var keys = separable.Select(p => p.Key).ToList();
        Assert.True(keys.IndexOf("depthwise_regularizer") + 1 == keys.IndexOf("pointwise_regularizer"), string.Join(", ", keys));
        Assert.Equal("L2", (string?)separable["pointwise_regularizer"]!["class_name"]);
        var convLstm = Config(Layers.ConvLSTM3D(2, (2, 1, 3), strides: (1, 2, 1)));
        Assert.Equal(("[2,1,3]", "[1,2,1]", "[1,1,1]"),
            (convLstm["kernel_size"]!.ToJsonString(), convLstm["strides"]!.ToJsonString(), convLstm["dilation_rate"]!.ToJsonString()));
    }

    public static TheoryData<string, string> BadArguments() => new()
    {
        { "Conv1DTranspose outputPadding at the stride", "outputPadding" },
        { "Conv1DTranspose strides and dilation", "dilationRate" },
        { "Conv1DTranspose causal", "padding" },
        { "DepthwiseConv1D depthMultiplier", "depthMultiplier" },
        { "SeparableConv1D filters", "filters" },
        { "UpSampling1D size", "size" },
        { "ZeroPadding1D negative", "padding" },
        { "Cropping1D negative", "cropping" },
        { "ActivityRegularization l1", "l1" },
        { "ConvLSTM3D strides and dilation", "dilationRate" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsAreRefusedNamingTheParameter(string label, string parameter)
    {
        Action make = label switch
        {
            "Conv1DTranspose outputPadding at the stride" => () => Layers.Conv1DTranspose(2, 3, strides: 2, outputPadding: 2),
            "Conv1DTranspose strides and dilation" => () => Layers.Conv1DTranspose(2, 3, strides: 2, dilationRate: 2),
            "Conv1DTranspose causal" => () => Layers.Conv1DTranspose(2, 3, padding: Padding.Causal),
            "DepthwiseConv1D depthMultiplier" => () => Layers.DepthwiseConv1D(3, depthMultiplier: 0),
            "SeparableConv1D filters" => () => Layers.SeparableConv1D(0, 3),
            "UpSampling1D size" => () => Layers.UpSampling1D(0),
            "ZeroPadding1D negative" => () => Layers.ZeroPadding1D((1, -1)),
            "Cropping1D negative" => () => Layers.Cropping1D(-1),
            "ActivityRegularization l1" => () => Layers.ActivityRegularization(-0.1),
            _ => () => Layers.ConvLSTM3D(2, 2, strides: (1, 2, 1), dilationRate: (2, 1, 1)),
        };
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void KerasMadeSequenceModelPredictsAndTrainsOnTheTorchEngineAsOnKeras()
    {
        EngineSupport.RequireKeras();
        // (6, 2) -> (9, 2) -> (20, 3) -> (20, 6) -> (9, 4) -> (18, 4) -> (13, 4) -> 2 outputs; the activity penalty on the
        // input itself, so that it is known here.
        using var keras = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input([6, 2]),
            Layers.ActivityRegularization(0.01, 0.005),
            Layers.ZeroPadding1D((1, 2)),
            Layers.Conv1DTranspose(3, 3, strides: 2, outputPadding: 1, activation: "tanh",
                biasInitializer: Initializers.RandomUniform(-0.5, 0.5, seed: 3)),
            Layers.DepthwiseConv1D(3, depthMultiplier: 2, padding: Padding.Same),
            Layers.SeparableConv1D(4, 3, strides: 2, depthMultiplier: 2, activation: "relu"),
            Layers.UpSampling1D(2),
            Layers.Cropping1D((2, 3)),
            Layers.Flatten(),
            Layers.Dense(2),
        ], engine: EngineKind.Keras);
        var (x, y) = Data(8, 6 * 2, 2, seed: 5);
        var sequences = new float[8, 6, 2];
        Buffer.BlockCopy(x, 0, sequences, 0, x.Length * sizeof(float));
        using var torch = KerasToTorch.Load(keras);
        KerasToTorch.AssertSamePredictions(keras.Predict(sequences), torch.Predict(sequences), "before training");

        var histories = new[] { keras, torch }.Select(model =>
        {
            model.Compile(Optimizers.SGD(learningRate: 0.05), "mse");
            return model.Fit(sequences, y, epochs: 2, batchSize: 4, shuffle: false);
        }).ToArray();
        CallbackTestModels.AssertSameHistory(histories[0], histories[1]);
        var predictions = keras.Predict(sequences);
        KerasToTorch.AssertSamePredictions(predictions, torch.Predict(sequences), "after two epochs");
        // Keras adds the activity penalty (keras/src/layers/layer.py: l1·Σ|x| + l2·Σx² over the batch, divided by the batch
        // size) to evaluate's loss too: the loss passes the predictions' mse by it, on both engines.
        var mse = Enumerable.Range(0, 8).Average(i => Enumerable.Range(0, 2).Average(j => Math.Pow(predictions[i, j] - y[i, j], 2)));
        var penalty = x.Cast<float>().Sum(v => 0.01 * Math.Abs(v) + 0.005 * v * v) / 8;
        foreach (var model in new[] { keras, torch })
        {
            CallbackTestModels.AssertClose(mse + penalty, model.Evaluate(sequences, y, batchSize: 8)["loss"], "mse + activity penalty");
        }
    }

    [Fact]
    public void KerasMadeConvLstm3DModelPredictsOnTheTorchEngineAsOnKeras()
    {
        EngineSupport.RequireKeras();
        // (time 2, depth 3, height 3, width 2, channels 1) volumes cross as rows; Reshape makes them.
        using var keras = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input([2 * 3 * 3 * 2]),
            Layers.Reshape([2, 3, 3, 2, 1]),
            Layers.ConvLSTM3D(2, (2, 2, 1), padding: Padding.Same, returnSequences: true,
                biasInitializer: Initializers.RandomUniform(-0.5, 0.5, seed: 1)),
            Layers.Flatten(),
            Layers.Dense(2),
        ], engine: EngineKind.Keras);
        var (x, _) = Data(5, 2 * 3 * 3 * 2, 2, seed: 9);
        using var torch = KerasToTorch.Load(keras);
        KerasToTorch.AssertSamePredictions(keras.Predict(x), torch.Predict(x), "ConvLSTM3D");
    }

    private static (float[,] X, float[,] Y) Data(int rows, int features, int outputs, int seed)
    {
        var x = TestData.RandomRows(rows, features, seed);
        var random = new Random(seed);
        var y = new float[rows, outputs];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                y[i, j] = (float)random.NextDouble();
            }
        }
        return (x, y);
    }

    private static JsonObject Config(Layer layer) => (JsonObject)layer.ToConfig()["config"]!;
}
