using System.Text.Json;
using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// A Keras Sequential model running on an engine (real Keras or the PyTorch engine). Made by
/// <see cref="Keras.Sequential(Layer[])"/> or <see cref="Models.LoadModel"/>. Thread-safe: calls are serialized,
/// and a call made while the model trains is refused with <see cref="InvalidOperationException"/>.
/// </summary>
public sealed partial class Model : IDisposable
{
    private readonly object _gate = new();
    private PyObject? _handle;
    private volatile bool _training;
    private ModelInfo _info;
    private SmallBatchPredictor? _smallBatch;
    private ModelInfo? _smallBatchInfo; // the shapes _smallBatch was checked against (ModelInfo is replaced when they change)

    internal Model(Engine engine, PyObject handle)
    {
        Engine = engine;
        _handle = handle;
        _info = ReadInfo();
    }

    /// <summary>The engine this model runs on.</summary>
    public Engine Engine { get; }

    /// <summary>The device it computes on (e.g. "cpu", "cuda:0").</summary>
    public string Device => Engine.Device;

    /// <summary>The model's name, e.g. "sequential".</summary>
    public string Name => _info.Name;

    /// <summary>Input shape with null for the batch dimension, e.g. [null, 4]; null when the model has no input shape yet.</summary>
    public IReadOnlyList<int?>? InputShape => _info.InputShape;

    /// <summary>Output shape with null for the batch dimension, e.g. [null, 3].</summary>
    public IReadOnlyList<int?>? OutputShape => _info.OutputShape;

    /// <summary>The names of the layers, in order (without the input layer).</summary>
    public IReadOnlyList<string> LayerNames => _info.Layers;

    /// <summary>
    /// Configures training, as Keras's <c>model.compile(optimizer=..., loss=..., metrics=[...], weighted_metrics=[...])</c>.
    /// Strings are Keras's names: <c>Compile(optimizer: "adam", loss: "mse", metrics: ["mae"])</c>.
    /// </summary>
    /// <param name="optimizer">The optimizer, e.g. <c>"adam"</c>.</param>
    /// <param name="loss">The loss, e.g. <c>"mse"</c>.</param>
    /// <param name="metrics">Metrics computed without sample weights.</param>
    /// <param name="weightedMetrics">Metrics weighted by Fit's sampleWeight or classWeight and Evaluate's sampleWeight,
    /// as Keras's weighted_metrics; one whose name a metric already has is logged as <c>weighted_&lt;name&gt;</c>.</param>
    public void Compile(Optimizer optimizer, Loss loss, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Metric>? weightedMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var metricConfigs = MetricList(metrics, nameof(metrics));
        var weightedConfigs = weightedMetrics is null ? null : MetricList(weightedMetrics, nameof(weightedMetrics));
        CompileOnEngine(optimizer.ToConfig(), loss.ToConfig(), metricConfigs, null, weightedConfigs);
    }

    /// <summary>
    /// Trains the model, as Keras's <c>model.fit</c>. Cancelling the token stops training before the next batch;
    /// the finished epochs stay in the returned History and the model stays usable.
    /// </summary>
    /// <param name="x">Inputs: samples on the first axis (float[,] for tables, float[,,,] for images).</param>
    /// <param name="y">Targets: float one-hot or values, or int/long class ids for sparse losses.</param>
    /// <param name="epochs">Number of epochs (&gt; 0).</param>
    /// <param name="batchSize">Samples per gradient step (&gt; 0).</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the data, taken from the end before shuffling, held out for validation.</param>
    /// <param name="validationData">Separate validation inputs and targets (takes precedence over validationSplit); to weigh them,
    /// give (X, Y, SampleWeight), as Keras's <c>validation_data=(x_val, y_val, val_sample_weights)</c>, to the overload that takes it.</param>
    /// <param name="shuffle">Shuffle the training samples every epoch.</param>
    /// <param name="callbacks">Keras callbacks such as <see cref="EarlyStopping"/>, and <see cref="Callback"/> subclasses, called in this order.</param>
    /// <param name="progress">Receives each finished epoch and its logs.</param>
    /// <param name="cancellationToken">Stops training at the next batch.</param>
    /// <param name="sampleWeight">One weight per sample of x: each sample's loss is multiplied by it (Keras's "sum_over_batch_size" then divides by the batch size); a validationSplit takes its share of the weights. The weightedMetrics of Compile are weighted by it too; metrics stay unweighted, as in Keras.</param>
    /// <param name="classWeight">A weight per class id (argmax of one-hot targets), for the training samples; classes not listed weigh 1. Not together with <paramref name="sampleWeight"/>.</param>
    /// <exception cref="ArgumentException">A bad argument; the message names it.</exception>
    /// <param name="verbose">Keras's progress output: 0 none (default), 1 a progress bar, 2 one line per epoch.</param>
    /// <remarks>An exception thrown by a <see cref="Callback"/> hook ends training and is rethrown here unchanged.</remarks>
    public History Fit(Array x, Array y, int epochs = 1, int batchSize = 32, double validationSplit = 0.0,
        (Array X, Array Y)? validationData = null, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default,
        float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null, Verbosity verbose = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (validationData is { } vd && (vd.X is null || vd.Y is null))
        {
            throw new ArgumentException("Expected validationData with both X and Y; got a null array.", nameof(validationData));
        }
        FitWeights.Check(x.Rank == 0 ? 0 : x.GetLength(0), sampleWeight, classWeight);
        CheckInputKind(nameof(Fit), x, nameof(x));
        CheckInputKind(nameof(Fit), validationData?.X, nameof(validationData));
        return FitCore(() => NumpyArrays.ToNumpy(x, nameof(x)), () => NumpyArrays.ToNumpy(y, nameof(y)),
            validationData is { } v ? () => NumpyArrays.ToNumpy(v.X, "validationData.X") : null,
            validationData is { } w ? () => NumpyArrays.ToNumpy(w.Y, "validationData.Y") : null,
            epochs, batchSize, validationSplit, shuffle, callbacks, progress, cancellationToken, sampleWeight, classWeight, verbose);
    }

