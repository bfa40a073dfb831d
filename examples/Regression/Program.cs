// Episode 3, "Monitor the training process": a regression network, judged against a baseline, trained with
// validation data, then improved with EarlyStopping, BatchNormalization and Dropout.
// The lesson predicts tomorrow's sunshine hours in Basel from a weather data set it downloads; this example uses
// scikit-learn's diabetes data instead (shipped with scikit-learn, no download): predict disease progression one
// year later from ten baseline measurements of 442 patients. The steps are the lesson's.
// Each run also writes TensorBoard logs (OUTPUT/logs/<run>/train and /validation) to compare the runs:
// tensorboard --logdir examples/Regression/output/logs
// Run: dotnet run --project examples/Regression [-- --output DIR --epochs N]
using KerasBridge;
using KerasBridge.Examples;
using static KerasBridge.Keras;

return ExampleRunner.Run(args, "Episode 3: Monitor the training process (regression)", options =>
{
    var epochs = options.Epochs(200);

    // 1. The data: features and target, split into training, validation and test sets (70 / 15 / 15 %).
    ExampleRunner.Step("The diabetes data");
    var diabetes = Sklearn.LoadDiabetes();
    Console.WriteLine($"  {diabetes.Count} patients, features: {string.Join(", ", diabetes.FeatureNames)}");
    Console.WriteLine($"  target: disease progression one year later, {diabetes.Target.Min():0} to {diabetes.Target.Max():0}");
    var (xTrain, xRest, yTrain, yRest) = Sklearn.TrainTestSplit(diabetes.Data, diabetes.TargetColumn(), testSize: 0.3, randomState: 0);
    var (xVal, xTest, yVal, yTest) = Sklearn.TrainTestSplit(xRest, yRest, testSize: 0.5, randomState: 0);
    Console.WriteLine($"  training {xTrain.GetLength(0)}, validation {xVal.GetLength(0)}, test {xTest.GetLength(0)} samples");
    // Standardize with the training split's statistics, so every feature has mean 0 and standard deviation 1.
    var scaler = new StandardScaler().Fit(xTrain);
    (xTrain, xVal, xTest) = (scaler.Transform(xTrain), scaler.Transform(xVal), scaler.Transform(xTest));

    // 2. A baseline: always predict the training mean. A model is only useful when it beats this.
    ExampleRunner.Step("Baseline: predict the training mean for everyone");
    var trainMean = Column(yTrain).Average();
    var baselineRmse = Sklearn.RootMeanSquaredError(Column(yTest), Column(yTest).Select(_ => trainMean).ToArray());
    Console.WriteLine($"  training mean: {trainMean:0.0}");
    Console.WriteLine($"  baseline test RMSE: {baselineRmse:0.00}");

    // 3. The first network: two hidden ReLU layers, one linear output; mean squared error, RMSE as metric.
    ExampleRunner.Step("A dense network: 100 relu -> 50 relu -> 1");
    Utils.SetRandomSeed(2);
    using var first = CreateNn(xTrain.GetLength(1));
    Console.WriteLine(first.Summary());
    first.Compile(optimizer: "adam", loss: "mse", metrics: [Metrics.RootMeanSquaredError()]);
    var history = TrainingProgress.Fit("dense", epochs, p => first.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32, validationData: (xVal, yVal),
        callbacks: [Callbacks.TensorBoard(logDir: options.Output("logs/dense"))], progress: p, cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(history, options.Output("history.png"), title: "Dense network: loss (mean squared error)"));
    ExampleRunner.Wrote(Plots.History(history, options.Output("history_rmse.png"), keys: ["root_mean_squared_error", "val_root_mean_squared_error"],
        title: "Dense network: root mean squared error", yLabel: "RMSE"));
    Interruption.ThrowIfRequested();
    var firstRmse = Report(first, "dense", xTest, yTest, baselineRmse);
    ExampleRunner.Wrote(PredictionPlot(first, xTest, yTest, options.Output("predictions.png"), "Dense network: predicted vs true (test set)"));
    var best = history["val_loss"].Select((v, i) => (v, i)).MinBy(p => p.v);
    Console.WriteLine($"  lowest validation loss {best.v:0.0} at epoch {best.i + 1} of {history.Epoch.Count}: later epochs overfit the training data");

    // 4. Early stopping: stop when the validation loss has not improved for 10 epochs.
    ExampleRunner.Step("Early stopping (patience 10)");
    Utils.SetRandomSeed(2);
    using var early = CreateNn(xTrain.GetLength(1));
    early.Compile(optimizer: "adam", loss: "mse", metrics: [Metrics.RootMeanSquaredError()]);
    var earlyHistory = TrainingProgress.Fit("early stopping", epochs, p => early.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32,
        validationData: (xVal, yVal), callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 10),
            Callbacks.TensorBoard(logDir: options.Output("logs/early_stopping"))], progress: p,
        cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(earlyHistory, options.Output("history_early_stopping.png"), title: "Early stopping (patience 10): loss"));
    Interruption.ThrowIfRequested();
    var earlyRmse = Report(early, "early stopping", xTest, yTest, baselineRmse);

    // 5. Batch normalization of the inputs and dropout between the dense layers, with early stopping.
    ExampleRunner.Step("BatchNormalization and Dropout (with early stopping)");
    Utils.SetRandomSeed(2);
    using var regularized = CreateNnWithBatchNormAndDropout(xTrain.GetLength(1));
    Console.WriteLine(regularized.Summary());
    regularized.Compile(optimizer: "adam", loss: "mse", metrics: [Metrics.RootMeanSquaredError()]);
    var regularizedHistory = TrainingProgress.Fit("batchnorm + dropout", epochs, p => regularized.Fit(xTrain, yTrain, epochs: epochs, batchSize: 32,
        validationData: (xVal, yVal), callbacks: [Callbacks.EarlyStopping(monitor: "val_loss", patience: 10),
            Callbacks.TensorBoard(logDir: options.Output("logs/batchnorm_dropout"), histogramFreq: 1)], progress: p,
        cancellationToken: Interruption.Token));
    ExampleRunner.Wrote(Plots.History(regularizedHistory, options.Output("history_batchnorm_dropout.png"), title: "BatchNormalization + Dropout: loss"));
    Interruption.ThrowIfRequested();
    var regularizedRmse = Report(regularized, "batchnorm + dropout", xTest, yTest, baselineRmse);
    ExampleRunner.Wrote(PredictionPlot(regularized, xTest, yTest, options.Output("predictions_batchnorm_dropout.png"),
        "BatchNormalization + Dropout: predicted vs true (test set)"));

    ExampleRunner.Step("Test RMSE, lower is better");
    Console.WriteLine($"  baseline (training mean)   {baselineRmse,7:0.00}");
    Console.WriteLine($"  dense network              {firstRmse,7:0.00}  ({history.Epoch.Count} epochs)");
    Console.WriteLine($"  early stopping             {earlyRmse,7:0.00}  ({earlyHistory.Epoch.Count} epochs)");
    Console.WriteLine($"  batchnorm + dropout        {regularizedRmse,7:0.00}  ({regularizedHistory.Epoch.Count} epochs)");
    Console.WriteLine($"  TensorBoard logs of the three runs: {options.Output("logs")} (tensorboard --logdir {options.Output("logs")})");
});

