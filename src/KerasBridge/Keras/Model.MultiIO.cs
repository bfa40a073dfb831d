using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Models with several inputs or outputs (Keras Functional models): data as dictionaries keyed by input and
/// output name, one loss, loss weight and metric list per output, and predictions per output.
/// </summary>
public sealed partial class Model
{
    /// <summary>The names of the model's inputs (its InputLayers), in the order Keras's <c>model.inputs</c> lists them.</summary>
    public IReadOnlyList<string> InputNames => _info.InputNames;

    /// <summary>The names of the model's outputs (the layers that make them), as Keras's <c>model.output_names</c>.</summary>
    public IReadOnlyList<string> OutputNames => _info.OutputNames;

    /// <summary>Each input's shape (null for the batch dimension) by input name; empty while the model has no input shape.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int?>> InputShapes => ByName(_info.InputNames, _info.InputShapes);

    /// <summary>Each output's shape (null for the batch dimension) by output name; empty while the model has no input shape.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int?>> OutputShapes => ByName(_info.OutputNames, _info.OutputShapes);

    private static Dictionary<string, IReadOnlyList<int?>> ByName(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<int?>> shapes) =>
        names.Count == shapes.Count
            ? names.Zip(shapes).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<int?>>(StringComparer.Ordinal);

    /// <summary>
    /// Configures training with one loss per output, as Keras's
    /// <c>model.compile(optimizer, loss={"species": ..., "mass": ...}, loss_weights={...}, metrics={...})</c>.
    /// The total loss is the sum of each output's loss times its weight; History and Evaluate then report
    /// <c>loss</c>, <c>&lt;output&gt;_loss</c> and <c>&lt;output&gt;_&lt;metric&gt;</c>.
    /// </summary>
    /// <param name="optimizer">The optimizer, e.g. <c>"adam"</c>.</param>
    /// <param name="loss">One loss per output name; every output needs one (as in Keras).</param>
    /// <param name="lossWeights">One weight per output name (all of them), or null for 1 each.</param>
    /// <param name="metrics">Metrics per output name; outputs not named get none.</param>
    /// <param name="weightedMetrics">Metrics per output name weighted by the sample weights (Keras's weighted_metrics); a
    /// name an output's metric already has is logged as <c>&lt;output&gt;_weighted_&lt;name&gt;</c>.</param>
    public void Compile(Optimizer optimizer, IReadOnlyDictionary<string, Loss> loss,
        IReadOnlyDictionary<string, double>? lossWeights = null, IReadOnlyDictionary<string, IReadOnlyList<Metric>>? metrics = null,
        IReadOnlyDictionary<string, IReadOnlyList<Metric>>? weightedMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        CheckNames(loss.Keys, nameof(loss), exact: true);
        var losses = new JsonObject();
        foreach (var name in OutputNames)
        {
            losses[name] = (loss[name] ?? throw new ArgumentException($"Expected a loss for output '{name}'; got null.", nameof(loss))).ToConfig();
        }
        JsonObject? weights = null;
        if (lossWeights is not null)
        {
            CheckNames(lossWeights.Keys, nameof(lossWeights), exact: true);
            weights = new JsonObject();
            foreach (var name in OutputNames)
            {
                var weight = lossWeights[name];
                if (!double.IsFinite(weight))
                {
                    throw new ArgumentException($"Expected a finite loss weight for output '{name}'; got {weight}.", nameof(lossWeights));
                }
                weights[name] = weight;
            }
        }
        CompileOnEngine(optimizer.ToConfig(), losses, MetricsPerOutput(metrics, nameof(metrics)), weights,
            MetricsPerOutput(weightedMetrics, nameof(weightedMetrics)));
    }