    /// <summary>
    /// Fit's work once its arguments are checked: x, y and the validation data are made into Python objects
    /// (arrays, or dicts of arrays for several inputs/outputs) on the Python thread; makeValWeight makes
    /// validation_data's third entry (Model.ValidationWeights.cs); makeSampleWeight, when given, makes sample_weight
    /// instead of sampleWeight (one array per output, Model.OutputWeights.cs).
    /// </summary>
    private History FitCore(Func<PyObject> makeX, Func<PyObject> makeY, Func<PyObject>? makeValX, Func<PyObject>? makeValY,
        int epochs, int batchSize, double validationSplit, bool shuffle, IReadOnlyList<Callback>? callbacks,
        IProgress<EpochProgress>? progress, CancellationToken cancellationToken, float[]? sampleWeight,
        IReadOnlyDictionary<int, double>? classWeight, Verbosity verbose, Func<PyObject>? makeValWeight = null,
        Func<PyObject>? makeSampleWeight = null)
    {
        if (epochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Expected epochs > 0; got {epochs}.");
        }
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Expected batchSize > 0; got {batchSize}.");
        }
        if (!(validationSplit >= 0 && validationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, $"Expected validationSplit in [0, 1); got {validationSplit}.");
        }
        var fitCallbacks = new FitCallbacks(this, callbacks);
        var options = new JsonObject
        {
            ["epochs"] = epochs,
            ["batch_size"] = batchSize,
            ["validation_split"] = validationSplit,
            ["shuffle"] = shuffle,
            ["verbose"] = verbose.Level,
            ["callbacks"] = fitCallbacks.Configs,
            ["class_weight"] = FitWeights.ClassWeightConfig(classWeight),
        };
        Action<int, string>? onEpochEnd = progress is null
            ? null
            : (epoch, logs) => progress.Report(new EpochProgress(epoch, epochs, History.ReadLogs(logs)));

