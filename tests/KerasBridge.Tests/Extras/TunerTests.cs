using System.Globalization;
using KerasBridge.Tests.Keras;
using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// Tuner.GridSearch / RandomSearch on both engines, on a small deterministic problem: the trials' order and values
/// (keras_tuner's grid order and, for a seed, keras_tuner's random draws), scores taken at the objective's best epoch,
/// the best model holding that epoch's weights, keras_tuner's summary text, repeatability with a seed, and resuming
/// from the project folder.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TunerTests
{
    private static EngineKind Require(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return kind;
    }

    private static Func<HyperParameters, Model> Builder(EngineKind engine, List<string>? log = null) => hp =>
    {
        var units = hp.Int("units", 2, 4, step: 2);
        var optimizer = hp.Choice("optimizer", ["adam", "sgd"]);
        log?.Add($"{units}/{optimizer}");
        var model = KerasBridge.Keras.Sequential(
            [KerasBridge.Keras.Input([3]), Layers.Dense(units, activation: "relu"), Layers.Dense(2, activation: "softmax")], engine: engine);
        model.Compile(optimizer: optimizer, loss: "categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    };

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void GridSearchTriesEveryCombinationAndKeepsTheBestEpoch(string engine)
    {
        var kind = Require(engine);
        using var temp = new TempDirectory();
        var (x, y) = TensorBoardTests.Blobs(40, 5);
        var tuner = Tuner.GridSearch(Builder(kind), objective: "val_loss", seed: 11, directory: temp.Path, projectName: "grid");
        var reports = new List<TrialProgress>();
        var trials = tuner.Search(x, y, epochs: 4, batchSize: 8, validationSplit: 0.25, progress: new SynchronousProgress<TrialProgress>(reports.Add));

        // keras_tuner's grid: defaults first, the last hyperparameter fastest; ids padded to len(str(None)) = 4.
        Assert.Equal(["2/adam", "2/sgd", "4/adam", "4/sgd"], trials.Select(t => $"{t.Hyperparameters["units"]}/{t.Hyperparameters["optimizer"]}"));
        Assert.Equal(["0000", "0001", "0002", "0003"], trials.Select(t => t.TrialId));
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.All(trials, t => Assert.Equal(t.Score, t.Metrics["val_loss"]));
        Assert.Equal(4, reports.Count);
        Assert.Equal(trials.Min(t => t.Score), reports[^1].BestSoFar!.Score);

        var best = tuner.GetBestTrials(1)[0];
        Assert.Equal(trials.Min(t => t.Score), best.Score);
        Assert.Same(best.Hyperparameters, tuner.GetBestHyperparameters()[0]);
        // The saved model has the best epoch's weights: evaluating it on the validation rows gives the best val_loss.
        using var model = tuner.GetBestModels(1)[0];
        Assert.Equal(kind, model.Engine.Kind);
        var xVal = Rows(x, 30, 40);
        var yVal = Rows(y, 30, 40);
        var evaluated = model.Evaluate(xVal, yVal, batchSize: 8);
        Assert.True(Math.Abs(evaluated["loss"] - best.Score!.Value) <= 1e-5 * Math.Max(Math.Abs(best.Score.Value), 1e-2),
            $"best model's loss {evaluated["loss"]} vs the trial's score {best.Score}");

        // keras_tuner's results_summary text.
        var expected = string.Join(Environment.NewLine,
            ["Results summary", $"Results in {Path.Combine(temp.Path, "grid")}", "Showing 2 best trials", "Objective(name=\"val_loss\", direction=\"min\")"]) + Environment.NewLine;
        foreach (var t in trials.OrderBy(t => t.Score).Take(2))
        {
            expected += Environment.NewLine + $"Trial {t.TrialId} summary" + Environment.NewLine + "Hyperparameters:" + Environment.NewLine
                + $"units: {t.Hyperparameters["units"]}" + Environment.NewLine + $"optimizer: {t.Hyperparameters["optimizer"]}" + Environment.NewLine
                + $"Score: {PythonRepr(t.Score!.Value)}" + Environment.NewLine;
        }
        Assert.Equal(expected, tuner.ResultsSummary(2));

        // The same seed gives the same trials; reopening the folder resumes (nothing left to run).
        var again = Tuner.GridSearch(Builder(kind), objective: "val_loss", seed: 11, directory: temp.Path, projectName: "grid2")
            .Search(x, y, epochs: 4, batchSize: 8, validationSplit: 0.25);
        Assert.Equal(trials.Select(t => t.Score), again.Select(t => t.Score));
        var built = new List<string>();
        var resumed = Tuner.GridSearch(Builder(kind, built), objective: "val_loss", seed: 11, directory: temp.Path, projectName: "grid");
        Assert.Equal(trials.Select(t => t.Score), resumed.Trials.Select(t => t.Score));
        resumed.Search(x, y, epochs: 4, batchSize: 8, validationSplit: 0.25);
        Assert.Equal(["2/adam"], built); // only the model that finds the search space
        Assert.Equal(tuner.ResultsSummary(), resumed.ResultsSummary());
    }

    [Fact]
    public void AnInterruptedSearchResumesWhereItStopped()
    {
        using var temp = new TempDirectory();
        var (x, y) = TensorBoardTests.Blobs(24, 6);
        var first = Tuner.GridSearch(Builder(EngineKind.Torch), objective: "loss", maxTrials: 2, seed: 1, directory: temp.Path);
        first.Search(x, y, epochs: 2, batchSize: 8);
        Assert.Equal(["0", "1"], first.Trials.Select(t => t.TrialId));
        var built = new List<string>();
        var second = Tuner.GridSearch(Builder(EngineKind.Torch, built), objective: "loss", maxTrials: 4, seed: 1, directory: temp.Path);
        var trials = second.Search(x, y, epochs: 2, batchSize: 8);
        Assert.Equal(["2/adam", "4/adam", "4/sgd"], built); // discovery, then the two trials not yet run
        Assert.Equal(["0", "1", "2", "3"], trials.Select(t => t.TrialId));
        var fresh = Tuner.GridSearch(Builder(EngineKind.Torch), objective: "loss", maxTrials: 4, seed: 1, directory: temp.Path, overwrite: true);
        Assert.Empty(fresh.Trials);
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void RandomSearchDrawsKerasTunersValuesForTheSeed(string engine)
    {
        var kind = Require(engine);
        using var temp = new TempDirectory();
        var (x, y) = TensorBoardTests.Blobs(24, 7);
        Func<HyperParameters, Model> build = hp =>
        {
            hp.Int("units", 2, 16);
            hp.Float("rate", 1e-3, 1e-1, sampling: "log");
            var optimizer = hp.Choice("optimizer", ["adam", "sgd", "rmsprop"]);
            var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), Layers.Dense(2, activation: "softmax")], engine: kind);
            model.Compile(optimizer: optimizer, loss: "categorical_crossentropy");
            return model;
        };
        var tuner = Tuner.RandomSearch(build, objective: "loss", maxTrials: 3, seed: 42, directory: temp.Path);
        var trials = tuner.Search(x, y, epochs: 1, batchSize: 8);
        // keras_tuner: each hyperparameter is hp.prob_to_value(random.Random(seed_state).random()), seed_state += 1.
        var expected = PythonRuntime.Run(() =>
        {
            using var code = new PyString(
                "import random, math\n"
                + "def draws(seed, n):\n"
                + "    out = []\n"
                + "    for _ in range(n):\n"
                + "        u = int(random.Random(seed).random() * 15) + 2; seed += 1\n"
                + "        r = 1e-3 * math.pow(1e-1 / 1e-3, random.Random(seed).random()); seed += 1\n"
                + "        o = ['adam', 'sgd', 'rmsprop'][min(int(math.floor(random.Random(seed).random() / (1 / 3))), 2)]; seed += 1\n"
                + "        out.append(f'{u}/{r!r}/{o}')\n"
                + "    return out\n");
            using var scope = Py.CreateScope();
            scope.Exec(code.As<string>());
            using var result = scope.Eval("draws(42, 3)");
            return result.As<string[]>();
        });
        Assert.Equal(expected, trials.Select(t => $"{t.Hyperparameters["units"]}/{PythonRepr((double)t.Hyperparameters["rate"])}/{t.Hyperparameters["optimizer"]}"));
        Assert.Equal(["0", "1", "2"], trials.Select(t => t.TrialId));
    }

    [Fact]
    public void FailedTrialsAreRecordedAndBadArgumentsAreClear()
    {
        using var temp = new TempDirectory();
        var (x, y) = TensorBoardTests.Blobs(16, 8);
        var inner = Builder(EngineKind.Torch);
        var tuner = Tuner.GridSearch(hp => hp.Int("units", 2, 4, step: 2) == 4 && hp.Choice("optimizer", ["adam", "sgd"]) == "sgd"
            ? throw new InvalidOperationException("no such model") : inner(hp), objective: "loss", directory: temp.Path);
        var trials = tuner.Search(x, y, epochs: 1, batchSize: 8);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Failed], trials.Select(t => t.Status));
        Assert.Contains("no such model", trials[3].Message);
        Assert.Contains("no such model", tuner.ResultsSummary(10));

        var needsValidation = Tuner.GridSearch(inner, directory: temp.Path, projectName: "v");
        Assert.Equal("validationSplit", Assert.Throws<ArgumentException>(() => needsValidation.Search(x, y)).ParamName);
        Assert.Equal("maxTrials", Assert.Throws<ArgumentOutOfRangeException>(() => Tuner.RandomSearch(inner, maxTrials: 0)).ParamName);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Tuner.GridSearch(inner, objective: "loss", directory: temp.Path, projectName: "c").Search(x, y, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void VerbosePrintsKerasTunersTrialTable()
    {
        using var temp = new TempDirectory();
        var (x, y) = TensorBoardTests.Blobs(16, 9);
        var tuner = Tuner.GridSearch(Builder(EngineKind.Torch), objective: "loss", maxTrials: 2, directory: temp.Path);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            tuner.Search(x, y, epochs: 1, batchSize: 8, verbose: 1);
        }
        finally
        {
            Console.SetOut(previous);
        }
        var text = output.ToString();
        var n = Environment.NewLine;
        Assert.StartsWith($"{n}Search: Running Trial #1{n}{n}Value             |Best Value So Far |Hyperparameter{n}2                 |?                 |units{n}"
            + $"adam              |?                 |optimizer{n}{n}Trial 1 Complete [00h 00m 0", text);
        Assert.Contains($"loss: {PythonRepr(tuner.Trials[0].Score!.Value)}{n}{n}Best loss So Far: ", text);
        Assert.Contains($"2                 |2                 |units{n}sgd               |adam              |optimizer", text);
        Assert.Contains("Total elapsed time: 00h 00m 0", text);
    }

    private static string PythonRepr(double value) => PythonRuntime.Run(() =>
    {
        using var builtins = Py.Import("builtins");
        using var result = builtins.InvokeMethod("repr", new PyFloat(value));
        return result.As<string>();
    });

    private static float[,] Rows(float[,] a, int from, int to)
    {
        var r = new float[to - from, a.GetLength(1)];
        for (var i = from; i < to; i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                r[i - from, j] = a[i, j];
            }
        }
        return r;
    }
}