// The lesson's create_nn(): the episode-3 network, built with the Functional API and named as the lesson names it.
static Model CreateNn(int features)
{
    var inputs = Input(shape: [features], name: "input");
    var layersDense = Layers.Dense(100, activation: "relu").Apply(inputs);
    layersDense = Layers.Dense(50, activation: "relu").Apply(layersDense);
    var outputs = Layers.Dense(1).Apply(layersDense);
    return Model(inputs: inputs, outputs: outputs, name: "weather_prediction_model");
}

// The same with batch normalization of the inputs and dropout between the dense layers.
static Model CreateNnWithBatchNormAndDropout(int features)
{
    var inputs = Input(shape: [features], name: "input");
    var x = Layers.BatchNormalization().Apply(inputs);
    x = Layers.Dense(100, activation: "relu").Apply(x);
    x = Layers.Dropout(0.2).Apply(x);
    x = Layers.Dense(50, activation: "relu").Apply(x);
    x = Layers.Dropout(0.2).Apply(x);
    var outputs = Layers.Dense(1).Apply(x);
    return Model(inputs: inputs, outputs: outputs, name: "model_batchnorm");
}

static double[] Column(float[,] values) => Enumerable.Range(0, values.GetLength(0)).Select(i => (double)values[i, 0]).ToArray();

static double Report(Model model, string name, float[,] xTest, float[,] yTest, double baseline)
{
    var rmse = Sklearn.RootMeanSquaredError(yTest, model.Predict(xTest));
    var scores = model.Evaluate(xTest, yTest);
    Console.WriteLine($"  {name}: test RMSE {rmse:0.00} (Keras evaluate: {scores["root_mean_squared_error"]:0.00}); baseline {baseline:0.00}: " +
                      (rmse < baseline ? "better than the baseline" : "NOT better than the baseline"));
    return rmse;
}

static string PredictionPlot(Model model, float[,] x, float[,] y, string path, string title) =>
    Plots.Scatter(Column(y), Column(model.Predict(x)), path, "true disease progression", "predicted disease progression", title, identityLine: true);
