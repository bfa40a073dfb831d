using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Fit with weighted validation data, as Keras's <c>model.fit(..., validation_data=(x_val, y_val, val_sample_weights))</c>:
/// the weights weigh val_loss (and each <c>val_&lt;output&gt;_loss</c>) and the validation weightedMetrics of Compile;
/// the plain metrics stay unweighted, as in Keras (keras/src/trainers/trainer.py fit, compile_utils.py).
/// </summary>
public sealed partial class Model
{
    /// <summary>
    /// Trains the model as <see cref="Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>,
    /// validating on <paramref name="validationData"/> weighted by its sample weights, as Keras's
    /// <c>model.fit(x, y, validation_data=(x_val, y_val, val_sample_weights))</c>.
    /// </summary>
    /// <param name="validationData">Validation inputs, targets and one weight per validation sample: val_loss is
    /// Keras's weighted loss (a zero weight drops a sample from the numerator, and "sum_over_batch_size" still counts
    /// it in each batch's size) and the validation weightedMetrics are weighted; metrics stay unweighted.</param>
    /// <param name="x">Inputs: samples on the first axis.</param>
    /// <param name="y">Targets: values, one-hot rows or class ids.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="sampleWeight">One weight per training sample (as in the Fit without validation weights).</param>
    /// <param name="classWeight">A weight per class id for the training samples; not together with <paramref name="sampleWeight"/>.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <exception cref="ArgumentException">A bad argument (validation weights not one finite value per validation sample, say); the message names it.</exception>
    public History Fit(Array x, Array y, (Array X, Array Y, float[] SampleWeight) validationData, int epochs = 1, int batchSize = 32,
        bool shuffle = true, IReadOnlyList<Callback>? callbacks = null, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default, float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null,
        Verbosity verbose = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var (vx, vy, weights) = validationData;
        if (vx is null || vy is null || weights is null)
        {
            throw new ArgumentException("Expected validationData (X, Y, SampleWeight) without nulls; got a null "
                + (vx is null ? "X" : vy is null ? "Y" : "SampleWeight") + ".", nameof(validationData));
        }
        FitWeights.CheckArray(vx.Rank == 0 ? 0 : vx.GetLength(0), weights, nameof(validationData), "validation sample weight", "validationData.X");
        FitWeights.Check(x.Rank == 0 ? 0 : x.GetLength(0), sampleWeight, classWeight);
        CheckInputKind(nameof(Fit), x, nameof(x));
        CheckInputKind(nameof(Fit), vx, nameof(validationData));
        return FitCore(() => NumpyArrays.ToNumpy(x, nameof(x)), () => NumpyArrays.ToNumpy(y, nameof(y)),
            () => NumpyArrays.ToNumpy(vx, "validationData.X"), () => NumpyArrays.ToNumpy(vy, "validationData.Y"),
            epochs, batchSize, 0.0, shuffle, callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose,
            () => NumpyArrays.ToNumpy(weights));
    }

    /// <summary>Runs <see cref="Fit(Array, Array, ValueTuple{Array, Array, float[]}, int, int, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/> on the thread pool.</summary>
    /// <inheritdoc cref="Fit(Array, Array, ValueTuple{Array, Array, float[]}, int, int, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)" path="/param"/>
    public Task<History> FitAsync(Array x, Array y, (Array X, Array Y, float[] SampleWeight) validationData, int epochs = 1, int batchSize = 32,
        bool shuffle = true, IReadOnlyList<Callback>? callbacks = null, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default, float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null,
        Verbosity verbose = default) =>
        Task.Run(() => Fit(x, y, validationData, epochs, batchSize, shuffle, callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose),
            CancellationToken.None);

