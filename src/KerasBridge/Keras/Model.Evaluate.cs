using Python.Runtime;

namespace KerasBridge;

/// <summary>Evaluate, as Keras's <c>model.evaluate</c>: one array each, or arrays by input and output name.</summary>
public sealed partial class Model
{
    /// <summary>
    /// Loss and metrics on the given data, as Keras's <c>model.evaluate(x, y, return_dict=True)</c>; also unpacks as the
    /// list Keras returns without it: <c>var (loss, accuracy) = model.Evaluate(x, y);</c>.
    /// </summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line at the end.</param>
    /// <param name="sampleWeight">One weight per sample: weighs the loss and the weightedMetrics of Compile, as Keras's
    /// <c>evaluate(sample_weight=...)</c>.</param>
    public EvaluationResult Evaluate(Array x, Array y, int batchSize = 32, Verbosity verbose = default, float[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Expected batchSize > 0; got {batchSize}.");
        }
        FitWeights.Check(x.Rank == 0 ? 0 : x.GetLength(0), sampleWeight, null);
        CheckInputKind(nameof(Evaluate), x, nameof(x));
        return EvaluateCore(() => NumpyArrays.ToNumpy(x), () => NumpyArrays.ToNumpy(y), batchSize, verbose, Weights(sampleWeight));
    }

    /// <summary>One weight array as the maker of its numpy array, or null.</summary>
    private static Func<PyObject>? Weights(float[]? sampleWeight) =>
        sampleWeight is null ? null : () => NumpyArrays.ToNumpy(sampleWeight);

    /// <summary>The engine's evaluate on x, y and the sample weights (one array, or a dict by output name) made into
    /// Python objects on the Python thread.</summary>
    private EvaluationResult EvaluateCore(Func<PyObject> makeX, Func<PyObject> makeY, int batchSize, Verbosity verbose,
        Func<PyObject>? makeSampleWeight)
    {
        var json = Use(nameof(Evaluate), handle =>
        {
            using var px = makeX();
            using var py = makeY();
            using var size = new PyInt(batchSize);
            using var level = new PyInt(verbose.Level);
            using var sw = makeSampleWeight is null ? PyObject.None : makeSampleWeight();
            return PythonFunctions.Api("evaluate").Invoke(handle, px, py, size, level, sw).As<string>();
        });
        return EvaluationResult.FromJson(json);
    }

    /// <summary>
    /// Loss and metrics (overall and per output) on the given data, as Keras's <c>model.evaluate(x, y, return_dict=True)</c>,
    /// in the order of the list Keras returns without it (the loss first).
    /// </summary>
    /// <param name="x">One array per input name.</param>
    /// <param name="y">One array per output name.</param>
    /// <param name="batchSize">Samples per batch (&gt; 0).</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line at the end.</param>
    /// <param name="sampleWeight">One weight per sample, for every output's loss and weighted metrics (one array per output: the
    /// overload whose third parameter is sampleWeight by output name).</param>
    public EvaluationResult Evaluate(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y, int batchSize = 32,
        Verbosity verbose = default, float[]? sampleWeight = null)
    {
        CheckInputs(x, nameof(x));
        CheckOutputs(y, nameof(y));
        CheckBatchSize(batchSize);
        FitWeights.Check(Rows(x), sampleWeight, null);
        return EvaluateCore(() => ToPyDict(x, "x"), () => ToPyDict(y, "y"), batchSize, verbose, Weights(sampleWeight));
    }
}
