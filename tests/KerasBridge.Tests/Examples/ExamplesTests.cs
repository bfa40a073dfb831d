using System.Globalization;
using System.Text.RegularExpressions;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Examples;

/// <summary>
/// Runs every lesson example as a real process (dotnet examples/NAME/bin/.../NAME.dll) with its output redirected,
/// checks the numbers it prints and that each PNG it writes is a real chart. Regression and Digits train fewer epochs
/// (KERASBRIDGE_EPOCHS); Penguins trains the lesson's 100, which take about two seconds, because its accuracy claim
/// is about that run.
/// </summary>
public sealed class ExamplesTests : IDisposable
{
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    private ProcessRunner.Result RunExample(string name, int? epochs = null, params string[] arguments)
    {
        var assembly = TestPaths.ExampleAssembly(name);
        Assert.True(File.Exists(assembly), $"example not built: {assembly}");
        var result = ProcessRunner.Run("dotnet", [assembly, .. arguments], new Dictionary<string, string?>
        {
            ["KERASBRIDGE_OUTPUT"] = _output.Path,
            ["KERASBRIDGE_EPOCHS"] = epochs?.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(result.ExitCode == 0, $"{name} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        Assert.DoesNotContain("Traceback", result.StandardError);
        return result;
    }

    private string Output(string file) => Path.Combine(_output.Path, file);

    private void RequireCharts(params string[] files)
    {
        foreach (var file in files)
        {
            Png.RequireChart(Output(file));
        }
        Assert.Empty(Directory.GetFiles(_output.Path, "*.tmp"));
    }

    private static double Number(string output, string pattern)
    {
        var match = Regex.Match(output, pattern + @"\s*(-?\d+(?:\.\d+)?)");
        Assert.True(match.Success, $"'{pattern}' followed by a number not found in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void IntroductionPrintsTheExerciseAnswers()
    {
        var output = RunExample("Introduction").StandardOutput;
        Assert.Equal(1.25, Number(output, "the Keras neuron outputs:"));
        Assert.Matches(@"0\s+0 \|\s+0\r?\n\s+0\s+1 \|\s+1\r?\n\s+1\s+0 \|\s+1\r?\n\s+1\s+1 \|\s+0", output);
        Assert.Contains("outputs 0, 1, 1, 0: the network computes XOR", output);
        Assert.Contains("squared errors: 4, 9, 0, 1", output);
        Assert.Equal(3.5, Number(output, @"mean squared error \(Keras MeanSquaredError\):"));
        Assert.Equal(1.125, Number(output, @"Huber loss, delta 1 \(Keras Huber\):"));
        RequireCharts("activations.png", "losses.png");
    }

    [Fact]
    public void PenguinsFollowsTheLessonAndStandardizingReachesNinetyPercent()
    {
        var output = RunExample("Penguins").StandardOutput;
        Assert.Contains("shape: (344, 7)", output);
        Assert.Contains("dropna(): (342, 5)", output);
        Assert.Contains("273 training, 69 test samples", output);
        // The lesson's Functional model, built first thing in the process, prints what Keras prints for the same code.
        Assert.Contains(File.ReadAllText(Path.Combine(TestPaths.Keras3Fixtures, "functional-api", "lesson_ep2_autonames.summary.txt")), output);
        // Redirected output: one plain line per epoch, no live bar.
        Assert.Matches(@"penguins: epoch\s+1/100 - loss: \d+\.\d{4}", output);
        Assert.Contains("penguins: epoch 100/100 - loss:", output);
        Assert.Contains("the loaded model's predictions are identical to the original's (69 × 3 values)", output);
        var accuracy = Number(output, @"test accuracy \(standardized features\):");
        Assert.True(accuracy >= 0.9, $"standardized test accuracy {accuracy} should be at least 0.9");
        Assert.Equal(accuracy, Number(output, "Keras evaluate on the test split: accuracy"), 3);
        Assert.True(new FileInfo(Output("my_first_model.keras")).Length > 1000);
        RequireCharts("pairplot.png", "training_loss.png", "confusion_matrix.png", "training_standardized.png", "confusion_matrix_standardized.png");
        // The model drawn as keras.utils.plot_model draws it (where Graphviz is installed).
        if (ProcessRunner.Run("dot", ["-V"]).ExitCode == 0)
        {
            Assert.True(Png.Read(Output("model.png")).Height > 300);
        }
        else
        {
            Assert.Contains("model drawing skipped", output);
        }
    }

    [Fact]
    public void RegressionBeatsTheBaselineAndPlotsHistoryAndPredictions()
    {
        var output = RunExample("Regression", epochs: 40).StandardOutput;
        Assert.Contains("training 309, validation 66, test 67 samples", output);
        var baseline = Number(output, "baseline test RMSE:");
        Assert.InRange(baseline, 50, 80);
        Assert.Matches(@"dense: epoch\s+1/40 - loss: \d+\.\d{4} - val_loss: \d+\.\d{4} - root_mean_squared_error", output);
        var dense = Number(output, "dense: test RMSE");
        Assert.True(dense < baseline, $"dense network RMSE {dense} should beat the baseline {baseline}");
        Assert.Equal(dense, Number(output, @"dense: test RMSE \d+\.\d+ \(Keras evaluate:"), 1);
        Assert.Contains("batchnorm + dropout: test RMSE", output);
        RequireCharts("history.png", "history_rmse.png", "predictions.png", "history_early_stopping.png", "history_batchnorm_dropout.png",
            "predictions_batchnorm_dropout.png");
        // TensorBoard logs of the three runs, in Keras's layout.
        foreach (var run in new[] { "dense", "early_stopping", "batchnorm_dropout" })
        {
            foreach (var part in new[] { "train", "validation" })
            {
                Assert.Single(Directory.GetFiles(Output(Path.Combine("logs", run, part)), "events.out.tfevents.*"));
            }
        }
    }

    [Fact]
    public void DigitsTrainsAConvolutionalNetworkAndEvaluatesIt()
    {
        var output = RunExample("Digits", epochs: 6).StandardOutput;
        Assert.Contains("1797 images of 8×8×1", output);
        Assert.Contains("training 1149, validation 288, test 360 images", output);
        Assert.Matches(@"digits: epoch 1/6 - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}", output);
        var accuracy = Number(output, @"test accuracy");
        Assert.True(accuracy > 0.7, $"test accuracy after 6 epochs {accuracy} should be above 0.7");
        Assert.Equal(accuracy, Number(output, "accuracy from the confusion matrix:"), 3);
        RequireCharts("history_accuracy.png", "history_loss.png", "confusion_matrix.png");
        // The small grid search: keras_tuner's summary of its 2 trials and the best model's test scores.
        Assert.Contains("Results summary", output);
        Assert.Contains("Objective(name=\"val_loss\", direction=\"min\")", output);
        Assert.Matches(@"Trial 0 summary\r?\nHyperparameters:\r?\nfilters: 8\r?\nunits: 16\r?\nScore: \d", output);
        Assert.Matches(@"best: filters \d+, units \d+: test loss \d+\.\d{4}, test accuracy \d\.\d{3}", output);
    }

    [Fact]
    public void TransferLearningTrainsAFrozenDenseNetBaseFineTunesAndComparesWithScratch()
    {
        // The default engine builds it; the PyTorch engine lacks Resizing and DenseNet's layers until they are merged.
        EngineSupport.RequireKeras();
        var output = RunExample("TransferLearning").StandardOutput;
        Assert.Contains("training 200, validation 50, test 100 images of 8×8×3, upscaled to 32×32 in the model", output);
        // Offline (as in CI) the base says plainly that it has random weights; with the cached file, that it has ImageNet's.
        Assert.True(output.Contains("the base has RANDOM weights", StringComparison.Ordinal)
            || output.Contains("the base has Keras's ImageNet weights", StringComparison.Ordinal), output);
        Assert.Contains("Non-trainable params: 7,039,552", output);
        Assert.Matches(@"transfer: epoch 2/2 - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}", output);
        Assert.Contains("unfrozen: conv5_block16_0_bn,", output);
        foreach (var label in new[] { "frozen base: test loss", "fine-tuned: test loss", "from scratch: test loss" })
        {
            Assert.InRange(Number(output, label), 0, 100);
        }
        var accuracy = Number(output, "test accuracy: frozen base");
        Assert.InRange(accuracy, 0, 1);
        RequireCharts("transfer_accuracy.png", "scratch_accuracy.png");
    }

    [Fact]
    public void BadOptionsExitWithAUsageMessage()
    {
        var result = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("Introduction"), "--epochs", "zero"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Expected --epochs to be a whole number > 0; got 'zero'", result.StandardError);
        Assert.Contains("Usage:", result.StandardError);
    }
}