        EnterForTraining();
        try
        {
            var handle = _handle ?? throw Disposed();
            // The stop flag is one int in pinned .NET memory that Python reads before every batch, so a cancel
            // from any thread takes effect without waiting for the (busy) Python thread.
            var stopCell = new int[1];
            var pin = System.Runtime.InteropServices.GCHandle.Alloc(stopCell, System.Runtime.InteropServices.GCHandleType.Pinned);
            try
            {
                using var registration = cancellationToken.Register(() => Volatile.Write(ref stopCell[0], 1));
                fitCallbacks.Begin();
                var json = RunFit(fitCallbacks, () =>
                {
                    // Between batches the fit loop also lets other threads' queued calls (another model's Predict) run.
                    using var stopFlag = PythonFunctions.Api("new_stop_flag").Invoke(
                        new PyInt(pin.AddrOfPinnedObject().ToInt64()),
                        new PyInt(PythonRuntime.PendingBetweenBatchesAddress.ToInt64()),
                        RunPendingBetweenBatches.ToPython());
                    using var px = makeX();
                    using var py = makeY();
                    using var vx = makeValX is null ? PyObject.None : makeValX();
                    using var vy = makeValY is null ? PyObject.None : makeValY();
                    using var o = new PyString(KerasJson.Serialize(options));
                    using var callback = onEpochEnd is null ? PyObject.None : onEpochEnd.ToPython();
                    using var sw = makeSampleWeight is not null ? makeSampleWeight()
                        : sampleWeight is null ? PyObject.None : NumpyArrays.ToNumpy(sampleWeight);
                    using var dispatch = fitCallbacks.Dispatch is null ? PyObject.None : fitCallbacks.Dispatch.ToPython();
                    using var vw = makeValWeight is null ? PyObject.None : makeValWeight();
                    return PythonFunctions.Api("fit").Invoke(handle, px, py, o, vx, vy, callback, stopFlag, sw, dispatch, vw).As<string>();
                });
                GC.KeepAlive(onEpochEnd);
                // A model made without an Input is built by its first fit: its shapes are known now.
                _info = ReadInfo();
                return History.FromJson(json);
            }
            finally
            {
                pin.Free();
            }
        }
        finally
        {
            _training = false;
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Runs <see cref="Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/> on the thread pool.</summary>
    public Task<History> FitAsync(Array x, Array y, int epochs = 1, int batchSize = 32, double validationSplit = 0.0,
        (Array X, Array Y)? validationData = null, bool shuffle = true, IReadOnlyList<Callback>? callbacks = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default,
        float[]? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null, Verbosity verbose = default) =>
        Task.Run(() => Fit(x, y, epochs, batchSize, validationSplit, validationData, shuffle, callbacks, progress, cancellationToken,
                sampleWeight, classWeight, verbose),
            CancellationToken.None);

    /// <summary>Predicts, as Keras's <c>model.predict</c>, for a model whose output is (samples, units).</summary>
    /// <exception cref="InvalidOperationException">The model's output is not rank 2: use <see cref="Predict{TArray}"/>.</exception>
    public float[,] Predict(Array x, int batchSize = 32, Verbosity verbose = default)
    {
        if (OutputShape is { Count: not 2 } shape)
        {
            throw new InvalidOperationException(
                $"Predict returns float[,] for outputs of shape (samples, units); this model's output shape is ({FormatShape(shape)}). Use Predict<float[...]>(x).");
        }
        return Predict<float[,]>(x, batchSize, verbose);
    }

    /// <summary>Predicts into an array of the model's output rank, e.g. <c>Predict&lt;float[,,,]&gt;(images)</c>; <paramref name="verbose"/> as in <see cref="Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>.</summary>
    public TArray Predict<TArray>(Array x, int batchSize = 32, Verbosity verbose = default) where TArray : class
    {
        ArgumentNullException.ThrowIfNull(x);
        if (_info.Inputs != 1 || _info.Outputs != 1)
        {
            throw new InvalidOperationException(
                $"Model '{Name}' has {_info.Inputs} input(s) ({string.Join(", ", InputNames)}) and {_info.Outputs} output(s) "
                + $"({string.Join(", ", OutputNames)}); Predict takes one array and returns one. Use PredictOutputs(x), which takes "
                + "x as one array or a dictionary keyed by input name and returns one array per output name.");
        }
        if (_handle is not null && InputShape is null)
        {
            throw new InvalidOperationException(
                $"Model '{Name}' has no input shape yet, so it cannot predict: start it with Input(shape: [...]) or fit it first.");
        }
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Expected batchSize > 0; got {batchSize}.");
        }
        CheckInputKind(nameof(Predict), x, nameof(x));
        // Strings have no fixed size: they take neither the small-batch nor the pinned path.
        var strings = NumpyStrings.Holds(x);
        return Use(nameof(Predict), handle =>
        {
            if (verbose.Level != 0)
            {
                // Keras's progress bar: the engine's own predict, step by step.
                using var vx = NumpyArrays.ToNumpy(x);
                using var shown = PythonFunctions.Api("predict").Invoke(handle, vx, new PyInt(batchSize), new PyInt(verbose.Level));
                return NumpyArrays.ToArray<TArray>(shown);
            }
            if (!strings && SmallBatch(handle) is { } small && small.Fits(x, typeof(TArray), batchSize) && small.Predict(x) is TArray fast)
            {
                return fast;
            }
            var output = strings ? null : NewOutput<TArray>(x);
            using var size = new PyInt(batchSize);
            if (output is not null)
            {
                // One Python call: the engine reads x from, and writes its output into, pinned .NET memory.
                using var input = NumpyArrays.Pin(x, nameof(x));
                using var target = NumpyArrays.Pin(output, nameof(output));
                using var unfit = PythonFunctions.Api("predict_into").Invoke([handle, .. input.Arguments, .. target.Arguments, size]);
                return unfit.IsNone() ? (TArray)(object)output : NumpyArrays.ToArray<TArray>(unfit);
            }
            using var px = NumpyArrays.ToNumpy(x);
            using var result = PythonFunctions.Api("predict").Invoke(handle, px, size);
            return NumpyArrays.ToArray<TArray>(result);
        });
    }

