// Episode 5, "Transfer learning": a pretrained DenseNet121 base, frozen, with a new classification head.
// The lesson classifies the Dollar Street photos (downloaded) upscaled to 160×160 inside the model with a Lambda around
// tf.image.resize_with_pad; this example uses scikit-learn's handwritten digits (8×8, shipped with scikit-learn, no
// download) turned into RGB, upscaled in the model by keras.layers.Resizing(pad_to_aspect_ratio=True), which does what
// the Lambda did without Python code. The base takes Keras's ImageNet weights when the file is in Keras's cache
// (KERAS_HOME/models, ~/.keras/models) or can be downloaded; offline it gets random weights, and says so.
// Small by default so it runs in about a minute on two cores: 32×32 images, 200 training images, 2 epochs.
// The lesson's size: KERASBRIDGE_IMAGE_SIZE=160 KERASBRIDGE_SAMPLES=0 (all) --epochs 30.
// Run: dotnet run --project examples/TransferLearning [-- --output DIR --epochs N]
using System.Globalization;
using KerasBridge;
using KerasBridge.Examples;
using static KerasBridge.Keras;

return ExampleRunner.Run(args, "Episode 5: Transfer learning (frozen DenseNet121 base, digits)", options =>
{
    var epochs = options.Epochs(2);
    var size = EnvironmentNumber("KERASBRIDGE_IMAGE_SIZE", 32);
    var samples = EnvironmentNumber("KERASBRIDGE_SAMPLES", 200);

    // 1. The images: the digits' 0-16 gray levels as 0-255 RGB (three equal channels), as a photo would come.
    ExampleRunner.Step("The digits data, as RGB images");
    var digits = Sklearn.LoadDigits();
    var rgb = ToRgb(digits.Images);
    var (xTrainAll, xTest, yTrainAll, yTest) = Sklearn.TrainTestSplit(rgb, digits.Target, testSize: 0.2, randomState: 0, stratify: digits.Target);
    var (xTrain, xVal, yTrain, yVal) = Sklearn.TrainTestSplit(xTrainAll, yTrainAll, testSize: 0.2, randomState: 0, stratify: yTrainAll);
    if (samples > 0)
    {
        (xTrain, yTrain) = (Take(xTrain, samples), yTrain[..Math.Min(samples, yTrain.Length)]);
        (xVal, yVal) = (Take(xVal, samples / 4), yVal[..Math.Min(samples / 4, yVal.Length)]);
        (xTest, yTest) = (Take(xTest, samples / 2), yTest[..Math.Min(samples / 2, yTest.Length)]);
    }
    // DenseNet's own preparation (keras.applications.densenet.preprocess_input): 0-255 to ImageNet-normalized values.
    (xTrain, xVal, xTest) = (Applications.DenseNet.PreprocessInput(xTrain), Applications.DenseNet.PreprocessInput(xVal), Applications.DenseNet.PreprocessInput(xTest));
    Console.WriteLine($"  training {xTrain.GetLength(0)}, validation {xVal.GetLength(0)}, test {xTest.GetLength(0)} images of 8×8×3, upscaled to {size}×{size} in the model");

    // 2. The lesson's model: inputs, upscale, a DenseNet121 base on that tensor, frozen, and a new head.
    ExampleRunner.Step("A frozen DenseNet121 base with a new head");
    Utils.SetRandomSeed(5);
    var (model, pretrained) = TransferModel(size);
    using var transfer = model;
    Console.WriteLine(pretrained
        ? "  the base has Keras's ImageNet weights (densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5)"
        : "  the ImageNet weights are not available offline: the base has RANDOM weights, so transfer learning cannot help here;\n" +
          "  put densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5 in KERAS_HOME/models (~/.keras/models) to use them");
    var summary = transfer.Summary();
    Console.WriteLine(string.Join('\n', summary.Split('\n').TakeLast(4)));

    transfer.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    var history = TrainingProgress.Fit("transfer", epochs, p => transfer.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32, validationData: (xVal, yVal),
        callbacks: [Callbacks.EarlyStopping(monitor: "val_accuracy", patience: 5, restoreBestWeights: true)], progress: p,
        cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(history, options.Output("transfer_accuracy.png"), keys: ["accuracy", "val_accuracy"],
        title: "Frozen DenseNet121 base: training and validation accuracy", yLabel: "accuracy"));
    Interruption.ThrowIfRequested();
    var transferScores = transfer.Evaluate(xTest, yTest);
    Console.WriteLine($"  frozen base: test loss {transferScores["loss"]:0.0000}, test accuracy {transferScores["accuracy"]:0.000}");

    // 3. Fine-tuning: unfreeze the base's last dense block, recompile with a small learning rate, train a little more.
    ExampleRunner.Step("Fine-tuning the last dense block");
    var unfrozen = transfer.Layers.Where(l => l.Name.StartsWith("conv5_block16", StringComparison.Ordinal) || l.Name is "bn").ToList();
    foreach (var layer in unfrozen)
    {
        layer.Trainable = true; // BatchNormalization layers stay in inference mode while frozen, and train once unfrozen
    }
    Console.WriteLine($"  unfrozen: {string.Join(", ", unfrozen.Select(l => l.Name))}");
    transfer.Compile(optimizer: Optimizers.Adam(learningRate: 1e-5), loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    var fineTuneEpochs = Math.Max(1, epochs / 3);
    TrainingProgress.Fit("fine-tune", fineTuneEpochs, p => transfer.Fit(xTrain, yTrain, epochs: fineTuneEpochs, batchSize: 32,
        validationData: (xVal, yVal), progress: p, cancellationToken: Interruption.Token));
    var tunedScores = transfer.Evaluate(xTest, yTest);
    Console.WriteLine($"  fine-tuned: test loss {tunedScores["loss"]:0.0000}, test accuracy {tunedScores["accuracy"]:0.000}");
    Interruption.ThrowIfRequested();

    // 4. The lesson's comparison: the same architecture trained from scratch (random weights, everything trainable).
    ExampleRunner.Step("The same network trained from scratch");
    using var scratch = ScratchModel(size);
    scratch.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    var scratchHistory = TrainingProgress.Fit("scratch", epochs, p => scratch.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32,
        validationData: (xVal, yVal), progress: p, cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(scratchHistory, options.Output("scratch_accuracy.png"), keys: ["accuracy", "val_accuracy"],
        title: "DenseNet121 from scratch: training and validation accuracy", yLabel: "accuracy"));
    var scratchScores = scratch.Evaluate(xTest, yTest);
    Console.WriteLine($"  from scratch: test loss {scratchScores["loss"]:0.0000}, test accuracy {scratchScores["accuracy"]:0.000}");
    Console.WriteLine($"  test accuracy: frozen base {transferScores["accuracy"]:0.000}, fine-tuned {tunedScores["accuracy"]:0.000}, " +
        $"from scratch {scratchScores["accuracy"]:0.000}{(pretrained ? "" : " (base without ImageNet weights)")}");
});

// inputs -> Resizing (the lesson's resize_with_pad) -> DenseNet121 base (frozen) -> Flatten, BatchNormalization, Dense(50),
// Dropout(0.5), Dense(10): the lesson's code, with the ImageNet weights when they can be had.
static (Model Model, bool Pretrained) TransferModel(int size)
{
    var inputs = Input(shape: [8, 8, 3]);
    var upscale = Layers.Resizing(size, size, padToAspectRatio: true).Apply(inputs);
    Model baseModel;
    var pretrained = true;
    try
    {
        baseModel = Applications.DenseNet121(includeTop: false, pooling: "max", weights: "imagenet", inputTensor: upscale, inputShape: [size, size, 3]);
    }
    catch (WeightsUnavailableException e)
    {
        Console.WriteLine($"  {e.Reason}");
        pretrained = false;
        baseModel = Applications.DenseNet121(includeTop: false, pooling: "max", weights: null, inputTensor: upscale, inputShape: [size, size, 3]);
    }
    using (baseModel)
    {
        baseModel.Trainable = false;
        var output = Head(baseModel.Output);
        return (Model(inputs: inputs, outputs: output, name: "transfer_model"), pretrained);
    }
}

static Model ScratchModel(int size)
{
    var inputs = Input(shape: [8, 8, 3]);
    var upscale = Layers.Resizing(size, size, padToAspectRatio: true).Apply(inputs);
    using var baseModel = Applications.DenseNet121(includeTop: false, pooling: "max", weights: null, inputTensor: upscale, inputShape: [size, size, 3]);
    return Model(inputs: inputs, outputs: Head(baseModel.Output), name: "scratch_model");
}

static KerasTensor Head(KerasTensor x)
{
    x = Layers.Flatten().Apply(x);
    x = Layers.BatchNormalization().Apply(x);
    x = Layers.Dense(50, activation: "relu").Apply(x);
    x = Layers.Dropout(0.5).Apply(x);
    return Layers.Dense(10).Apply(x);
}

static float[,,,] ToRgb(float[,,] gray)
{
    var (n, h, w) = (gray.GetLength(0), gray.GetLength(1), gray.GetLength(2));
    var rgb = new float[n, h, w, 3];
    for (var i = 0; i < n; i++)
    {
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < w; c++)
            {
                var value = gray[i, r, c] * 255f / 16f;
                rgb[i, r, c, 0] = rgb[i, r, c, 1] = rgb[i, r, c, 2] = value;
            }
        }
    }
    return rgb;
}

static float[,,,] Take(float[,,,] x, int count)
{
    count = Math.Min(count, x.GetLength(0));
    var result = new float[count, x.GetLength(1), x.GetLength(2), x.GetLength(3)];
    Buffer.BlockCopy(x, 0, result, 0, result.Length * sizeof(float));
    return result;
}

static int EnvironmentNumber(string name, int fallback)
{
    var text = Environment.GetEnvironmentVariable(name);
    if (string.IsNullOrWhiteSpace(text))
    {
        return fallback;
    }
    return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        ? value
        : throw new ArgumentException($"Expected {name} to be a whole number >= 0; got '{text}'.");
}
