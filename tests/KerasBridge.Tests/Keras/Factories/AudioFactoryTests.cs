using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The audio factories beyond <see cref="LayerFactoryTests"/>: the configs they write (trainable, a window of values,
/// Keras's resolved sequence_length and max_freq), the arguments they refuse (naming the parameter), and a model made of
/// them on the Keras engine, saved and run on the PyTorch engine with Keras's predictions.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AudioFactoryTests
{
    [Fact]
    public void FactoriesWriteKerasConfigs()
    {
        var frozen = Layers.STFTSpectrogram(frameLength: 8, trainable: false).ToConfig()["config"]!;
        Assert.False((bool)frozen["trainable"]!);
        Assert.Equal("channels_last", (string?)frozen["data_format"]);
        Assert.Null(frozen["frame_step"]);
        var values = Config(Layers.STFTSpectrogram([0.5, 1, 1, 0.5], frameLength: 4));
        Assert.Equal("[0.5,1,1,0.5]", values["window"]!.ToJsonString());
        Assert.Null(Config(Layers.STFTSpectrogram(window: (string?)null, scaling: null))["window"]);
        var mel = Config(Layers.MelSpectrogram(fftLength: 64, samplingRate: 8000));
        Assert.Equal((64, 4000), ((int)mel["sequence_length"]!, (int)mel["max_freq"]!));
        Assert.Equal(3000.5, (double)Config(Layers.MelSpectrogram(maxFreq: 3000.5))["max_freq"]!);
    }

    public static TheoryData<string, string> BadArguments() => new()
    {
        { "STFT mode", "mode" },
        { "STFT frameStep", "frameStep" },
        { "STFT fftLength", "fftLength" },
        { "STFT scaling", "scaling" },
        { "STFT padding", "padding" },
        { "STFT dataFormat", "dataFormat" },
        { "STFT window values", "window" },
        { "Mel sequenceLength", "sequenceLength" },
        { "Mel window", "window" },
        { "Mel numMelBins", "numMelBins" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsAreRefusedNamingTheParameter(string label, string parameter)
    {
        Action make = label switch
        {
            "STFT mode" => () => Layers.STFTSpectrogram("power"),
            "STFT frameStep" => () => Layers.STFTSpectrogram(frameLength: 16, frameStep: 17),
            "STFT fftLength" => () => Layers.STFTSpectrogram(frameLength: 16, fftLength: 8),
            "STFT scaling" => () => Layers.STFTSpectrogram(scaling: "area"),
            "STFT padding" => () => Layers.STFTSpectrogram(padding: "causal"),
            "STFT dataFormat" => () => Layers.STFTSpectrogram(dataFormat: "channels_middle"),
            "STFT window values" => () => Layers.STFTSpectrogram([1.0, 2.0], frameLength: 16),
            "Mel sequenceLength" => () => Layers.MelSpectrogram(fftLength: 32, sequenceLength: 64),
            "Mel window" => () => Layers.MelSpectrogram(window: "blackman"),
            _ => () => Layers.MelSpectrogram(numMelBins: 0),
        };
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void KerasMadeAudioModelRunsOnTheTorchEngineAsOnKeras()
    {
        EngineSupport.RequireKeras();
        var x = new float[4, 128];
        var random = new Random(5);
        for (var i = 0; i < x.GetLength(0); i++)
        {
            for (var j = 0; j < x.GetLength(1); j++)
            {
                x[i, j] = (float)(random.NextDouble() * 2 - 1);
            }
        }
        using var dir = new TempDirectory();
        Layer[][] bodies =
        [
            [Layers.Reshape([128, 1]), Layers.STFTSpectrogram("psd", frameLength: 16, frameStep: 5, window: "hamming", padding: "same"),
                Layers.Flatten(), Layers.Dense(2)],
            [Layers.MelSpectrogram(fftLength: 32, sequenceStride: 8, numMelBins: 6, topDb: 40.0), Layers.Flatten(), Layers.Dense(2)],
        ];
        foreach (var (body, i) in bodies.Select((b, i) => (b, i)))
        {
            using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([128]), .. body], engine: EngineKind.Keras);
            var expected = model.Predict(x);
            var path = dir.Combine($"audio{i}.keras");
            model.Save(path);
            using var torch = Models.LoadModel(path, engine: EngineKind.Torch);
            var error = FixtureModels.MaxRelativeError(torch.Predict(x), TestData.ToDouble(expected));
            Assert.True(error <= FixtureModels.Tolerance, $"model {i}: max relative error {error:E2}");
        }
    }

    private static JsonObject Config(Layer layer) => (JsonObject)layer.ToConfig()["config"]!;
}
