// Episode 2, "Classification by a neural network using Keras": the Palmer penguins.
// The data (data/penguins.csv) is the Palmer Archipelago penguin data: Gorman KB, Williams TD, Fraser WR (2014),
// Palmer Station Antarctica LTER, made available as the palmerpenguins data set by Allison Horst (CC0); see README.md.
// Run: dotnet run --project examples/Penguins [-- --output DIR --epochs N]
using KerasBridge;
using KerasBridge.Examples;
using static KerasBridge.Keras;

return ExampleRunner.Run(args, "Episode 2: Classification by a neural network (penguins)", options =>
{
    string[] featureColumns = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"];
    var epochs = options.Epochs(100);

    // 1-2. Load the data and look at it.
    ExampleRunner.Step("The penguins data");
    var penguins = DataTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv"));
    Console.WriteLine(penguins.Head().Format());
    Console.WriteLine($"  shape: ({penguins.Shape.Rows}, {penguins.Shape.Columns})");
    Console.WriteLine($"  species: {string.Join(", ", penguins.Unique("species"))}");
    ExampleRunner.Wrote(Plots.Pairplot(penguins, "species", options.Output("pairplot.png"), title: "Penguin measurements by species"));

    // 3. Prepare: drop island and sex, drop rows with missing values, features and one-hot species.
    ExampleRunner.Step("Preparing the data");
    var filtered = penguins.DropColumns("island", "sex").DropNA();
    Console.WriteLine($"  after drop(columns=[island, sex]).dropna(): ({filtered.Shape.Rows}, {filtered.Shape.Columns})");
    var features = filtered.ToFloatMatrix(featureColumns);
    var target = filtered.OneHot("species");
    Console.WriteLine($"  features: {features.GetLength(0)} × {features.GetLength(1)} ({string.Join(", ", featureColumns)})");
    Console.WriteLine($"  one-hot target columns (get_dummies): {string.Join(", ", target.Classes)}");
    var (xTrain, xTest, yTrain, yTest) = Sklearn.TrainTestSplit(features, target.Values, testSize: 0.2, randomState: 0, shuffle: true, stratify: target.Values);
    Console.WriteLine($"  train_test_split(test_size=0.2, random_state=0, stratify): {xTrain.GetLength(0)} training, {xTest.GetLength(0)} test samples");

    // 4-6. Build, compile and train the network: 4 inputs, 10 ReLU neurons, 3 softmax outputs.
    ExampleRunner.Step("Building and training the model");
    Utils.SetRandomSeed(2);
    // The lesson builds it with the Functional API: an input, a hidden layer applied to it, an output layer applied to that.
    var inputs = Input(shape: [xTrain.GetLength(1)]);
    var hiddenLayer = Layers.Dense(10, activation: "relu").Apply(inputs);
    var outputLayer = Layers.Dense(3, activation: "softmax").Apply(hiddenLayer);
    using var model = Model(inputs: inputs, outputs: outputLayer);
    // Optional in the lesson: keras.utils.plot_model(model, show_shapes=True) draws the network (needs Graphviz).
    try
    {
        ExampleRunner.Wrote(Utils.PlotModel(model, options.Output("model.png"), showShapes: true, showLayerNames: true, showLayerActivations: true));
    }
    catch (GraphvizNotFoundException e)
    {
        Console.WriteLine($"  (model drawing skipped: {e.Message})");
    }
    Console.WriteLine(model.Summary());
    model.Compile(optimizer: "adam", loss: Losses.CategoricalCrossentropy());
    var history = TrainingProgress.Fit("penguins", epochs, progress => model.Fit(xTrain, yTrain, epochs: epochs, progress: progress,
        cancellationToken: Interruption.Token));
    Console.WriteLine($"  loss: {history["loss"][0]:0.0000} after the first epoch, {history["loss"][^1]:0.0000} after the last");
    if (history["loss"][^1] > 0.9 * history["loss"][0])
    {
        // Body mass (thousands of grams) dwarfs the other features: the softmax saturates and learning stalls.
        Console.WriteLine("  the loss hardly moved: the raw features have very different scales (see the exercise below)");
    }
    ExampleRunner.Wrote(Plots.History(history, options.Output("training_loss.png"), title: "Penguins: training loss (raw features)"));
    if (history.Cancelled)
    {
        // Ctrl+C or SIGTERM stopped training after its current batch: keep the partly trained model as well, then
        // end here (ExampleRunner reports the cancellation and exits 0).
        model.Save(options.Output("my_first_model.keras"));
        ExampleRunner.Wrote(options.Output("my_first_model.keras"));
        Interruption.ThrowIfRequested();
    }

    // 7. Predict species and compare with the truth.
    ExampleRunner.Step("Predictions and confusion matrix");
    var yPred = model.Predict(xTest);
    var predictedSpecies = target.Decode(yPred);
    var trueSpecies = target.Decode(yTest);
    var matrix = Sklearn.ConfusionMatrix(trueSpecies, predictedSpecies, labels: target.Classes.ToArray());
    Console.WriteLine(Text.ConfusionMatrix(matrix, target.Classes));
    Console.WriteLine($"  test accuracy (raw features): {Text.Accuracy(matrix):0.000}");
    ExampleRunner.Wrote(Plots.Heatmap(matrix, target.Classes, options.Output("confusion_matrix.png"), title: "Penguins: confusion matrix (raw features)"));

    // 8. Save the model, load it again and check it predicts the same.
    ExampleRunner.Step("Saving and loading the model");
    var file = options.Output("my_first_model.keras");
    model.Save(file);
    Console.WriteLine($"  saved {file}");
    using var pretrained = Models.LoadModel(file);
    var again = pretrained.Predict(xTest);
    var identical = again.Cast<float>().SequenceEqual(yPred.Cast<float>());
    Console.WriteLine(identical
        ? $"  the loaded model's predictions are identical to the original's ({again.GetLength(0)} × {again.GetLength(1)} values)"
        : "  the loaded model's predictions DIFFER from the original's");

    // Exercise: standardize the features (statistics of the training split only) and train the same network again.
    ExampleRunner.Step("Exercise: standardized features");
    var scaler = new StandardScaler().Fit(xTrain);
    var xTrainScaled = scaler.Transform(xTrain);
    var xTestScaled = scaler.Transform(xTest);
    Console.WriteLine($"  training means: {string.Join(", ", scaler.Mean.Select(m => m.ToString("0.##")))}");
    Console.WriteLine($"  training standard deviations: {string.Join(", ", scaler.Scale.Select(s => s.ToString("0.##")))}");
    Utils.SetRandomSeed(2);
    // The lesson's optional exercise writes the same network as keras.Sequential.
    using var standardized = Sequential(Input(shape: [4]), Layers.Dense(10, activation: "relu"), Layers.Dense(3, activation: "softmax"));
    standardized.Compile(optimizer: "adam", loss: Losses.CategoricalCrossentropy(), metrics: ["accuracy"]);
    var scaledHistory = TrainingProgress.Fit("penguins (standardized)", epochs,
        progress => standardized.Fit(xTrainScaled, yTrain, epochs: epochs, progress: progress, cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(scaledHistory, options.Output("training_standardized.png"), keys: ["loss", "accuracy"],
        title: "Penguins: training with standardized features", yLabel: "loss / accuracy"));
    Interruption.ThrowIfRequested();
    var scaledMatrix = Sklearn.ConfusionMatrix(trueSpecies, target.Decode(standardized.Predict(xTestScaled)), labels: target.Classes.ToArray());
    Console.WriteLine(Text.ConfusionMatrix(scaledMatrix, target.Classes));
    Console.WriteLine($"  test accuracy (standardized features): {Text.Accuracy(scaledMatrix):0.000}");
    Console.WriteLine($"  Keras evaluate on the test split: accuracy {standardized.Evaluate(xTestScaled, yTest)["accuracy"]:0.000}");
    ExampleRunner.Wrote(Plots.Heatmap(scaledMatrix, target.Classes, options.Output("confusion_matrix_standardized.png"),
        title: "Penguins: confusion matrix (standardized features)"));
});
