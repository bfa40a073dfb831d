using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.KerasApplications;

/// <summary>
/// The applications in use, on both engines: episode 5's frozen base with a new head (inputTensor, Trainable, fine-tuning
/// the top layers), weights from a file, the offline error for "imagenet", preprocessing, and argument checks. The models
/// are VGG16 at 32x32 without the top (layers both engines have), so these run everywhere.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ApplicationTests(ITestOutputHelper output)
{
    public static TheoryData<EngineKind> Engines() => new(EngineKind.Torch, EngineKind.Keras);

    private static Model FrozenBaseWithHead(EngineKind engine, out Model baseModel, out KerasTensor inputs, out Layer stem)
    {
        inputs = Input(shape: [32, 32, 3]);
        stem = Layers.Conv2D(3, 1, padding: Padding.Same, name: "stem");
        var x = stem.Apply(inputs);
        baseModel = Applications.VGG16(includeTop: false, weights: null, inputTensor: x, pooling: "avg", engine: engine);
        baseModel.Trainable = false;
        var output = Layers.Flatten().Apply(baseModel.Output);
        output = Layers.BatchNormalization().Apply(output);
        output = Layers.Dense(50, activation: "relu").Apply(output);
        output = Layers.Dropout(0.5).Apply(output);
        output = Layers.Dense(10).Apply(output);
        return Model(inputs, output, engine: engine);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void InputTensorBuildsTheApplicationOnTheCallersGraph(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = FrozenBaseWithHead(engine, out var baseModel, out var inputs, out var stem);
        using var baseHandle = baseModel;
        // As Keras with input_tensor: the model starts at the caller's Input and holds the layers in between.
        Assert.Same(inputs, baseModel.Input);
        Assert.Equal("vgg16", baseModel.Name);
        Assert.Equal(["input_layer", "stem", "block1_conv1"], baseModel.Layers.Take(3).Select(l => l.Name).Select(n => n.StartsWith("input_layer", StringComparison.Ordinal) ? "input_layer" : n));
        Assert.Equal("GlobalAveragePooling2D", baseModel.Layers[^1].ClassName);
        Assert.Equal([null, 512], baseModel.OutputShape);
        // Frozen: VGG16's 14,714,688, the stem's 12 and the head BatchNormalization's moving statistics (1,024);
        // trained: that BatchNormalization's gamma and beta (1,024), Dense(50) (25,650) and Dense(10) (510).
        var summary = model.Summary();
        output.WriteLine(summary);
        Assert.Contains("Trainable params: 27,184 ", summary, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 14,715,724 ", summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FrozenBaseStaysWhileTheHeadTrainsThenTheTopLayersFineTune(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = FrozenBaseWithHead(engine, out var baseModel, out _, out _);
        using var baseHandle = baseModel;
        var x = ApplicationSupport.Images(16, 32, seed: 3);
        var y = new int[16];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = i % 10;
        }
        var before = model.GetLayerWeights("block5_conv3")[0];
        var headBefore = model.GetLayerWeights(model.Layers[^1].Name)[0];
        model.Compile(Optimizers.Adam(), Losses.SparseCategoricalCrossentropy(fromLogits: true), ["accuracy"]);
        model.Fit(x, y, epochs: 1, batchSize: 8);
        Assert.Equal(before, model.GetLayerWeights("block5_conv3")[0]);
        Assert.NotEqual(headBefore, model.GetLayerWeights(model.Layers[^1].Name)[0]);

        // Fine-tuning: unfreeze the last convolution block, recompile with a small learning rate, train again.
        foreach (var layer in model.Layers.Where(l => l.Name.StartsWith("block5_", StringComparison.Ordinal)))
        {
            layer.Trainable = true;
        }
        var block4 = model.GetLayerWeights("block4_conv3")[0];
        model.Compile(Optimizers.Adam(learningRate: 1e-5), Losses.SparseCategoricalCrossentropy(fromLogits: true), ["accuracy"]);
        model.Fit(x, y, epochs: 1, batchSize: 8);
        Assert.NotEqual(before, model.GetLayerWeights("block5_conv3")[0]);
        Assert.Equal(block4, model.GetLayerWeights("block4_conv3")[0]);
        // block5's three convolutions (3 x 2,359,808) now train with the head.
        Assert.Contains("Trainable params: 7,106,608 ", model.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsFileSavedByOneEngineLoadsIntoTheOtherWithTheSamePredictions()
    {
        EngineSupport.RequireKeras();
        using var folder = new TempDirectory();
        var path = folder.Combine("vgg16_small.weights.h5");
        var x = ApplicationSupport.Images(3, 32, seed: 5);
        float[,] expected;
        using (var keras = Applications.VGG16(includeTop: true, weights: null, inputShape: [32, 32, 3], classes: 3, engine: EngineKind.Keras))
        {
            keras.SaveWeights(path);
            expected = keras.Predict(x);
        }
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            using var model = Applications.VGG16(includeTop: true, weights: path, inputShape: [32, 32, 3], classes: 3, engine: engine);
            var error = FixtureModels.MaxRelativeError(model.Predict(x), TestData.ToDouble(expected));
            output.WriteLine($"{engine}: max relative error {error:E2}");
            Assert.True(error <= FixtureModels.Tolerance, $"{engine}: max relative error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ImagenetWeightsOfflineNameTheFileTheAddressAndTheCachePath(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var folder = new TempDirectory();
        using var home = ApplicationSupport.KerasHome(folder.Path);
        var error = Assert.Throws<WeightsUnavailableException>(() =>
            Applications.DenseNet121(includeTop: false, weights: "imagenet", inputShape: [64, 64, 3], engine: engine));
        Assert.Equal("densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5", error.FileName);
        Assert.Equal("https://storage.googleapis.com/tensorflow/keras-applications/densenet/densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5", error.Url);
        Assert.Equal(Path.Combine(folder.Path, "models", error.FileName), error.CachePath);
        Assert.Contains(error.CachePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodePredictionsOfflineNamesTheClassIndex()
    {
        using var folder = new TempDirectory();
        using var home = ApplicationSupport.KerasHome(folder.Path);
        var error = Assert.Throws<WeightsUnavailableException>(() => Applications.DenseNet.DecodePredictions(new float[1, 1000]));
        Assert.Equal("imagenet_class_index.json", error.FileName);
        var bad = Assert.Throws<ArgumentException>(() => Applications.Vgg16.DecodePredictions(new float[1, 10]));
        Assert.Equal("preds", bad.ParamName);
    }

    [Fact]
    public void PreprocessInputFollowsEachFamilysMode()
    {
        var x = new float[1, 1, 2, 3] { { { { 0f, 127.5f, 255f }, { 10f, 20f, 30f } } } };
        var torch = Applications.DenseNet.PreprocessInput(x);
        Assert.Equal((0f / 255f - 0.485f) / 0.229f, torch[0, 0, 0, 0], 5);
        Assert.Equal((255f / 255f - 0.406f) / 0.225f, torch[0, 0, 0, 2], 5);
        var tf = Applications.MobileNetV2Module.PreprocessInput(x);
        Assert.Equal([-1f, 0f, 1f], new[] { tf[0, 0, 0, 0], tf[0, 0, 0, 1], tf[0, 0, 0, 2] });
        var caffe = Applications.Vgg16.PreprocessInput(x);
        Assert.Equal(255f - 103.939f, caffe[0, 0, 0, 0], 4); // BGR: blue first
        Assert.Equal(0f - 123.68f, caffe[0, 0, 0, 2], 4);
        Assert.Equal(x, Applications.EfficientNet.PreprocessInput(x));
        Assert.Equal(0f, x[0, 0, 0, 0]); // the input is left as it was
        Assert.Equal(ToFlat(Applications.ResNetV2.PreprocessInput(x)), ToFlat(tf));
        var image = Applications.ResNet.PreprocessInput(new float[2, 2, 3]);
        Assert.Equal(-103.939f, image[0, 0, 0], 4);
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        var pooling = Assert.Throws<ArgumentException>(() => Applications.VGG16(includeTop: false, weights: null, pooling: "mean"));
        Assert.Equal("pooling", pooling.ParamName);
        var classes = Assert.Throws<ArgumentException>(() => Applications.ResNet50(weights: "imagenet", classes: 10, engine: EngineKind.Torch));
        Assert.Equal("classes", classes.ParamName);
        var shape = Assert.Throws<ArgumentException>(() => Applications.VGG16(includeTop: false, weights: null, inputShape: [16, 16, 3], engine: EngineKind.Torch));
        Assert.Equal("inputShape", shape.ParamName);
        var file = Assert.Throws<ArgumentException>(() => Applications.VGG16(weights: "/no/such/file.h5", engine: EngineKind.Torch));
        Assert.Equal("weights", file.ParamName);
        var tensor = Assert.Throws<ArgumentException>(() => Applications.VGG16(includeTop: false, weights: null, inputTensor: Input(shape: [10]), engine: EngineKind.Torch));
        Assert.Equal("inputTensor", tensor.ParamName);
    }

    private static float[] ToFlat(Array values) => values.Cast<float>().ToArray();
}