    /// <summary>
    /// Trains a model with several inputs or outputs, as Keras's <c>model.fit(x={...}, y={...})</c>; the options are
    /// those of <see cref="Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>.
    /// </summary>
    /// <param name="x">One array per input name (<see cref="InputNames"/>), samples on the first axis.</param>
    /// <param name="y">One array per output name (<see cref="OutputNames"/>): values, one-hot rows or class ids.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the samples, taken from the end of every array before shuffling.</param>
    /// <param name="validationData">Separate validation inputs and targets by name (takes precedence over validationSplit); to weigh
    /// them, give (X, Y, SampleWeight) to the overload that takes validation sample weights (one array, or one per output name).</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks such as <see cref="EarlyStopping"/>, and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="sampleWeight">One weight per sample, applied to every output's loss (as Keras replicates one sample_weight array over the outputs);
    /// for one array per output, use the overload whose third parameter is sampleWeight by output name.</param>
    /// <param name="classWeight">A weight per class id, only for a model with one output (Keras refuses it otherwise). Not together with <paramref name="sampleWeight"/>.</param>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    public History Fit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y, int epochs = 1, int batchSize = 32,
        double validationSplit = 0.0, (IReadOnlyDictionary<string, Array> X, IReadOnlyDictionary<string, Array> Y)? validationData = null,
        bool shuffle = true, IReadOnlyList<Callback>? callbacks = null, IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default, float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null,
        Verbosity verbose = default)
    {
        CheckNamedFit(x, y, sampleWeight, classWeight);
        if (validationData is { } vd)
        {
            CheckInputs(vd.X, nameof(validationData));
            CheckOutputs(vd.Y, nameof(validationData));
        }
        return FitCore(() => ToPyDict(x, "x"), () => ToPyDict(y, "y"),
            validationData is { } v ? () => ToPyDict(v.X, "validationData.X") : null,
            validationData is { } w ? () => ToPyDict(w.Y, "validationData.Y") : null,
            epochs, batchSize, validationSplit, shuffle, callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose);
    }

    /// <summary>The dictionary Fit's x, y, sampleWeight and classWeight (one output only, as Keras requires), checked.</summary>
    private void CheckNamedFit(IReadOnlyDictionary<string, Array> x, IReadOnlyDictionary<string, Array> y, float[]? sampleWeight,
        IReadOnlyDictionary<int, double>? classWeight)
    {
        CheckInputs(x, nameof(x));
        CheckOutputs(y, nameof(y));
        if (classWeight is not null && OutputNames.Count > 1)
        {
            throw new ArgumentException(
                $"Expected classWeight only for a model with one output (as Keras requires); model '{Name}' has {OutputNames.Count} outputs "
                + $"({string.Join(", ", OutputNames)}). Give sampleWeight instead.", nameof(classWeight));
        }
        FitWeights.Check(Rows(x), sampleWeight, classWeight);
    }

    /// <summary>Predicts with inputs given by name, for a model with one output of shape (samples, units).</summary>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictOutputs(IReadOnlyDictionary{string, Array}, int, Verbosity)"/>) or its output is not rank 2.</exception>
    public float[,] Predict(IReadOnlyDictionary<string, Array> x, int batchSize = 32, Verbosity verbose = default)
    {
        if (OutputNames.Count > 1)
        {
            throw new InvalidOperationException(
                $"Model '{Name}' has {OutputNames.Count} outputs ({string.Join(", ", OutputNames)}); Predict returns one array. "
                + "Use PredictOutputs(x), which returns one array per output name.");
        }
        var output = PredictOutputs(x, batchSize, verbose)[OutputNames[0]];
        return output as float[,] ?? throw new InvalidOperationException(
            $"Predict returns float[,] for outputs of shape (samples, units); output '{OutputNames[0]}' has rank {output.Rank}. Use PredictOutputs(x).");
    }

    /// <summary>
    /// Predicts every output, as Keras's <c>model.predict</c>: one array per output name, each with the output's own
    /// shape (float[,] for (samples, units), float[,,,] for images...). x is the model's single input.
    /// </summary>
    public IReadOnlyDictionary<string, Array> PredictOutputs(Array x, int batchSize = 32, Verbosity verbose = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (InputNames.Count > 1)
        {
            throw new ArgumentException(
                $"Model '{Name}' has {InputNames.Count} inputs ({string.Join(", ", InputNames)}); give x as a dictionary keyed by input name.", nameof(x));
        }
        CheckBatchSize(batchSize);
        CheckInputKind(nameof(PredictOutputs), x, nameof(x));
        return PredictOutputsCore(() => NumpyArrays.ToNumpy(x, nameof(x)), batchSize, verbose);
    }

    /// <summary>
    /// Predicts every output from inputs given by name: one array per output name, each with the output's own shape.
    /// </summary>
    public IReadOnlyDictionary<string, Array> PredictOutputs(IReadOnlyDictionary<string, Array> x, int batchSize = 32, Verbosity verbose = default)
    {
        CheckInputs(x, nameof(x));
        CheckBatchSize(batchSize);
        return PredictOutputsCore(() => ToPyDict(x, "x"), batchSize, verbose);
    }

    private IReadOnlyDictionary<string, Array> PredictOutputsCore(Func<PyObject> makeX, int batchSize, Verbosity verbose)
    {
        if (_handle is not null && InputShape is null && _info.Inputs == 1)
        {
            throw new InvalidOperationException($"Model '{Name}' has no input shape yet, so it cannot predict: start it with Input(shape: [...]) or fit it first.");
        }
        var arrays = Use(nameof(PredictOutputs), handle =>
        {
            using var px = makeX();
            using var size = new PyInt(batchSize);
            using var level = new PyInt(verbose.Level);
            using var list = PythonFunctions.Api("predict_outputs").Invoke(handle, px, size, level);
            return Enumerable.Range(0, (int)list.Length()).Select(i =>
            {
                using var item = list[i];
                return NumpyArrays.ToArray(item);
            }).ToList();
        });
        var names = OutputNames;
        if (names.Count != arrays.Count)
        {
            throw new InvalidOperationException($"Model '{Name}' returned {arrays.Count} outputs for {names.Count} output names.");
        }
        var result = new Dictionary<string, Array>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            result[names[i]] = arrays[i];
        }
        return result;
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Expected batchSize > 0; got {batchSize}.");
        }
    }

    private void CheckInputs(IReadOnlyDictionary<string, Array> arrays, string parameter)
    {
        CheckArrays(arrays, InputNames, "input", parameter);
        CheckInputKinds(arrays, parameter);
    }

    private void CheckOutputs(IReadOnlyDictionary<string, Array> arrays, string parameter) =>
        CheckArrays(arrays, OutputNames, "output", parameter);

    /// <summary>One non-null array for each of the model's names, and no other key.</summary>
    private void CheckArrays(IReadOnlyDictionary<string, Array>? arrays, IReadOnlyList<string> names, string what, string parameter)
    {
        if (arrays is null)
        {
            throw new ArgumentNullException(parameter, $"Expected one array per model {what} ({string.Join(", ", names)}); got null.");
        }
        CheckNames(arrays.Keys, parameter, exact: true, what);
        foreach (var (name, array) in arrays)
        {
            if (array is null)
            {
                throw new ArgumentException($"Expected an array for {what} '{name}'; got null.", parameter);
            }
        }
    }

    /// <summary>The keys are the model's output (or input) names: all of them when exact, else a subset.</summary>
    private void CheckNames(IEnumerable<string> keys, string parameter, bool exact, string what = "output")
    {
        var names = what == "input" ? InputNames : OutputNames;
        var given = keys.ToList();
        var unknown = given.Where(k => !names.Contains(k, StringComparer.Ordinal)).ToList();
        var missing = exact ? names.Where(n => !given.Contains(n, StringComparer.Ordinal)).ToList() : [];
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new ArgumentException(
                $"Expected {(exact ? "one entry per" : "keys that are")} model {what} name{(exact ? "" : "s")} ({string.Join(", ", names)}) in {parameter}; "
                + $"missing: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}; unknown: {(unknown.Count == 0 ? "none" : string.Join(", ", unknown))}.",
                parameter);
        }
    }

    /// <summary>The engine's info["input_names"] or ["output_names"] (empty when an older engine does not say).</summary>
    private static IReadOnlyList<string> ReadNames(System.Text.Json.JsonElement root, string property) =>
        root.TryGetProperty(property, out var names) && names.ValueKind == System.Text.Json.JsonValueKind.Array
            ? names.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];

    private static IReadOnlyList<IReadOnlyList<int?>> ReadShapes(System.Text.Json.JsonElement root, string property) =>
        root.TryGetProperty(property, out var shapes) && shapes.ValueKind == System.Text.Json.JsonValueKind.Array
            ? shapes.EnumerateArray().Select(s => ReadShape(s) ?? []).ToList()
            : [];

    /// <summary>A Python dict of numpy arrays (Python thread).</summary>
    private static PyDict ToPyDict(IReadOnlyDictionary<string, Array> arrays, string parameter)
    {
        var dict = new PyDict();
        foreach (var (name, array) in arrays)
        {
            using var value = NumpyArrays.ToNumpy(array, $"{parameter}[\"{name}\"]");
            dict[name] = value;
        }
        return dict;
    }
}
