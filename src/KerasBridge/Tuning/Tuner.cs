using System.Diagnostics;
using System.Globalization;

namespace KerasBridge;

/// <summary>
/// Hyperparameter search shaped like keras_tuner: a function builds and compiles a model from <see cref="HyperParameters"/>,
/// <see cref="Search"/> trains one model per trial and scores it by the objective's best epoch, and the best
/// hyperparameters and models can be asked for. Works on either engine (it only uses <see cref="Model"/>). Trials are
/// saved under <c>directory/projectName</c> (one folder per trial, with the model at its best epoch), so running the
/// same search again resumes it unless <c>overwrite</c> is set.
/// </summary>
/// <example><code>
/// var tuner = Tuner.GridSearch(hp => BuildModel(hp.Int("units", 16, 64, step: 16), hp.Choice("optimizer", ["adam", "sgd"])),
///     objective: "val_loss", maxTrials: 10);
/// tuner.Search(x, y, epochs: 10, validationSplit: 0.2);
/// Console.Write(tuner.ResultsSummary());
/// using var best = tuner.GetBestModels(1)[0];
/// </code></example>
public sealed class Tuner
{
    private const int MaxConsecutiveFailedTrials = 3;
    private readonly Func<HyperParameters, Model> _hypermodel;
    private readonly Oracle _oracle;
    private readonly List<Trial> _trials;
    private List<HyperParameter> _space = [];
    private Engine? _engine;

