using System.Reflection;
using System.Text.Json.Nodes;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// Holds every typed factory against the Keras catalog embedded in the assembly (Keras 3.15.1's constructors): each C#
/// parameter is a Keras parameter in C# casing, required exactly where Keras requires it, with Keras's default (or null
/// standing for it); and the config a factory writes with only its required arguments has Keras's default for every
/// other parameter (the whole get_config where the catalog has one). Defaults cannot drift from Keras's.
/// </summary>
public sealed class FactoryDefaultsTests
{
    // Deliberate differences from Keras's signature, each with its reason.
    private static readonly Dictionary<string, string> RequiredInCSharpOnly = new()
    {
        ["Normalization.mean"] = "KerasBridge offers no adapt(): the statistics are given",
        ["Normalization.variance"] = "KerasBridge offers no adapt(): the statistics are given",
        ["CategoryEncoding.num_tokens"] = "Keras's default None is refused by its constructor",
        ["Discretization.bin_boundaries"] = "KerasBridge offers no adapt() (num_bins): the boundaries are given",
    };

    // Parameters Keras's constructor takes through **kwargs (its base class's), so the catalog does not list them.
    private static readonly Dictionary<string, string> TakenThroughKwargs = new()
    {
        ["RandomContrast.data_format"] = "BaseImagePreprocessingLayer takes it; RandomContrast averages over its height and width axes",
        ["MaxNumBoundingBoxes.data_format"] = "BaseImagePreprocessingLayer takes it and MaxNumBoundingBoxes writes it",
        ["AutoContrast.data_format"] = "BaseImagePreprocessingLayer takes it and AutoContrast writes it",
    };

