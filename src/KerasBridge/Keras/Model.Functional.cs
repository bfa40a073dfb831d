using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

// The Functional API side of a model: its symbolic inputs and outputs, its layers, its trainable flag, and calling
// it as a layer inside another model.
public sealed partial class Model : IGraphOperation
{
    private readonly object _graphGate = new();
    private ModelGraphReader.Result? _graph;
    private IReadOnlyDictionary<string, Layer>? _builtFrom;

    /// <summary>Builds the model's graph from these objects (a model built in C#), so its Layers are the objects the user made.</summary>
    internal void BuiltFrom(IEnumerable<Layer> layers, FunctionalGraph? graph)
    {
        var list = layers.ToList();
        foreach (var layer in list.Where(l => l is not InputLayer))
        {
            layer.Owner = this;
        }
        _builtFrom = list.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.First());
        if (graph is not null)
        {
            _graph = new ModelGraphReader.Result(list, graph);
        }
    }

    internal bool IsDisposed => _handle is null;

    /// <summary>
    /// The model's layers, as Keras's <c>model.layers</c>: a Functional model lists its inputs too, a Sequential model does not.
    /// Layers made in C# are the same objects; the layers of a loaded model are <see cref="ConfiguredLayer"/>s. Each is bound
    /// to this model: setting its <see cref="Layer.Trainable"/> freezes it here.
    /// </summary>
    public IReadOnlyList<Layer> Layers => Graph().Layers;

    /// <summary><c>model.get_layer(name)</c>.</summary>
    /// <exception cref="ArgumentException">No layer has that name (the message lists the names).</exception>
    public Layer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var layers = Layers;
        return layers.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException(
            $"Expected the name of a layer of model '{Name}' ({string.Join(", ", layers.Select(l => l.Name))}); got '{name}'.", nameof(name));
    }

    /// <summary><c>model.get_layer(index=...)</c>: the layer at this position of <see cref="Layers"/>.</summary>
    public Layer GetLayer(int index)
    {
        var layers = Layers;
        return index >= 0 && index < layers.Count
            ? layers[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index from 0 to {layers.Count - 1}; got {index}.");
    }

    /// <summary><c>model.operations</c>: the layers and the ops (x + 3.0) of the graph, in Keras's order.</summary>
    internal IReadOnlyList<IGraphOperation> Operations => BuiltGraph(nameof(Operations)).Operations;

    /// <summary><c>model.inputs</c>: the symbolic inputs, in order.</summary>
    public IReadOnlyList<KerasTensor> Inputs => BuiltGraph(nameof(Inputs)).Inputs;

    /// <summary><c>model.outputs</c>: the symbolic outputs, in order.</summary>
    public IReadOnlyList<KerasTensor> Outputs => BuiltGraph(nameof(Outputs)).Outputs;

    /// <summary><c>model.input</c>: the symbolic input of a model with one input.</summary>
    public KerasTensor Input => Only(Inputs, "input", nameof(Inputs));

    /// <summary><c>model.output</c>: the symbolic output of a model with one output (e.g. <c>baseModel.Output</c>, to put a new head on).</summary>
    public KerasTensor Output => Only(Outputs, "output", nameof(Outputs));

    /// <summary>
    /// <c>model.trainable</c>: false freezes every layer (as Keras's setter does): Fit leaves their weights alone, the summary
    /// counts them as non-trainable, BatchNormalization layers run in inference mode. Compile again after changing it.
    /// </summary>
    public bool Trainable
    {
        get => IsLayerTrainable(null);
        set => SetLayerTrainable(null, value);
    }

    /// <summary>
    /// Calls the whole model on a symbolic tensor, as Keras's <c>base_model(x, training=False)</c>: the model becomes one
    /// layer of the model built from the result, and keeps its weights there.
    /// </summary>
    /// <param name="input">The tensor to call the model on.</param>
    /// <param name="training">Keras's <c>training=</c> call argument: false keeps its Dropout and BatchNormalization in inference mode.</param>
    public KerasTensor Apply(KerasTensor input, bool? training = null)
    {
        var outputs = SymbolicCall.Apply(this, [input], asList: false, training);
        return outputs.Count == 1
            ? outputs[0]
            : throw new InvalidOperationException($"Model '{Name}' has {outputs.Count} outputs; use ApplyMultiple to get them all.");
    }

    /// <summary>Calls the model on its inputs (in order) and returns all its outputs.</summary>
    public IReadOnlyList<KerasTensor> ApplyMultiple(IReadOnlyList<KerasTensor> inputs, bool? training = null) =>
        SymbolicCall.Apply(this, inputs, asList: false, training);

    List<Node> IGraphOperation.InboundNodes { get; } = [];

    string IGraphOperation.ClassName => ClassName;

    bool IGraphOperation.IsFunctionalModel => ClassName == "Functional";

    JsonObject IGraphOperation.ToEntry() => JsonNode.Parse(ToJson())!.AsObject();

    (Model Model, string? LayerName)? IGraphOperation.WeightSource => IsDisposed ? null : (this, null);

    string IGraphOperation.Describe() => $"model '{Name}' ({ClassName})";

    /// <summary>Keras's class name of this model: "Sequential" or "Functional".</summary>
    public string ClassName => _className ??= JsonNode.Parse(ToJson())?["class_name"]?.GetValue<string>() ?? "Functional";

    private string? _className;

    internal bool IsLayerTrainable(string? layerName) => Use(nameof(Trainable), handle =>
    {
        using var name = layerName is null ? PyObject.None : new PyString(layerName);
        return PythonFunctions.Api("is_trainable").Invoke(handle, name).As<bool>();
    });

    internal void SetLayerTrainable(string? layerName, bool value) => Use(nameof(Trainable), handle =>
    {
        using var name = layerName is null ? PyObject.None : new PyString(layerName);
        using var flag = value.ToPython();
        PythonFunctions.Api("set_trainable").Invoke(handle, name, flag).Dispose();
        return 0;
    });

    /// <summary>Gives layers of this model the weights of the layers (or models) they were taken from.</summary>
    internal void CopyWeightsFrom(IEnumerable<(string Name, Model Source, string? SourceLayer)> copies)
    {
        var list = copies.Where(c => !c.Source.IsDisposed).ToList();
        if (list.Count == 0)
        {
            return;
        }
        Use("Model", handle =>
        {
            using var items = new PyList();
            foreach (var (name, source, sourceLayer) in list)
            {
                var sourceHandle = source._handle ?? throw source.Disposed();
                using var entry = new PyTuple([new PyString(name), sourceHandle, sourceLayer is null ? PyObject.None : new PyString(sourceLayer)]);
                items.Append(entry);
            }
            PythonFunctions.Api("copy_layer_weights").Invoke(handle, items).Dispose();
            return 0;
        });
    }

    private ModelGraphReader.Result Graph()
    {
        lock (_graphGate)
        {
            if (_graph is not null)
            {
                return _graph;
            }
            var read = ModelGraphReader.Read(this, JsonNode.Parse(ToJson())!.AsObject(), _builtFrom);
            if (read.Graph is not null)
            {
                _graph = read; // a Sequential without an input shape gets one when it is first fitted: read it again then
            }
            return read;
        }
    }

    private FunctionalGraph BuiltGraph(string property) => Graph().Graph ?? throw new InvalidOperationException(
        $"Model '{Name}' has no {property.ToLowerInvariant()} yet: it was made without an input shape. Start it with Input(shape: [...]) or fit it first.");

    private KerasTensor Only(IReadOnlyList<KerasTensor> tensors, string what, string plural) => tensors.Count == 1
        ? tensors[0]
        : throw new InvalidOperationException($"Model '{Name}' has {tensors.Count} {what}s; use {plural}.");
}
