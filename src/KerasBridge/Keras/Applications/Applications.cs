using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Mirrors <c>keras.applications</c>: the architectures Keras ships (DenseNet, ResNet, VGG, MobileNet, MobileNetV2,
/// MobileNetV3, EfficientNet, EfficientNetV2, ConvNeXt, Xception, InceptionV3), with or without their ImageNet classifier, with random weights, the ImageNet
/// weights Keras publishes, or a weights file.
/// On the Keras engine they are Keras's own; on the PyTorch engine the bridge builds the same graph (same layer classes,
/// names, order, arguments and parameter counts), so Keras's weights files load into it by layer name.
/// Each family's <c>PreprocessInput</c> and <c>DecodePredictions</c> are in its nested class (e.g. <see cref="DenseNet"/>).
/// </summary>
public static partial class Applications
{
    /// <summary>
    /// Builds an application, as <c>keras.applications.&lt;function&gt;(...)</c>. With <paramref name="inputTensor"/> the
    /// application's layers are applied to that tensor and the model's input is the <c>Keras.Input</c> it comes from.
    /// </summary>
    internal static Model Create(string function, bool includeTop, string? weights, KerasTensor? inputTensor, int[]? inputShape,
        Pooling? pooling, int classes, string? classifierActivation, string? name, EngineKind engine, JsonObject? extra = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a non-empty model name or null; got '{name}'.", nameof(name));
        }
        var shape = inputShape;
        if (inputTensor is not null)
        {
            shape = TensorShape(inputTensor, inputShape);
        }
        var arguments = new JsonObject
        {
            ["include_top"] = includeTop,
            ["weights"] = weights is null or "imagenet" ? weights : Path.GetFullPath(weights),
            ["input_shape"] = shape is null ? null : new JsonArray(shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
            ["pooling"] = pooling?.Name,
            ["classes"] = classes,
            ["classifier_activation"] = classifierActivation,
        };
        if (name is not null)
        {
            arguments["name"] = name;
        }
        foreach (var (key, value) in extra ?? [])
        {
            arguments[key] = value?.DeepClone();
        }
        var e = engine == EngineKind.Auto ? Engine.Current : Engine.Get(engine);
        Func<string, string> autoName = LayerNames.Next;
        var handle = PythonRuntime.Run(() =>
        {
            using var f = new PyString(function);
            using var a = new PyString(KerasJson.Serialize(arguments));
            using var n = autoName.ToPython();
            return PythonFunctions.Api("application").Invoke(e.Handle, f, a, n);
        });
        var model = new Model(e, handle);
        return inputTensor is null ? model : ApplicationOnTensor.Rebuild(model, inputTensor);
    }

    /// <summary>
    /// The layer classes of this application that the engine cannot build yet (always none on the Keras engine; on the
    /// PyTorch engine, the layers it still lacks).
    /// </summary>
    internal static IReadOnlyList<string> MissingLayers(string function, EngineKind engine, bool includeTop = false, int[]? inputShape = null,
        JsonObject? extra = null)
    {
        var arguments = new JsonObject
        {
            ["include_top"] = includeTop,
            ["input_shape"] = inputShape is null ? null : new JsonArray(inputShape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        };
        foreach (var (key, value) in extra ?? [])
        {
            arguments[key] = value?.DeepClone();
        }
        var e = engine == EngineKind.Auto ? Engine.Current : Engine.Get(engine);
        var json = PythonRuntime.Run(() =>
        {
            using var f = new PyString(function);
            using var a = new PyString(KerasJson.Serialize(arguments));
            return PythonFunctions.Api("application_missing_layers").Invoke(e.Handle, f, a).As<string>();
        });
        return JsonNode.Parse(json)!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    /// <summary>The layer classes of a model config (Keras's JSON) that the engine cannot build yet.</summary>
    internal static IReadOnlyList<string> MissingLayers(string modelConfigJson, EngineKind engine)
    {
        var e = engine == EngineKind.Auto ? Engine.Current : Engine.Get(engine);
        var json = PythonRuntime.Run(() =>
        {
            using var c = new PyString(modelConfigJson);
            return PythonFunctions.Api("missing_layers").Invoke(e.Handle, c).As<string>();
        });
        return JsonNode.Parse(json)!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    private static int[] TensorShape(KerasTensor tensor, int[]? inputShape)
    {
        if (tensor.Rank != 4 || tensor.Shape.Skip(1).Any(d => d is null))
        {
            throw new ArgumentException(
                $"Expected inputTensor to be a batch of images with known size, shape (None, height, width, channels); got ({Model.FormatShape(tensor.Shape)}).",
                "inputTensor");
        }
        var shape = tensor.Shape.Skip(1).Select(d => d!.Value).ToArray();
        if (inputShape is not null && !inputShape.SequenceEqual(shape))
        {
            throw new ArgumentException(
                $"Expected inputShape to match inputTensor's shape ({string.Join(", ", shape)}) or to be null; got ({string.Join(", ", inputShape)}).",
                nameof(inputShape));
        }
        return shape;
    }

    /// <summary>Runs a family's preprocess_input (mode "caffe", "tf", "torch" or null for identity) on images.</summary>
    internal static TArray Preprocess<TArray>(TArray x, string? mode, string parameterName) where TArray : class
    {
        ArgumentNullException.ThrowIfNull(x, parameterName);
        if (x is not Array array)
        {
            throw new ArgumentException($"Expected an array of images; got {x.GetType().Name}.", parameterName);
        }
        return PythonRuntime.Run(() =>
        {
            using var px = NumpyArrays.ToNumpy(array, parameterName);
            using var m = mode is null ? PyObject.None : new PyString(mode);
            using var result = PythonFunctions.Api("application_preprocess").Invoke(px, m);
            return NumpyArrays.ToArray<TArray>(result);
        });
    }
}
