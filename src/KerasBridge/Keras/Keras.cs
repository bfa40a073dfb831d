using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// The entry point that reads like the lesson's Python: <c>using static KerasBridge.Keras;</c> then
/// <c>Sequential(Input(shape: [4]), Layers.Dense(10, activation: "relu"), ...)</c>.
/// </summary>
public static class Keras
{
    /// <summary>
    /// The engine new models use. Auto (the default) means KERASBRIDGE_ENGINE when set, else real Keras when it
    /// imports, else the PyTorch engine.
    /// </summary>
    public static EngineKind DefaultEngine { get; set; } = EngineKind.Auto;

    /// <summary>
    /// <c>keras.Input(shape=..., name=..., dtype=...)</c>: a symbolic tensor for one input of a model; <paramref name="shape"/> is
    /// the shape of one sample, e.g. <c>[4]</c> or <c>[8, 8, 1]</c>. Apply layers to it and pass it to <see cref="Model(KerasTensor, KerasTensor, string?, EngineKind)"/>,
    /// or make it the first item of <see cref="Sequential(Layer[])"/>.
    /// </summary>
    public static KerasTensor Input(int[] shape, string? name = null, string dtype = "float32")
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new InputLayer(shape.Select(d => (int?)d).ToList(), name, dtype).Output;
    }

    /// <summary><c>keras.Input(shape=(None, 8))</c>: as <see cref="Input(int[], string?, string)"/>, with null for a dimension of any size (e.g. sequence length).</summary>
    public static KerasTensor Input(IReadOnlyList<int?> shape, string? name = null, string dtype = "float32") =>
        new InputLayer(shape ?? throw new ArgumentNullException(nameof(shape)), name, dtype).Output;

    /// <summary>
    /// <c>keras.Model(inputs=..., outputs=..., name=...)</c>: the Functional model that computes <paramref name="outputs"/> from
    /// <paramref name="inputs"/>, on the given engine (Auto: the default engine). Layers taken from built models keep their weights.
    /// </summary>
    /// <exception cref="ArgumentException">An output needs an input not given, two layers share a name, or an input is not from Keras.Input.</exception>
    public static Model Model(KerasTensor inputs, KerasTensor outputs, string? name = null, EngineKind engine = EngineKind.Auto) =>
        Functional.Build([inputs ?? throw new ArgumentNullException(nameof(inputs))], false,
            [outputs ?? throw new ArgumentNullException(nameof(outputs))], false, name, engine);

    /// <summary><c>keras.Model(inputs=[a, b], outputs=[y1, y2])</c>: a model with several inputs and/or outputs, in this order.</summary>
    public static Model Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, EngineKind engine = EngineKind.Auto) =>
        Functional.Build(inputs, true, outputs, true, name, engine);

    /// <summary><c>keras.Model(inputs=[a, b], outputs=y)</c>.</summary>
    public static Model Model(IReadOnlyList<KerasTensor> inputs, KerasTensor outputs, string? name = null, EngineKind engine = EngineKind.Auto) =>
        Functional.Build(inputs, true, [outputs ?? throw new ArgumentNullException(nameof(outputs))], false, name, engine);

    /// <summary><c>keras.Model(inputs=x, outputs=[y1, y2])</c>.</summary>
    public static Model Model(KerasTensor inputs, IReadOnlyList<KerasTensor> outputs, string? name = null, EngineKind engine = EngineKind.Auto) =>
        Functional.Build([inputs ?? throw new ArgumentNullException(nameof(inputs))], false, outputs, true, name, engine);

    /// <summary><c>keras.Sequential([...])</c> on the default engine. Start with <see cref="Input(int[], string?, string)"/> so the model is built at once.</summary>
    public static Model Sequential(params Layer[] layers) => Sequential(layers, name: null, engine: EngineKind.Auto);

    /// <summary><c>keras.Sequential([...], name=...)</c> on the given engine (Auto: the default engine).</summary>
    public static Model Sequential(IEnumerable<Layer> layers, string? name = null, EngineKind engine = EngineKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = layers.ToList();
        if (list.Count == 0 || list.All(l => l is InputLayer))
        {
            throw new ArgumentException("Expected at least one layer besides the input; got none.", nameof(layers));
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"Expected layers without null entries; layer {i} is null.", nameof(layers));
            }
            if (list[i] is InputLayer && i != 0)
            {
                throw new ArgumentException($"Expected the Input to be the first layer; it is layer {i}.", nameof(layers));
            }
        }
        var duplicate = list.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Expected unique layer names; '{duplicate.Key}' is used {duplicate.Count()} times.", nameof(layers));
        }
        var config = new JsonObject
        {
            ["name"] = name ?? LayerNames.Next("sequential"),
            ["trainable"] = true,
            ["dtype"] = KerasConfig.DTypePolicy(),
            ["layers"] = new JsonArray(list.Select(l => (JsonNode?)l.ToConfig()).ToArray()),
        };
        var model = KerasConfig.Serialized("keras", "Sequential", config);
        if (list[0] is InputLayer input)
        {
            config["build_input_shape"] = KerasConfig.Shape(new int?[] { null }.Concat(input.SampleShape));
            model["build_config"] = new JsonObject { ["input_shape"] = config["build_input_shape"]!.DeepClone() };
        }
        var built = Models.FromConfig(KerasJson.Serialize(model), engine);
        built.CopyWeightsFrom(list.Where(l => l is not InputLayer && l.Owner is { IsDisposed: false })
            .Select(l => (l.Name, l.Owner!, (string?)l.Name)).ToList());
        built.BuiltFrom(list, null);
        return built;
    }

    /// <summary>Resets automatic layer naming (dense, dense_1, ...), as <c>keras.backend.clear_session()</c>.</summary>
    public static void ClearSession() => LayerNames.Reset();
}

