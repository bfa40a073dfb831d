using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Sample weights per output for training and evaluation, as Keras's
/// <c>model.fit(x, {"a": y_a, "b": y_b}, sample_weight={"a": w_a, "b": w_b})</c> and <c>model.evaluate(..., sample_weight=...)</c>:
/// each output's loss takes its own weights (Keras's "sum_over_batch_size": the weighted sum over the batch size), and so
/// do its weightedMetrics; plain metrics stay unweighted (keras/src/trainers/compile_utils.py CompileLoss, CompileMetrics).
/// Every output needs an array: Keras refuses sample weights whose structure differs from y's
/// (keras/src/trainers/data_adapters/array_data_adapter.py), so a dictionary that leaves an output out is refused here too;
/// to leave an output unweighted give it ones (Keras's None entry: the same loss and metrics).
/// </summary>
public sealed partial class Model
{
    /// <summary>
    /// Trains a model with several inputs or outputs as <see cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, int, int, double, Nullable{ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>,
    /// with one sample weight array per output, as Keras's <c>model.fit(x, y, sample_weight={"out_a": w_a, "out_b": w_b})</c>.
    /// </summary>
    /// <param name="x">One array per input name, samples on the first axis.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="sampleWeight">One weight array per output name (every output, as Keras requires), each with one finite
    /// weight per sample of x: that output's loss and weightedMetrics take them. A validationSplit takes its share of each.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the samples, taken from the end of every array (weights included) before shuffling.</param>
    /// <param name="validationData">Separate validation inputs and targets by name (takes precedence over validationSplit); to weigh
    /// them per output, give (X, Y, SampleWeight) to the overload that takes both.</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <exception cref="ArgumentException">A bad argument (an output without weights, an unknown output name, weights not one
    /// finite value per sample); the message names it.</exception>
    public History Fit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, float[]> sampleWeight, int epochs = 1, int batchSize = 32, double validationSplit = 0.0,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y)? validationData = null, bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default, Verbosity verbose = default)
    {
        CheckNamedFit(x, y, null, null);
        if (validationData is { } vd)
        {
            CheckInputs(vd.X, nameof(validationData));
            CheckOutputs(vd.Y, nameof(validationData));
        }
        var makeWeights = PerOutputWeights(sampleWeight, Rows(x), nameof(sampleWeight), "sample weight", "x");
        return FitCore(() => ToPyDict(x, "x"), () => ToPyDict(y, "y"),
            validationData is { } v ? () => ToPyDict(v.X, "validationData.X") : null,
            validationData is { } w ? () => ToPyDict(w.Y, "validationData.Y") : null,
            epochs, batchSize, validationSplit, shuffle, callbacks, progress, cancellationToken, null, null, verbose,
            makeSampleWeight: makeWeights);
    }

    /// <summary>Runs <see cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}, int, int, double, Nullable{ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, Verbosity)"/> on the thread pool.</summary>
    /// <inheritdoc cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}, int, int, double, Nullable{ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, Verbosity)" path="/param"/>
    public Task<History> FitAsync(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, float[]> sampleWeight, int epochs = 1, int batchSize = 32, double validationSplit = 0.0,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y)? validationData = null, bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default, Verbosity verbose = default) =>
        Task.Run(() => Fit(x, y, sampleWeight, epochs, batchSize, validationSplit, validationData, shuffle, callbacks, progress,
            cancellationToken, verbose), CancellationToken.None);

    /// <summary>
    /// Trains a model with several inputs or outputs with one sample weight array per output, validating on data weighted
    /// per output: Keras's <c>model.fit(x, y, sample_weight={...}, validation_data=(x_val, y_val, {...}))</c>.
    /// </summary>
    /// <param name="x">One array per input name, samples on the first axis.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="sampleWeight">One weight array per output name (every output), each with one finite weight per sample of x.</param>
    /// <param name="validationData">Validation inputs and targets by name, and one weight array per output name (every output),
    /// each with one weight per validation sample.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <exception cref="ArgumentException">A bad argument; the message names it.</exception>
    public History Fit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, float[]> sampleWeight,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y, IReadOnlyDictionary<string, float[]> SampleWeight) validationData,
        int epochs = 1, int batchSize = 32, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default, Verbosity verbose = default)
    {
        CheckNamedFit(x, y, null, null);
        var makeWeights = PerOutputWeights(sampleWeight, Rows(x), nameof(sampleWeight), "sample weight", "x");
        var (rows, valWeights) = ValidationRows(validationData);
        var makeValWeights = PerOutputWeights(valWeights, rows, nameof(validationData), "validation sample weight", "validationData.X");
        return FitNamed(x, y, validationData.X, validationData.Y, makeValWeights, epochs, batchSize, shuffle, callbacks, progress,
            cancellationToken, null, null, verbose, makeWeights);
    }

    /// <summary>Runs <see cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}, ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}}, int, int, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, Verbosity)"/> on the thread pool.</summary>
    /// <inheritdoc cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}, ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, float[]}}, int, int, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, Verbosity)" path="/param"/>
    public Task<History> FitAsync(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, float[]> sampleWeight,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y, IReadOnlyDictionary<string, float[]> SampleWeight) validationData,
        int epochs = 1, int batchSize = 32, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default, Verbosity verbose = default) =>
        Task.Run(() => Fit(x, y, sampleWeight, validationData, epochs, batchSize, shuffle, callbacks, progress, cancellationToken, verbose),
            CancellationToken.None);

    /// <summary>
    /// Loss and metrics (overall and per output) with one sample weight array per output, as Keras's
    /// <c>model.evaluate(x, y, sample_weight={"out_a": w_a, "out_b": w_b}, return_dict=True)</c>: each output's loss and
    /// weightedMetrics take its own weights, and the loss is the sum of the outputs' losses times their loss weights.
    /// </summary>
    /// <param name="x">One array per input name.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="sampleWeight">One weight array per output name (every output), each with one finite weight per sample of x.</param>
    /// <param name="batchSize">Samples per batch (&gt; 0).</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line at the end.</param>
    /// <exception cref="ArgumentException">A bad argument; the message names it.</exception>
    public EvaluationResult Evaluate(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, float[]> sampleWeight, int batchSize = 32, Verbosity verbose = default)
    {
        CheckInputs(x, nameof(x));
        CheckOutputs(y, nameof(y));
        CheckBatchSize(batchSize);
        var makeWeights = PerOutputWeights(sampleWeight, Rows(x), nameof(sampleWeight), "sample weight", "x");
        return EvaluateCore(() => ToPyDict(x, "x"), () => ToPyDict(y, "y"), batchSize, verbose, makeWeights);
    }

    /// <summary>The samples of the (checked) inputs by name.</summary>
    private static int Rows(IReadOnlyDictionary<string, Array> x)
    {
        var first = x.Values.First();
        return first.Rank == 0 ? 0 : first.GetLength(0);
    }

    /// <summary>
    /// One weight array per output name, each with one finite weight per sample of <paramref name="of"/>, checked and made
    /// into the maker of the Python dict Keras takes; <paramref name="what"/> names the weights in messages.
    /// </summary>
    private Func<PyObject> PerOutputWeights(IReadOnlyDictionary<string, float[]>? weights, int rows, string parameter, string what, string of)
    {
        if (weights is null)
        {
            throw new ArgumentNullException(parameter, $"Expected one {what} array per model output ({string.Join(", ", OutputNames)}); got null.");
        }
        CheckNames(weights.Keys, parameter, exact: true);
        foreach (var (name, array) in weights)
        {
            FitWeights.CheckArray(rows, array ?? throw new ArgumentException($"Expected a {what} array for output '{name}'; got null.", parameter),
                parameter, what, of, name);
        }
        var arrays = weights.ToDictionary(p => p.Key, p => (Array)p.Value, StringComparer.Ordinal);
        return () => ToPyDict(arrays, parameter);
    }
}