    /// <summary>
    /// Trains a model with several inputs or outputs as <see cref="Fit(IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}, int, int, double, Nullable{ValueTuple{IReadOnlyDictionary{string, Array}, IReadOnlyDictionary{string, Array}}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>,
    /// validating on weighted data: <c>validation_data=(x_val, y_val, val_sample_weights)</c> with one weight array,
    /// which Keras replicates over every output.
    /// </summary>
    /// <param name="validationData">Validation inputs and targets by name, and one weight per validation sample for every
    /// output's loss and weighted metrics.</param>
    /// <param name="x">One array per input name, samples on the first axis.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="sampleWeight">One weight per training sample (as in the Fit without validation weights).</param>
    /// <param name="classWeight">A weight per class id for the training samples; not together with <paramref name="sampleWeight"/>.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <exception cref="ArgumentException">A bad argument; the message names it.</exception>
    public History Fit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y, float[] SampleWeight) validationData,
        int epochs = 1, int batchSize = 32, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default, float[]? sampleWeight = null,
        IReadOnlyDictionary<int, double>? classWeight = null, Verbosity verbose = default)
    {
        var (rows, weights) = ValidationRows(validationData);
        FitWeights.CheckArray(rows, weights, nameof(validationData), "validation sample weight", "validationData.X");
        return FitNamed(x, y, validationData.X, validationData.Y, () => NumpyArrays.ToNumpy(weights), epochs, batchSize, shuffle,
            callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose);
    }

    /// <summary>
    /// Trains a model with several inputs or outputs, validating on data weighted per output, as Keras's
    /// <c>validation_data=(x_val, y_val, {"out_a": w_a, "out_b": w_b})</c>: each output's validation loss and
    /// weighted metrics take that output's weights.
    /// </summary>
    /// <param name="validationData">Validation inputs and targets by name, and one weight array per output name (every
    /// output, as Keras requires sample weights shaped like y), each with one weight per validation sample.</param>
    /// <param name="x">One array per input name, samples on the first axis.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="sampleWeight">One weight per training sample (as in the Fit without validation weights).</param>
    /// <param name="classWeight">A weight per class id for the training samples; not together with <paramref name="sampleWeight"/>.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <exception cref="ArgumentException">A bad argument; the message names it.</exception>
    public History Fit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y, IReadOnlyDictionary<string, float[]> SampleWeight) validationData,
        int epochs = 1, int batchSize = 32, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default, float[]? sampleWeight = null,
        IReadOnlyDictionary<int, double>? classWeight = null, Verbosity verbose = default)
    {
        var (rows, weights) = ValidationRows(validationData);
        var makeWeights = PerOutputWeights(weights, rows, nameof(validationData), "validation sample weight", "validationData.X");
        return FitNamed(x, y, validationData.X, validationData.Y, makeWeights, epochs,
            batchSize, shuffle, callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose);
    }

    /// <summary>The validation rows and weights, once validationData's X and Y name the model's inputs and outputs and it has weights.</summary>
    private (int Rows, TWeights Weights) ValidationRows<TWeights>(
        (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y, TWeights SampleWeight) validationData)
        where TWeights : class
    {
        CheckInputs(validationData.X, nameof(validationData));
        CheckOutputs(validationData.Y, nameof(validationData));
        var weights = validationData.SampleWeight ?? throw new ArgumentException(
            "Expected validationData (X, Y, SampleWeight) without nulls; got a null SampleWeight.", nameof(validationData));
        return (Rows(validationData.X), weights);
    }

    /// <summary>The dictionary Fit with weighted validation data, once those weights are checked (and the training
    /// sample weights, when makeSampleWeight makes one array per output instead of sampleWeight).</summary>
    private History FitNamed(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y,
        IReadOnlyDictionary<string, Array> valX, IReadOnlyDictionary<string, Array> valY, Func<PyObject> makeValWeight,
        int epochs, int batchSize, bool shuffle, IReadOnlyList<Callback>? callbacks, IProgress<EpochProgress>? progress,
        CancellationToken cancellationToken, float[]? sampleWeight, IReadOnlyDictionary<int, double>? classWeight, Verbosity verbose,
        Func<PyObject>? makeSampleWeight = null)
    {
        CheckNamedFit(x, y, sampleWeight, classWeight);
        return FitCore(() => ToPyDict(x, "x"), () => ToPyDict(y, "y"), () => ToPyDict(valX, "validationData.X"),
            () => ToPyDict(valY, "validationData.Y"), epochs, batchSize, 0.0, shuffle, callbacks, progress, cancellationToken,
            sampleWeight, classWeight, verbose, makeValWeight, makeSampleWeight);
    }
}