    /// <summary>The model's small-batch predictor (made on first use; remade if the model's shapes changed). Python thread.</summary>
    private SmallBatchPredictor? SmallBatch(PyObject handle)
    {
        var info = _info;
        if (_smallBatch is { } existing && ReferenceEquals(_smallBatchInfo, info))
        {
            return existing;
        }
        if (info.InputShape is not { } input || info.OutputShape is not { } output)
        {
            return null;
        }
        if (_smallBatch is not null && _smallBatch.Serves(input, output))
        {
            _smallBatchInfo = info;
            return _smallBatch;
        }
        _smallBatch?.Dispose();
        _smallBatch = SmallBatchPredictor.TryCreate(handle, input, output);
        _smallBatchInfo = info;
        return _smallBatch;
    }

    /// <summary>
    /// The array Predict will return, made before the call when its shape is known: the model's output shape is
    /// fully known, has the rank of <typeparamref name="TArray"/>, and x has rows. Null otherwise (then the
    /// output's shape is read from the engine's result).
    /// </summary>
    private Array? NewOutput<TArray>(Array x)
    {
        var type = typeof(TArray);
        var outputShape = OutputShape;
        if (!type.IsArray || outputShape is null || outputShape.Count != type.GetArrayRank()
            || NumpyArrays.DTypeOf(type.GetElementType()!) is null || outputShape.Skip(1).Any(d => d is null))
        {
            return null;
        }
        var rows = x.Rank == 1 && x.GetType().GetElementType()!.IsArray ? x.Length : x.GetLength(0);
        if (rows == 0)
        {
            return null;
        }
        return Array.CreateInstance(type.GetElementType()!, [rows, .. outputShape.Skip(1).Select(d => d!.Value)]);
    }

    /// <summary>The text Keras's <c>model.summary()</c> prints.</summary>
    public string Summary() => Use(nameof(Summary), handle => handle.InvokeMethod("summary").As<string>());

    /// <summary>Saves the model as a Keras 3 .keras file (config, weights, optimizer state), atomically.</summary>
    public void Save(string path) => CallWithPath(nameof(Save), "save", path);

    /// <summary>Saves the weights as a Keras 3 .weights.h5 file, atomically.</summary>
    public void SaveWeights(string path) => CallWithPath(nameof(SaveWeights), "save_weights", path);

    /// <summary>Loads weights from a .weights.h5 (or legacy .h5) file into this model.</summary>
    public void LoadWeights(string path)
    {
        CallWithPath(nameof(LoadWeights), "load_weights", path);
    }

    /// <summary>All weights in Keras's order (per layer: kernel, bias; gamma, beta, moving mean, moving variance).</summary>
    public IReadOnlyList<Array> GetWeights() => Use(nameof(GetWeights), handle =>
    {
        using var list = handle.InvokeMethod("get_weights");
        return Enumerable.Range(0, (int)list.Length()).Select(i => NumpyArrays.ToArray(list[i])).ToList();
    });

    /// <summary>Sets all weights, in the order <see cref="GetWeights"/> returns them.</summary>
    public void SetWeights(IReadOnlyList<Array> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Use(nameof(SetWeights), handle =>
        {
            using var list = new PyList(weights.Select((w, i) => NumpyArrays.ToNumpy(w ?? throw new ArgumentException($"Expected weight {i} to be an array; got null.", nameof(weights)), $"weights[{i}]")).ToArray());
            handle.InvokeMethod("set_weights", list).Dispose();
            return 0;
        });
    }

    /// <summary>One layer's weights, as Keras's <c>model.get_layer(name).get_weights()</c>.</summary>
    public IReadOnlyList<Array> GetLayerWeights(string layerName)
    {
        ArgumentException.ThrowIfNullOrEmpty(layerName);
        return Use(nameof(GetLayerWeights), handle =>
        {
            using var list = handle.InvokeMethod("get_layer_weights", new PyString(layerName));
            return Enumerable.Range(0, (int)list.Length()).Select(i => NumpyArrays.ToArray(list[i])).ToList();
        });
    }