    private Tuner(string kind, Func<HyperParameters, Model> hypermodel, Objective? objective, int? maxTrials, int? seed,
        string? directory, string projectName, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(hypermodel);
        if (maxTrials is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, $"Expected maxTrials > 0 (or null for no limit); got {maxTrials}.");
        }
        if (string.IsNullOrWhiteSpace(projectName) || projectName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"Expected a folder name for projectName; got {(projectName is null ? "null" : $"'{projectName}'")}.", nameof(projectName));
        }
        Kind = kind;
        _hypermodel = hypermodel;
        Objective = objective ?? "val_loss";
        MaxTrials = maxTrials;
        Seed = seed;
        Directory = string.IsNullOrWhiteSpace(directory) ? "." : directory;
        ProjectName = projectName;
        ProjectDir = Path.GetFullPath(Path.Combine(Directory, projectName));
        _oracle = kind == nameof(GridSearch) ? new GridOracle() : new RandomOracle(seed);
        if (overwrite && System.IO.Directory.Exists(ProjectDir))
        {
            System.IO.Directory.Delete(ProjectDir, recursive: true);
        }
        _trials = TunerFiles.ReadAll(ProjectDir);
        _space = _trials.Count == 0 ? [] : [.. _trials[^1].Hyperparameters.Space];
    }

    /// <summary>
    /// <c>keras_tuner.GridSearch</c>: every combination of the hyperparameters' values, defaults first and the last
    /// hyperparameter varying fastest, until the grid or <paramref name="maxTrials"/> is exhausted.
    /// </summary>
    /// <param name="hypermodel">Builds and compiles a model from the trial's hyperparameters.</param>
    /// <param name="objective">The History key to optimize ("val_loss" by default; direction inferred) or an <see cref="KerasBridge.Objective"/>.</param>
    /// <param name="maxTrials">The most trials to run (null: the whole grid).</param>
    /// <param name="seed">Seeds the engine before each trial's model is built (seed + trial index), so trials repeat.</param>
    /// <param name="directory">Where the project folder goes (default: the current folder).</param>
    /// <param name="projectName">The project folder's name.</param>
    /// <param name="overwrite">Start afresh instead of resuming the trials saved in the project folder.</param>
    public static Tuner GridSearch(Func<HyperParameters, Model> hypermodel, Objective? objective = null, int? maxTrials = null, int? seed = null,
        string? directory = null, string projectName = "untitled_project", bool overwrite = false) =>
        new(nameof(GridSearch), hypermodel, objective, maxTrials, seed, directory, projectName, overwrite);

    /// <summary><c>keras_tuner.RandomSearch</c>: values drawn at random (as keras_tuner draws them for the seed), without repeats.</summary>
    /// <inheritdoc cref="GridSearch" path="/param"/>
    public static Tuner RandomSearch(Func<HyperParameters, Model> hypermodel, Objective? objective = null, int maxTrials = 10, int? seed = null,
        string? directory = null, string projectName = "untitled_project", bool overwrite = false) =>
        new(nameof(RandomSearch), hypermodel, objective, maxTrials, seed, directory, projectName, overwrite);

    /// <summary>"GridSearch" or "RandomSearch".</summary>
    public string Kind { get; }

    /// <summary>What the search optimizes.</summary>
    public Objective Objective { get; }

    /// <summary>The most trials run (null: no limit).</summary>
    public int? MaxTrials { get; }

    /// <summary>The seed, or null.</summary>
    public int? Seed { get; }

    /// <summary>The folder the project folder is in, as given.</summary>
    public string Directory { get; }

    /// <summary>The project folder's name.</summary>
    public string ProjectName { get; }

    /// <summary>The project folder (full path).</summary>
    public string ProjectDir { get; }

    /// <summary>Every trial so far (resumed ones included), in order.</summary>
    public IReadOnlyList<Trial> Trials => _trials;

    /// <summary>The search space found so far (the model-building function's requests).</summary>
    public IReadOnlyList<HyperParameter> SearchSpace => _space;

    /// <summary>
    /// Runs the search, as <c>tuner.search(x, y, epochs=..., validation_split=...)</c>: one <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/> per trial
    /// with these arguments, scored by the objective's best epoch (whose weights the saved model keeps).
    /// </summary>
    /// <param name="x">Inputs, as for <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>.</param>
    /// <param name="y">Targets, as for <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>.</param>
    /// <param name="epochs">Epochs per trial.</param>
    /// <param name="batchSize">Samples per gradient step.</param>
    /// <param name="validationSplit">Fraction of the data held out for validation (needed for a val_ objective without validationData).</param>
    /// <param name="validationData">Separate validation inputs and targets.</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Callbacks given to every trial's Fit.</param>
    /// <param name="verbose">1: print keras_tuner's trial table and results to the console; 0: silent.</param>
    /// <param name="progress">Receives each finished trial.</param>
    /// <param name="cancellationToken">Stops the current trial's training; the search then throws <see cref="OperationCanceledException"/> (that trial is not saved, so a rerun resumes with it).</param>
    /// <returns>All trials, the earlier saved ones included.</returns>
    public IReadOnlyList<Trial> Search(Array x, Array y, int epochs = 1, int batchSize = 32, double validationSplit = 0.0,
        (Array X, Array Y)? validationData = null, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null, int verbose = 0,
        IProgress<TrialProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (epochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Expected epochs > 0; got {epochs}.");
        }
        if (verbose is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(verbose), verbose, $"Expected verbose 0 or 1; got {verbose}.");
        }
        if (Objective.Name.StartsWith("val_", StringComparison.Ordinal) && validationSplit == 0 && validationData is null)
        {
            throw new ArgumentException(
                $"The objective '{Objective.Name}' is a validation value: pass validationSplit or validationData (or use an objective without val_).",
                nameof(validationSplit));
        }
        var clock = Stopwatch.StartNew();
        DiscoverSpace();
        var failures = 0;
        while (MaxTrials is not { } max || _trials.Count < max)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = _oracle.Next(_space, _trials);
            if (values is null)
            {
                break;
            }
            var number = _trials.Count + 1;
            var trialId = (number - 1).ToString(CultureInfo.InvariantCulture).PadLeft((MaxTrials?.ToString(CultureInfo.InvariantCulture) ?? "None").Length, '0');
            if (verbose == 1)
            {
                Console.Out.Write(TunerDisplay.TrialBegin(number, Best(1).FirstOrDefault(), OrderedValues(values)));
            }
            var started = clock.Elapsed;
            var trial = RunTrial(trialId, number - 1, values, x, y, epochs, batchSize, validationSplit, validationData, shuffle, callbacks, cancellationToken);
            TunerFiles.Write(trial);
            _trials.Add(trial);
            var best = Best(1).FirstOrDefault();
            if (verbose == 1)
            {
                Console.Out.Write(TunerDisplay.TrialEnd(number, clock.Elapsed - started, trial, Objective, best, clock.Elapsed));
            }
            progress?.Report(new TrialProgress(trial, number, best));
            failures = trial.Status == TrialStatus.Failed ? failures + 1 : 0;
            if (failures >= MaxConsecutiveFailedTrials)
            {
                throw new InvalidOperationException(
                    $"{MaxConsecutiveFailedTrials} consecutive trials failed; the last one with: {trial.Message}");
            }
        }
        return _trials;
    }

    /// <summary>Builds one model with the defaults so the space is known before the first trial (keras_tuner's _populate_initial_space).</summary>
    private void DiscoverSpace()
    {
        var hp = new HyperParameters(_space, new Dictionary<string, object>());
        using var model = _hypermodel(hp) ?? throw new InvalidOperationException("The model-building function returned null; it must return a compiled Model.");
        _engine = model.Engine;
        _space = [.. hp.Space];
    }

    private Dictionary<string, object> OrderedValues(Dictionary<string, object> values) =>
        _space.Where(h => values.ContainsKey(h.Name)).ToDictionary(h => h.Name, h => values[h.Name]);

    private Trial RunTrial(string trialId, int index, Dictionary<string, object> values, Array x, Array y, int epochs, int batchSize,
        double validationSplit, (Array X, Array Y)? validationData, bool shuffle, IReadOnlyList<Callback>? callbacks, CancellationToken cancellationToken)
    {
        var directory = TunerFiles.TrialDirectory(ProjectDir, trialId);
        var hp = new HyperParameters(_space, values);
        try
        {
            if (Seed is { } seed)
            {
                (_engine ?? Engine.Current).SetRandomSeed(seed + index);
            }
            using var model = _hypermodel(hp) ?? throw new InvalidOperationException("The model-building function returned null; it must return a compiled Model.");
            _space = [.. hp.Space];
            // keras_tuner keeps the best epoch's weights (SaveBestEpoch); EarlyStopping that never stops does the same.
            var keepBest = new EarlyStopping(monitor: Objective.Name, patience: epochs, mode: Objective.Direction == "min" ? MonitorMode.Min : MonitorMode.Max,
                restoreBestWeights: true);
            var history = model.Fit(x, y, epochs, batchSize, validationSplit, validationData, shuffle, [.. callbacks ?? [], keepBest],
                cancellationToken: cancellationToken);
            if (history.Cancelled)
            {
                throw new OperationCanceledException("The search was cancelled during trial " + trialId + ".", cancellationToken);
            }
            if (!history.Values.TryGetValue(Objective.Name, out var series))
            {
                throw new InvalidOperationException(
                    $"The objective '{Objective.Name}' is not in the History; its keys are: {string.Join(", ", history.Keys)}.");
            }
            // tuner_utils._get_best_value_and_best_epoch_from_history: the first epoch strictly better than all before.
            var bestEpoch = 0;
            for (var epoch = 1; epoch < series.Count; epoch++)
            {
                if (Objective.BetterThan(series[epoch], series[bestEpoch]))
                {
                    bestEpoch = epoch;
                }
            }
            System.IO.Directory.CreateDirectory(directory);
            model.Save(Path.Combine(directory, TunerFiles.ModelFile));
            return new Trial
            {
                TrialId = trialId,
                Hyperparameters = hp,
                Metrics = history.Values.ToDictionary(kv => kv.Key, kv => kv.Value[bestEpoch]),
                Score = series[bestEpoch],
                BestStep = bestEpoch,
                Status = TrialStatus.Completed,
                Directory = directory,
            };
        }
        catch (ArgumentException) when (_trials.All(t => t.Status != TrialStatus.Completed))
        {
            throw; // bad data or arguments, not a bad hyperparameter: say so at once
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Trial
            {
                TrialId = trialId,
                Hyperparameters = hp,
                Metrics = new Dictionary<string, double>(),
                Status = TrialStatus.Failed,
                Message = $"{e.GetType().Name}: {e.Message}",
                Directory = directory,
            };
        }
    }

    private IEnumerable<Trial> Best(int count)
    {
        var completed = _trials.Where(t => t.Status == TrialStatus.Completed && t.Score is not null);
        // keras_tuner's get_best_trials: a stable sort by score.
        var sorted = Objective.Direction == "max" ? completed.OrderByDescending(t => t.Score) : completed.OrderBy(t => t.Score);
        return sorted.Take(count);
    }

    /// <summary>The best completed trials, best first.</summary>
    public IReadOnlyList<Trial> GetBestTrials(int numTrials = 1)
    {
        if (numTrials <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numTrials), numTrials, $"Expected numTrials > 0; got {numTrials}.");
        }
        return Best(numTrials).ToList();
    }

    /// <summary><c>tuner.get_best_hyperparameters(num_trials)</c>: the hyperparameters of the best trials, best first.</summary>
    public IReadOnlyList<HyperParameters> GetBestHyperparameters(int numTrials = 1) =>
        GetBestTrials(numTrials).Select(t => t.Hyperparameters).ToList();

    /// <summary>
    /// <c>tuner.get_best_models(num_models)</c>: the best trials' models with their best epoch's weights, loaded from the
    /// project folder on the engine the search used. The caller disposes them.
    /// </summary>
    public IReadOnlyList<Model> GetBestModels(int numModels = 1) =>
        GetBestTrials(numModels).Select(t => Models.LoadModel(Path.Combine(t.Directory, TunerFiles.ModelFile), engine: _engine?.Kind ?? EngineKind.Auto)).ToList();

    /// <summary><c>tuner.results_summary(num_trials)</c>: the text keras_tuner prints, best trials first.</summary>
    public string ResultsSummary(int numTrials = 10)
    {
        if (numTrials <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numTrials), numTrials, $"Expected numTrials > 0; got {numTrials}.");
        }
        var best = Best(numTrials).ToList();
        if (best.Count < numTrials)
        {
            best.AddRange(_trials.Where(t => t.Status != TrialStatus.Completed).Take(numTrials - best.Count));
        }
        return TunerDisplay.ResultsSummary(Path.Combine(Directory, ProjectName), numTrials, Objective, best);
    }
}