    // Defaults Keras's constructor rewrites before get_config (the catalog's default config holds what it writes).
    private static readonly Dictionary<string, string> KerasRewritesDefault = new()
    {
        ["RandomInvert.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomErasing.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomGaussianBlur.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomGaussianBlur.kernel_size"] = "Keras reads 3 as [3, 3] and writes that",
        ["RandomGaussianBlur.sigma"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomPerspective.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["CutMix.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomElasticTransform.factor"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandomElasticTransform.scale"] = "Keras reads 1.0 as the range [0, 1.0] and writes that",
        ["RandAugment.factor"] = "Keras reads 0.5 as the range [0, 0.5] and writes that",
        ["AugMix.factor"] = "Keras reads 0.3 as the range [0, 0.3] and writes that",
    };

    // The layers' required arguments, for the configs written with everything else left to its default.
    private static readonly Dictionary<string, Func<Layer>> RequiredOnly = new()
    {
        ["Activation"] = () => Layers.Activation("relu"),
        ["Reshape"] = () => Layers.Reshape([2, 2]),
        ["Permute"] = () => Layers.Permute([2, 1]),
        ["RepeatVector"] = () => Layers.RepeatVector(3),
        ["TimeDistributed"] = () => Layers.TimeDistributed(Layers.Dense(2)),
        ["Conv1D"] = () => Layers.Conv1D(2, 3),
        ["Conv2D"] = () => Layers.Conv2D(2, 3),
        ["Conv2DTranspose"] = () => Layers.Conv2DTranspose(2, 3),
        ["Conv3D"] = () => Layers.Conv3D(2, 3),
        ["Conv3DTranspose"] = () => Layers.Conv3DTranspose(2, 3),
        ["AveragePooling3D"] = () => Layers.AveragePooling3D(2),
        ["AdaptiveAveragePooling1D"] = () => Layers.AdaptiveAveragePooling1D(2),
        ["AdaptiveAveragePooling2D"] = () => Layers.AdaptiveAveragePooling2D(2),
        ["AdaptiveAveragePooling3D"] = () => Layers.AdaptiveAveragePooling3D(2),
        ["AdaptiveMaxPooling1D"] = () => Layers.AdaptiveMaxPooling1D(2),
        ["AdaptiveMaxPooling2D"] = () => Layers.AdaptiveMaxPooling2D(2),
        ["AdaptiveMaxPooling3D"] = () => Layers.AdaptiveMaxPooling3D(2),
        ["DepthwiseConv2D"] = () => Layers.DepthwiseConv2D(3),
        ["SeparableConv2D"] = () => Layers.SeparableConv2D(2, 3),
        ["AveragePooling1D"] = () => Layers.AveragePooling1D(2),
        ["AveragePooling2D"] = () => Layers.AveragePooling2D(2),
        ["Dropout"] = () => Layers.Dropout(0.5),
        ["SpatialDropout1D"] = () => Layers.SpatialDropout1D(0.5),
        ["SpatialDropout2D"] = () => Layers.SpatialDropout2D(0.5),
        ["GaussianNoise"] = () => Layers.GaussianNoise(0.1),
        ["GaussianDropout"] = () => Layers.GaussianDropout(0.1),
        ["AlphaDropout"] = () => Layers.AlphaDropout(0.1),
        ["SpatialDropout3D"] = () => Layers.SpatialDropout3D(0.5),
        ["Dense"] = () => Layers.Dense(2),
        ["Embedding"] = () => Layers.Embedding(10, 4),
        ["SimpleRNN"] = () => Layers.SimpleRNN(3),
        ["LSTM"] = () => Layers.LSTM(3),
        ["GRU"] = () => Layers.GRU(3),
        ["Bidirectional"] = () => Layers.Bidirectional(Layers.LSTM(3)),
        ["RNN"] = () => Layers.RNN(Layers.LSTMCell(3)),
        ["SimpleRNNCell"] = () => Layers.SimpleRNNCell(3),
        ["LSTMCell"] = () => Layers.LSTMCell(3),
        ["GRUCell"] = () => Layers.GRUCell(3),
        ["StackedRNNCells"] = () => Layers.StackedRNNCells([Layers.LSTMCell(3)]),
        ["ConvLSTM1D"] = () => Layers.ConvLSTM1D(2, 3),
        ["ConvLSTM2D"] = () => Layers.ConvLSTM2D(2, 3),
        ["ConvLSTM3D"] = () => Layers.ConvLSTM3D(2, 3),
        ["Conv1DTranspose"] = () => Layers.Conv1DTranspose(2, 3),
        ["DepthwiseConv1D"] = () => Layers.DepthwiseConv1D(3),
        ["SeparableConv1D"] = () => Layers.SeparableConv1D(2, 3),
        ["MultiHeadAttention"] = () => Layers.MultiHeadAttention(2, 4),
        ["GroupedQueryAttention"] = () => Layers.GroupedQueryAttention(2, 4, 2),
        ["EinsumDense"] = () => Layers.EinsumDense("ab,bc->ac", [3]),
        ["Rescaling"] = () => Layers.Rescaling(0.5),
        ["Normalization"] = () => Layers.Normalization([0.0], [1.0]),
        ["Resizing"] = () => Layers.Resizing(4, 4),
        ["CenterCrop"] = () => Layers.CenterCrop(4, 4),
        ["CategoryEncoding"] = () => Layers.CategoryEncoding(3),
        ["Discretization"] = () => Layers.Discretization([0.0]),
        ["Hashing"] = () => Layers.Hashing(3),
        ["HashedCrossing"] = () => Layers.HashedCrossing(3),
        ["SpectralNormalization"] = () => Layers.SpectralNormalization(Layers.Dense(2)),
        ["ReversibleEmbedding"] = () => Layers.ReversibleEmbedding(10, 4),
        ["RandomRotation"] = () => Layers.RandomRotation(0.1),
        ["RandomZoom"] = () => Layers.RandomZoom(0.1),
        ["RandomTranslation"] = () => Layers.RandomTranslation(0.1, 0.1),
        ["RandomContrast"] = () => Layers.RandomContrast(0.1),
        ["RandomBrightness"] = () => Layers.RandomBrightness(0.1),
        ["RandomCrop"] = () => Layers.RandomCrop(2, 2),
        ["RandomHue"] = () => Layers.RandomHue(0.1),
        ["RandomSaturation"] = () => Layers.RandomSaturation(0.1),
        ["RandomColorDegeneration"] = () => Layers.RandomColorDegeneration(0.1),
        ["RandomSharpness"] = () => Layers.RandomSharpness(0.1),
        ["RandomPosterization"] = () => Layers.RandomPosterization(4),
        ["Dot"] = () => Layers.Dot(1),
        ["MaxNumBoundingBoxes"] = () => Layers.MaxNumBoundingBoxes(3),
    };

    // The object factories' required arguments (Keras's classes without a default config), for the configs written with
    // everything else left to its default.
    private static readonly Dictionary<string, Func<object>> RequiredObjects = new()
    {
        ["metrics.PrecisionAtRecall"] = () => Metrics.PrecisionAtRecall(0.5),
        ["metrics.RecallAtPrecision"] = () => Metrics.RecallAtPrecision(0.5),
        ["metrics.SensitivityAtSpecificity"] = () => Metrics.SensitivityAtSpecificity(0.5),
        ["metrics.SpecificityAtSensitivity"] = () => Metrics.SpecificityAtSensitivity(0.5),
        ["metrics.IoU"] = () => Metrics.IoU(3, [0, 2]),
        ["metrics.MeanIoU"] = () => Metrics.MeanIoU(3),
        ["metrics.OneHotIoU"] = () => Metrics.OneHotIoU(3, [1]),
        ["metrics.OneHotMeanIoU"] = () => Metrics.OneHotMeanIoU(3),
    };

    public static TheoryData<string> LayerFactories() => [.. Factories(typeof(Layers)).Select(m => m.Name).Distinct()];

    [Theory]
    [MemberData(nameof(LayerFactories))]
    public void LayerFactoryHasKerasParametersAndDefaults(string className)
    {
        var entry = LayerEntry(className);
        var overloads = Factories(typeof(Layers)).Where(m => m.Name == className).ToList();
        foreach (var method in overloads)
        {
            AssertParameters(entry, method, layerKwargs: true, overloads);
        }
        var layer = RequiredOnly.TryGetValue(className, out var make)
            ? make()
            : (Layer)Factories(typeof(Layers)).First(m => m.Name == className && m.GetParameters().All(p => p.HasDefaultValue))
                .Invoke(null, Factories(typeof(Layers)).First(m => m.Name == className && m.GetParameters().All(p => p.HasDefaultValue))
                    .GetParameters().Select(p => p.DefaultValue).ToArray())!;
        AssertDefaults(entry, (JsonObject)layer.ToConfig()["config"]!);
    }

    // A factory named after the Python class where Keras exports it under another name
    // (Layers.GroupedQueryAttention: keras.layers.GroupQueryAttention, class GroupedQueryAttention).
    private static CatalogClass LayerEntry(string className)
    {
        var group = KerasCatalog.Group("layers");
        return group.TryGet(className, out var entry)
            ? entry
            : group.Names.Select(n => group.Get(n, nameof(className))).FirstOrDefault(c => c.ClassName == className) ?? group.Get(className, nameof(className));
    }

    public static TheoryData<string, string> ObjectFactories() =>
    [
        .. new[]
        {
            Factories(typeof(Initializers)).Select(m => ("initializers", m.Name)),
            Factories(typeof(Regularizers)).Select(m => ("regularizers", m.Name)),
            Factories(typeof(Constraints)).Select(m => ("constraints", m.Name)),
            Factories(typeof(Losses)).Select(m => ("losses", m.Name)),
            Factories(typeof(Optimizers)).Select(m => ("optimizers", m.Name)),
            Factories(typeof(Metrics)).Select(m => ("metrics", m.Name)),
        }.SelectMany(rows => rows).Distinct(),
    ];

    [Theory]
    [MemberData(nameof(ObjectFactories))]
    public void ObjectFactoryHasKerasParametersAndDefaultConfig(string group, string className)
    {
        var entry = KerasCatalog.Group(group).Get(className, "className");
        var type = group switch
        {
            "initializers" => typeof(Initializers),
            "regularizers" => typeof(Regularizers),
            "constraints" => typeof(Constraints),
            "losses" => typeof(Losses),
            "optimizers" => typeof(Optimizers),
            _ => typeof(Metrics),
        };
        // Overloads taking another form of an argument (CategoricalFocalCrossentropy's per-class alpha) are checked too; the
        // default config comes from the one whose parameters all have defaults (or the only one).
        var overloads = Factories(type).Where(m => m.Name == className).ToList();
        foreach (var overload in overloads)
        {
            AssertParameters(entry, overload, layerKwargs: false, overloads);
        }
        var method = overloads.Count == 1 ? overloads[0] : overloads.Single(m => m.GetParameters().All(p => p.HasDefaultValue || p.IsDefined(typeof(ParamArrayAttribute))));
        var made = RequiredObjects.TryGetValue($"{group}.{className}", out var make)
            ? make()
            : method.Invoke(null, method.GetParameters()
                .Select(p => p.IsDefined(typeof(ParamArrayAttribute)) ? Array.CreateInstance(p.ParameterType.GetElementType()!, 0) : p.DefaultValue).ToArray())!;
        var config = made switch
        {
            Initializer i => i.Config,
            Regularizer r => r.Config,
            Constraint c => c.Config,
            Loss l => (JsonObject)l.ToConfig()["config"]!,
            Optimizer o => o.Config,
            Metric m => (JsonObject)m.ToConfig()["config"]!,
            _ => throw new InvalidOperationException(made.GetType().Name),
        };
        if (make is not null && entry.DefaultConfig is null)
        {
            // Keras's class needs arguments, so the catalog has no default config: each optional parameter's default instead.
            Assert.Equal(className, made is Metric metric ? (string?)metric.ToConfig()["class_name"] : className);
            AssertDefaults(entry, config);
            return;
        }
        Assert.NotNull(entry.DefaultConfig);
        // Keras's default optimizer name is made unique per instance (adam, adam_1, ...); KerasBridge leaves it to Keras (null).
        var expected = (JsonObject)entry.DefaultConfig!.DeepClone();
        if (group == "optimizers")
        {
            expected.Remove("name");
            config.Remove("name");
        }
        Assert.True(JsonEquivalence.Equal(expected, config),
            $"{group}.{className}: the factory writes {config.ToJsonString()}, Keras's default config is {expected.ToJsonString()}.");
    }

    private static IEnumerable<MethodInfo> Factories(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name != "Create" && !m.IsSpecialName && (typeof(Layer).IsAssignableFrom(m.ReturnType) || m.ReturnType == typeof(Initializer)
                || m.ReturnType == typeof(Regularizer) || m.ReturnType == typeof(Constraint) || m.ReturnType == typeof(Loss)
                || m.ReturnType == typeof(Optimizer) || m.ReturnType == typeof(Metric)));

    /// <summary>Every C# parameter is a Keras parameter (camelCase of snake_case), required where Keras's is, with Keras's default or null.</summary>
    private static void AssertParameters(CatalogClass entry, MethodInfo method, bool layerKwargs, IReadOnlyList<MethodInfo> overloads)
    {
        foreach (var parameter in method.GetParameters())
        {
            var keras = KerasName(parameter.Name!);
            var catalog = entry.Parameter(keras);
            if (catalog is null)
            {
                Assert.True(layerKwargs && CatalogArguments.LayerKwargs.Contains(keras) || keras == "name" && entry.Parameter("name") is not null
                    || TakenThroughKwargs.ContainsKey($"{entry.Name}.{keras}"),
                    $"{entry.Name}: C# parameter {parameter.Name} ({keras}) is not a parameter of Keras's {entry.Name} ({string.Join(", ", entry.Parameters.Select(p => p.Name))}).");
                continue;
            }
            if (parameter.IsDefined(typeof(ParamArrayAttribute)))
            {
                continue; // none given stands for Keras's default; AssertDefaults checks what the factory writes for it
            }
            if (catalog.Required)
            {
                Assert.False(parameter.HasDefaultValue, $"{entry.Name}.{keras} is required in Keras but has a default in C#.");
                continue;
            }
            // An overload taking another form of the argument (ZeroPadding2D's ((top, bottom), (left, right))) needs no default of its own.
            if (!parameter.HasDefaultValue && overloads.Any(o => o.GetParameters().Any(p => p.Name == parameter.Name && p.HasDefaultValue)))
            {
                continue;
            }
            if (!parameter.HasDefaultValue)
            {
                Assert.True(RequiredInCSharpOnly.ContainsKey($"{entry.Name}.{keras}"), $"{entry.Name}.{keras} has a Keras default ({catalog.Default?.ToJsonString()}) but none in C#.");
                continue;
            }
            if (parameter.DefaultValue is null)
            {
                continue; // null stands for Keras's default; AssertDefaults checks what the factory writes for it
            }
            var csharp = parameter.DefaultValue switch
            {
                Padding p => JsonValue.Create(p.ToString().ToLowerInvariant()),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                int i => JsonValue.Create(i),
                double d => (JsonNode)JsonValue.Create(d),
                var other => throw new InvalidOperationException($"{entry.Name}.{keras}: default of type {other.GetType().Name}"),
            };
            Assert.True(SameDefault(catalog.Default, csharp), $"{entry.Name}.{keras}: C# default {csharp.ToJsonString()}, Keras's {catalog.Default?.ToJsonString() ?? "None"}.");
        }
        var csharpNames = method.GetParameters().Select(p => KerasName(p.Name!)).ToHashSet();
        foreach (var required in entry.Parameters.Where(p => p.Required))
        {
            Assert.True(csharpNames.Contains(required.Name), $"{entry.Name}: Keras's required parameter {required.Name} is missing from the C# factory.");
        }
    }

    /// <summary>Every Keras parameter the config holds has its Keras default there, and the whole config is Keras's default config where the catalog has one.</summary>
    private static void AssertDefaults(CatalogClass entry, JsonObject config)
    {
        foreach (var parameter in entry.Parameters.Where(p => !p.Required && p.Name is not ("name" or "dtype")))
        {
            if (config.TryGetPropertyValue(parameter.Name, out var written) && !RequiredInCSharpOnly.Keys.Any(k => k == $"{entry.Name}.{parameter.Name}")
                && !KerasRewritesDefault.ContainsKey($"{entry.Name}.{parameter.Name}"))
            {
                Assert.True(SameDefault(parameter.Default, written) || parameter.Default is null && JsonEquivalence.Equal(Resolved(parameter.Name, config), written),
                    $"{entry.Name}.{parameter.Name}: the factory writes {written?.ToJsonString() ?? "null"} by default, Keras's default is {parameter.Default?.ToJsonString() ?? "None"}.");
            }
        }
        if (entry.DefaultConfig is { } defaults && !RequiredInCSharpOnly.Keys.Any(k => k.StartsWith(entry.Name + ".", StringComparison.Ordinal)))
        {
            var expected = (JsonObject)defaults.DeepClone();
            foreach (var key in new[] { "name", "trainable", "dtype" })
            {
                expected.Remove(key);
                config.Remove(key);
            }
            Assert.True(JsonEquivalence.Equal(expected, config), $"{entry.Name}: the factory writes {config.ToJsonString()}, Keras's default config is {expected.ToJsonString()}.");
        }
    }

    /// <summary>A signature default against a written value, as Keras normalizes them: 3 is (3,) or (3, 3), (1, 1) padding is ((1, 1), (1, 1)), "glorot_uniform" is GlorotUniform(), None is null.</summary>
    private static bool SameDefault(JsonNode? keras, JsonNode? written)
    {
        if (JsonEquivalence.Equal(keras, written))
        {
            return true;
        }
        if (keras is JsonValue k && k.GetValueKind() == System.Text.Json.JsonValueKind.Number && written is JsonArray array)
        {
            return array.All(item => JsonEquivalence.Equal(k, item));
        }
        // (1, 1) padding is ((1, 1), (1, 1)): each side of each axis.
        if (keras is JsonArray pair && written is JsonArray nested && pair.Count == nested.Count && nested.All(n => n is JsonArray))
        {
            return pair.Zip(nested).All(p => ((JsonArray)p.Second!).All(item => JsonEquivalence.Equal(p.First, item)));
        }
        if (keras is JsonValue name && name.GetValueKind() == System.Text.Json.JsonValueKind.String && written is JsonObject serialized)
        {
            var alias = name.GetValue<string>() switch { "uniform" => "random_uniform", "normal" => "random_normal", var n => n };
            var entry = KerasCatalog.Group(serialized["module"]!.GetValue<string>().Split('.').Last()).Get(alias, "name");
            return entry.ClassName == serialized["class_name"]!.GetValue<string>()
                && (entry.DefaultConfig is null || JsonEquivalence.Equal(entry.DefaultConfig, serialized["config"]));
        }
        return false;
    }

    /// <summary>What Keras's constructor makes of None for the parameters whose None means "resolve it" (what get_config then writes).</summary>
    private static JsonNode? Resolved(string parameter, JsonObject config) => parameter switch
    {
        "data_format" => "channels_last", // keras.config.image_data_format()
        "activation" => "linear", // activations.get(None)
        "strides" => config["pool_size"]?.DeepClone(), // pooling: strides default to the pool size
        "value_dim" => config["key_dim"]?.DeepClone(), // MultiHeadAttention: value_dim defaults to key_dim
        "sequence_length" => config["fft_length"]?.DeepClone(), // MelSpectrogram: sequence_length defaults to fft_length
        "max_freq" => JsonValue.Create(config["sampling_rate"]!.GetValue<int>() / 2), // MelSpectrogram: int(sampling_rate / 2)
        _ => null,
    };

    // camelCase → snake_case; a digit after a word is its own part as in Keras (beta1 → beta_1, adamBeta1 → adam_beta_1,
    // beta2Decay → beta_2_decay), but not after one letter (l1, l2).
    private static string KerasName(string csharp) => string.Concat(csharp.Select((c, i) =>
        char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c)
        : char.IsDigit(c) && i > 1 && char.IsLower(csharp[i - 1]) && char.IsLower(csharp[i - 2]) ? "_" + c
        : c.ToString()));
}
