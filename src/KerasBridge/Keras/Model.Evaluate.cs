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
    public EvaluationResult Evaluate(Array x, Array y, int batchSize = 32, Verbosity verbose = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Expected batchSize > 0; got {batchSize}.");
        }
        var json = Use(nameof(Evaluate), handle =>
        {
            using var px = NumpyArrays.ToNumpy(x);
            using var py = NumpyArrays.ToNumpy(y);
            using var size = new PyInt(batchSize);
            using var level = new PyInt(verbose.Level);
            return PythonFunctions.Api("evaluate").Invoke(handle, px, py, size, level).As<string>();
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
    public EvaluationResult Evaluate(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y, int batchSize = 32,
        Verbosity verbose = default)
    {
        CheckInputs(x, nameof(x));
        CheckOutputs(y, nameof(y));
        CheckBatchSize(batchSize);
        var json = Use(nameof(Evaluate), handle =>
        {
            using var px = ToPyDict(x, "x");
            using var py = ToPyDict(y, "y");
            using var size = new PyInt(batchSize);
            using var level = new PyInt(verbose.Level);
            return PythonFunctions.Api("evaluate").Invoke(handle, px, py, size, level).As<string>();
        });
        return EvaluationResult.FromJson(json);
    }
}