    /// <summary>Sets one layer's weights, as Keras's <c>model.get_layer(name).set_weights([kernel, bias])</c>.</summary>
    public void SetLayerWeights(string layerName, params Array[] weights)
    {
        ArgumentException.ThrowIfNullOrEmpty(layerName);
        ArgumentNullException.ThrowIfNull(weights);
        Use(nameof(SetLayerWeights), handle =>
        {
            using var list = new PyList(weights.Select((w, i) => NumpyArrays.ToNumpy(w ?? throw new ArgumentException($"Expected weight {i} to be an array; got null.", nameof(weights)), $"weights[{i}]")).ToArray());
            handle.InvokeMethod("set_layer_weights", new PyString(layerName), list).Dispose();
            return 0;
        });
    }

    /// <summary>The model's Keras config (the config.json of a .keras file) as JSON text.</summary>
    public string ToJson() => Use(nameof(ToJson), handle =>
    {
        return PythonFunctions.Api("config").Invoke(handle).As<string>();
    });

    /// <summary>Releases the Python model. Any later call throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            var handle = Interlocked.Exchange(ref _handle, null);
            var smallBatch = Interlocked.Exchange(ref _smallBatch, null);
            if (handle is not null && PythonRuntime.IsInitialized)
            {
                PythonRuntime.Run(() =>
                {
                    smallBatch?.Dispose();
                    handle.Dispose();
                });
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Model '{Name}' ({LayerNames.Count} layers) on {Engine}";

    private void CallWithPath(string operation, string method, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Use(operation, handle =>
        {
            handle.InvokeMethod(method, new PyString(full)).Dispose();
            return 0;
        });
        if (operation == nameof(LoadWeights))
        {
            _info = ReadInfo();
        }
    }

    // One delegate for every Fit: Python calls it between batches when calls are waiting.
    private static readonly Action RunPendingBetweenBatches = PythonRuntime.RunPendingBetweenBatches;

    private T Use<T>(string operation, Func<PyObject, T> action)
    {
        if (InOwnCallback)
        {
            return PythonRuntime.Run(() => action(_handle ?? throw Disposed()));
        }
        Enter(operation);
        try
        {
            var handle = _handle ?? throw Disposed();
            return PythonRuntime.Run(() => action(handle));
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private void Enter(string operation)
    {
        while (!Monitor.TryEnter(_gate, 20))
        {
            if (_training)
            {
                throw new InvalidOperationException(
                    $"{operation} was called on model '{Name}' while it is training; wait for Fit to return (or cancel it) first.");
            }
        }
        if (_handle is null)
        {
            Monitor.Exit(_gate);
            throw Disposed();
        }
    }

    private void EnterForTraining()
    {
        Enter(nameof(Fit));
        _training = true;
    }

    private ObjectDisposedException Disposed() => new(nameof(Model), $"Model '{_info.Name}' has been disposed.");

    private ModelInfo ReadInfo()
    {
        var handle = _handle ?? throw Disposed();
        var json = PythonRuntime.Run(() =>
        {
            return PythonFunctions.Api("info").Invoke(handle).As<string>();
        });
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ModelInfo(
            root.GetProperty("name").GetString() ?? "",
            ReadShape(root.GetProperty("input_shape")),
            ReadShape(root.GetProperty("output_shape")),
            root.GetProperty("layers").EnumerateArray().Select(e => e.GetString()!).ToList(),
            root.TryGetProperty("inputs", out var inputs) ? inputs.GetInt32() : 1,
            root.TryGetProperty("outputs", out var outputs) ? outputs.GetInt32() : 1,
            ReadNames(root, "input_names"),
            ReadNames(root, "output_names"),
            ReadShapes(root, "input_shapes"),
            ReadShapes(root, "output_shapes"));
    }

    private static IReadOnlyList<int?>? ReadShape(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null
            ? null
            : element.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Null ? (int?)null : d.GetInt32()).ToList();

    internal static string FormatShape(IEnumerable<int?> shape) => string.Join(", ", shape.Select(d => d?.ToString() ?? "None"));

    /// <summary>What the engine says about a model; Inputs/Outputs count a Functional model's inputs and outputs.</summary>
    private sealed record ModelInfo(string Name, IReadOnlyList<int?>? InputShape, IReadOnlyList<int?>? OutputShape, IReadOnlyList<string> Layers,
        int Inputs, int Outputs, IReadOnlyList<string> InputNames, IReadOnlyList<string> OutputNames,
        IReadOnlyList<IReadOnlyList<int?>> InputShapes, IReadOnlyList<IReadOnlyList<int?>> OutputShapes);
}
