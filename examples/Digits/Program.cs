// Episode 4, "Advanced layer types": a convolutional network for images.
// The lesson classifies CIFAR-10 photos (32×32×3, downloaded); this example uses scikit-learn's handwritten digits
// (8×8×1, shipped with scikit-learn, no download) with the same kinds of layers and steps: Conv2D, MaxPooling2D,
// Flatten, Dropout, logits with SparseCategoricalCrossentropy(from_logits=True), accuracy, EarlyStopping, evaluate.
// Last, the lesson's hyperparameter search (keras_tuner.GridSearch) on a smaller grid: KERASBRIDGE_TUNER_TRIALS and
// KERASBRIDGE_TUNER_EPOCHS set its size (default 2 trials of 3 epochs; the lesson's full grid is 4 x 2 = 8 trials).
// Run: dotnet run --project examples/Digits [-- --output DIR --epochs N]
using KerasBridge;
using KerasBridge.Examples;
using static KerasBridge.Keras;

return ExampleRunner.Run(args, "Episode 4: Advanced layer types (convolutional network, digits)", options =>
{
    var epochs = options.Epochs(30);

    // 1. The images: pixel values 0-16 scaled to [0, 1], one channel; labels 0-9 as class ids.
    ExampleRunner.Step("The digits data");
    var digits = Sklearn.LoadDigits();
    var images = digits.ImagesWithChannel(scale: 1f / 16);
    Console.WriteLine($"  {digits.Count} images of {images.GetLength(1)}×{images.GetLength(2)}×{images.GetLength(3)}, classes {string.Join(", ", digits.ClassNames)}");
    var (xTrainAll, xTest, yTrainAll, yTest) = Sklearn.TrainTestSplit(images, digits.Target, testSize: 0.2, randomState: 0, stratify: digits.Target);
    var (xTrain, xVal, yTrain, yVal) = Sklearn.TrainTestSplit(xTrainAll, yTrainAll, testSize: 0.2, randomState: 0, stratify: yTrainAll);
    Console.WriteLine($"  training {xTrain.GetLength(0)}, validation {xVal.GetLength(0)}, test {xTest.GetLength(0)} images");

    // 2. The network: two convolution + pooling blocks, flatten, dropout, a dense layer, 10 logits.
    ExampleRunner.Step("A convolutional network");
    Utils.SetRandomSeed(2);
    var inputs = Input(shape: [8, 8, 1]);
    var x = Layers.Conv2D(32, kernelSize: 3, activation: "relu", padding: Padding.Same).Apply(inputs);
    x = Layers.MaxPooling2D(poolSize: 2).Apply(x);
    x = Layers.Conv2D(32, kernelSize: 3, activation: "relu", padding: Padding.Same).Apply(x);
    x = Layers.MaxPooling2D(poolSize: 2).Apply(x);
    x = Layers.Flatten().Apply(x);
    x = Layers.Dropout(0.5).Apply(x);
    x = Layers.Dense(32, activation: "relu").Apply(x);
    var outputs = Layers.Dense(10).Apply(x);
    using var model = Model(inputs: inputs, outputs: outputs, name: "digits_model_small");
    Console.WriteLine(model.Summary());

    // 3. Logits out, so the loss applies the softmax itself: SparseCategoricalCrossentropy(from_logits=True).
    model.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    var history = TrainingProgress.Fit("digits", epochs, p => model.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32, validationData: (xVal, yVal),
        callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 5, restoreBestWeights: true)], progress: p,
        cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(history, options.Output("history_accuracy.png"), keys: ["accuracy", "val_accuracy"],
        title: "Digits: training and validation accuracy", yLabel: "accuracy"));
    ExampleRunner.Wrote(Plots.History(history, options.Output("history_loss.png"), title: "Digits: training and validation loss"));
    Interruption.ThrowIfRequested();

    // 4. Evaluate on the test images the network has never seen.
    ExampleRunner.Step("Evaluation on the test set");
    var scores = model.Evaluate(xTest, yTest);
    Console.WriteLine($"  test loss {scores["loss"]:0.0000}, test accuracy {scores["accuracy"]:0.000}");
    var logits = model.Predict(xTest);
    var predicted = Enumerable.Range(0, logits.GetLength(0))
        .Select(i => Enumerable.Range(0, 10).MaxBy(j => logits[i, j])).ToArray();
    var matrix = Sklearn.ConfusionMatrix(yTest, predicted, labels: Enumerable.Range(0, 10).ToArray());
    Console.WriteLine(Text.ConfusionMatrix(matrix, digits.ClassNames));
    Console.WriteLine($"  accuracy from the confusion matrix: {Text.Accuracy(matrix):0.000}");
    ExampleRunner.Wrote(Plots.Heatmap(matrix, digits.ClassNames, options.Output("confusion_matrix.png"), title: "Digits: confusion matrix (test set)"));
    Interruption.ThrowIfRequested();

    // 5. Hyperparameter search, as the lesson does with keras_tuner: the number of filters and of dense units.
    ExampleRunner.Step("Hyperparameter search (grid)");
    var trials = int.TryParse(Environment.GetEnvironmentVariable("KERASBRIDGE_TUNER_TRIALS"), out var t) && t > 0 ? t : 2;
    var tunerEpochs = int.TryParse(Environment.GetEnvironmentVariable("KERASBRIDGE_TUNER_EPOCHS"), out var e) && e > 0 ? e : Math.Min(3, epochs);
    var tuner = Tuner.GridSearch(hp => BuildModel(hp.Int("filters", 8, 32, step: 8), hp.Choice("units", [16, 32])),
        objective: "val_loss", maxTrials: trials, seed: 2, directory: options.Output("tuner"), projectName: "digits", overwrite: true);
    tuner.Search(xTrain, yTrain, epochs: tunerEpochs, batchSize: 32, validationData: (xVal, yVal), cancellationToken: Interruption.Token);
    Console.Write(tuner.ResultsSummary());
    var bestHp = tuner.GetBestHyperparameters()[0];
    using var bestModel = tuner.GetBestModels(1)[0];
    var (bestLoss, bestAccuracy) = bestModel.Evaluate(xTest, yTest);
    Console.WriteLine($"  best: filters {bestHp["filters"]}, units {bestHp["units"]}: test loss {bestLoss:0.0000}, test accuracy {bestAccuracy:0.000}");
});

static Model BuildModel(int filters, int units)
{
    var model = Sequential(
        Input(shape: [8, 8, 1]),
        Layers.Conv2D(filters, kernelSize: 3, activation: "relu", padding: Padding.Same),
        Layers.MaxPooling2D(poolSize: 2),
        Layers.Flatten(),
        Layers.Dense(units, activation: "relu"),
        Layers.Dense(10));
    model.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    return model;
}