/// <summary>Mirrors <c>keras.models</c>: loading and building models.</summary>
public static class Models
{
    /// <summary>
    /// <c>keras.models.load_model</c>: opens a Keras 3 .keras file or a legacy .h5 model. With <paramref name="safeMode"/>
    /// (the default), a file whose config would run arbitrary code (a Lambda layer) is refused.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, damaged or not a model; the message names the file and the problem.</exception>
    /// <exception cref="UnsafeModelException">The file holds code and safeMode is true.</exception>
    public static Model LoadModel(string path, bool safeMode = true, EngineKind engine = EngineKind.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var e = ResolveEngine(engine);
        var handle = PythonRuntime.Run(() =>
        {
            return PythonFunctions.Api("load").Invoke(e.Handle, new PyString(full), safeMode.ToPython());
        });
        return new Model(e, handle);
    }

    /// <summary>Builds a model from Keras's serialized config (the JSON of a .keras file's config.json).</summary>
    public static Model FromConfig(string configJson, EngineKind engine = EngineKind.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configJson);
        var e = ResolveEngine(engine);
        var handle = PythonRuntime.Run(() =>
        {
            return PythonFunctions.Api("build").Invoke(e.Handle, new PyString(configJson));
        });
        return new Model(e, handle);
    }

    /// <summary>
    /// <c>keras.models.model_from_json</c>: a Sequential or Functional model from the JSON <c>model.to_json()</c>
    /// (or <see cref="Model.ToJson"/>) wrote; the layers are new, with Keras's initial weights.
    /// </summary>
    public static Model ModelFromJson(string json, EngineKind engine = EngineKind.Auto) => FromConfig(json, engine);

    private static Engine ResolveEngine(EngineKind engine) =>
        engine == EngineKind.Auto ? Engine.Current : Engine.Get(engine);
}

/// <summary>Mirrors <c>keras.utils</c>.</summary>
public static partial class Utils
{
    /// <summary><c>keras.utils.set_random_seed</c>: seeds Python, NumPy and the engine's backend, so a run repeats on that engine.</summary>
    public static void SetRandomSeed(int seed) => Engine.Current.SetRandomSeed(seed);
}
