using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// The generic, catalog-checked path: any Keras class by name with Keras's parameter names (Layers.Create, Optimizers.Create,
/// ...), refused with the valid names when a name or parameter is unknown, and working end to end on the Keras engine.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CatalogCreateTests
{
    [Fact]
    public void UnknownClassListsTheValidNamesClosestFirst()
    {
        var e = Assert.Throws<ArgumentException>(() => Layers.Create("ConvLSTM2d", new { filters = 2, kernel_size = 3 }));
        Assert.Equal("className", e.ParamName);
        Assert.Contains("'ConvLSTM2d'", e.Message);
        var listed = e.Message[(e.Message.IndexOf("closest first): ", StringComparison.Ordinal) + 16)..];
        Assert.StartsWith("ConvLSTM2D, ", listed);
        Assert.Contains("ZeroPadding3D", listed);
        foreach (var (create, name, closest) in new (Func<string, object>, string, string)[]
        {
            (n => Optimizers.Create(n), "Lamd", "Lamb"),
            (n => Losses.Create(n), "Tverski", "Tversky"),
            (n => Metrics.Create(n), "PearsonCorelation", "PearsonCorrelation"),
            (n => Callbacks.Create(n), "ReduceLROnPlateu", "ReduceLROnPlateau"),
            (n => Initializers.Create(n), "HeNormel", "HeNormal"),
            (n => Regularizers.Create(n), "L3", "L1"),
            (n => Constraints.Create(n), "MaxNorn", "MaxNorm"),
            (n => Schedules.Create(n), "CosineDecai", "CosineDecay"),
        })
        {
            var error = Assert.Throws<ArgumentException>(() => create(name));
            Assert.Contains($"closest first): {closest}", error.Message);
        }
    }

    [Fact]
    public void UnknownParameterListsTheClassParameters()
    {
        var e = Assert.Throws<ArgumentException>(() => Layers.Create("Conv3D", new { filter = 2, kernel_size = 3 }));
        Assert.Equal("arguments", e.ParamName);
        Assert.Contains("Unknown parameter 'filter' for keras.layers.Conv3D. Did you mean 'filters'?", e.Message);
        Assert.Contains("filters, kernel_size, strides, padding", e.Message);
        var o = Assert.Throws<ArgumentException>(() => Optimizers.Create("Lamb", new { learningrate = 0.1 }));
        Assert.Contains("Did you mean 'learning_rate'?", o.Message);
    }

    [Fact]
    public void MissingRequiredParametersAndWrongTypesAreRefused()
    {
        var missing = Assert.Throws<ArgumentException>(() => Layers.Create("Conv3D", new { filters = 2 }));
        Assert.Contains("Missing required parameter 'kernel_size' for keras.layers.Conv3D", missing.Message);
        var wrongBool = Assert.Throws<ArgumentException>(() => Layers.Create("Conv3D", new { filters = 2, kernel_size = 3, use_bias = "yes" }));
        Assert.Contains("use_bias to be a bool", wrongBool.Message);
        Assert.Contains("\"yes\"", wrongBool.Message);
        var wrongNumber = Assert.Throws<ArgumentException>(() => Optimizers.Create("Lamb", new { beta_1 = "high" }));
        Assert.Contains("beta_1 to be a number", wrongNumber.Message);
        var notArguments = Assert.Throws<ArgumentException>(() => Layers.Create("Dense", 3));
        Assert.Contains("anonymous object", notArguments.Message);
    }

    [Fact]
    public void CreateWritesOnlyTheGivenArgumentsAndAcceptsDictionaries()
    {
        var layer = Layers.Create("MaxPool3D", new Dictionary<string, object?> { ["pool_size"] = (2, 2, 1), ["name"] = "pool" });
        Assert.Equal("MaxPooling3D", layer.ClassName);
        Assert.Equal("pool", layer.Name);
        Assert.Equal("""{"pool_size":[2,2,1]}""", layer.Config.ToJsonString());
        // An integer for a float parameter crosses as a float: Keras checks some floats' types.
        Assert.Equal(2.0, (double)Optimizers.Create("SGD", new { momentum = 0 }).Config["momentum"]!.AsValue().GetValue<double>() + 2.0);
        Assert.Equal("VarianceScaling", Initializers.Create("variance_scaling", new { scale = 2.0 }).ClassName);
        Assert.Equal(0.1, Regularizers.Create("l2", new { l2 = 0.1 }).Config["l2"]!.GetValue<double>());
    }

    [Fact]
    public void ConvLstmAndConv3DModelsFromCreateTrainSaveAndLoadOnKeras()
    {
        EngineSupport.RequireKeras();
        using var dir = new TempDirectory();
        foreach (var (layer, shape) in new (Layer, int[])[]
        {
            (Layers.Create("ConvLSTM2D", new { filters = 2, kernel_size = 3, padding = "same" }), [3, 5, 5, 1]),
            (Layers.Create("Conv3D", new { filters = 2, kernel_size = (2, 2, 2), activation = Activations.Relu, kernel_regularizer = Regularizers.L2(0.01) }), [3, 4, 4, 1]),
        })
        {
            // Samples cross as rows (arrays go up to rank 4); Reshape makes them the (time, height, width, channels) volumes.
            var size = shape.Aggregate(1, (a, b) => a * b);
            using var model = KerasBridge.Keras.Sequential(
                [KerasBridge.Keras.Input([size]), Layers.Reshape(shape), layer, Layers.Flatten(), Layers.Dense(1)], engine: EngineKind.Keras);
            var random = new Random(3);
            var x = new float[6, size];
            for (var i = 0; i < 6; i++)
            {
                for (var j = 0; j < size; j++)
                {
                    x[i, j] = (float)random.NextDouble();
                }
            }
            var y = new float[6, 1];
            model.Compile(Optimizers.Create("Adafactor", new { learning_rate = 0.01 }), Losses.Create("LogCosh"), [Metrics.Create("PearsonCorrelation")]);
            var history = model.Fit(x, y, epochs: 2, batchSize: 3,
                callbacks: [Callbacks.Create("ReduceLROnPlateau", new { monitor = "loss", patience = 1, factor = 0.5 }), Callbacks.Create("TerminateOnNaN")]);
            Assert.Equal(2, history["loss"].Count);
            Assert.Contains("pearson_correlation", history.Keys);
            var before = model.Predict(x);
            var path = dir.Combine(layer.ClassName + ".keras");
            model.Save(path);
            using var loaded = Models.LoadModel(path, engine: EngineKind.Keras);
            Assert.Equal(before, loaded.Predict(x));
            Assert.Contains(layer.ClassName, loaded.ToJson());
        }
    }

    [Fact]
    public void TypedInitializersConstraintsAndSchedulesTakeEffectOnKeras()
    {
        EngineSupport.RequireKeras();
        var dense = Layers.Dense(3, kernelInitializer: Initializers.Constant(0.5), biasInitializer: Initializers.Ones(), kernelConstraint: Constraints.NonNeg());
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([4]), dense, Layers.Dense(1)], engine: EngineKind.Keras);
        var initial = model.GetLayerWeights(dense.Name);
        Assert.All(((float[,])initial[0]).Cast<float>(), v => Assert.Equal(0.5f, v));
        Assert.All(((float[])initial[1]), v => Assert.Equal(1f, v));
        var x = new float[16, 4];
        var y = new float[16, 1];
        var random = new Random(5);
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                x[i, j] = (float)random.NextDouble();
            }
            y[i, 0] = -10; // pulls the kernel negative; NonNeg keeps it at or above zero
        }
        var schedule = Schedules.Create("ExponentialDecay", new { initial_learning_rate = 0.05, decay_steps = 2, decay_rate = 0.5 });
        model.Compile(Optimizers.SGD(learningRate: schedule), "mse");
        model.Fit(x, y, epochs: 3, batchSize: 4);
        var kernel = (float[,])model.GetLayerWeights(dense.Name)[0];
        Assert.All(kernel.Cast<float>(), v => Assert.True(v >= 0, $"kernel entry {v} < 0 despite NonNeg"));
        Assert.Contains(kernel.Cast<float>(), v => v < 0.5f);
    }

    [Fact]
    public void CreatedLayersTheTorchEngineRunsTrainAndReloadThere()
    {
        // Only the given arguments are written; the PyTorch engine, like Keras, fills in the defaults.
        using var model = KerasBridge.Keras.Sequential(
        [
            KerasBridge.Keras.Input([6, 6, 1]),
            Layers.Create("Conv2D", new { filters = 2, kernel_size = 3, activation = "relu" }),
            Layers.Create("MaxPool2D"),
            Layers.Create("Flatten"),
            Layers.Create("Dense", new Dictionary<string, object?> { ["units"] = 1 }),
        ], engine: EngineKind.Torch);
        var x = new float[4, 6, 6, 1];
        var random = new Random(9);
        for (var i = 0; i < x.Length; i++)
        {
            x[i / 36, i / 6 % 6, i % 6, 0] = (float)random.NextDouble();
        }
        model.Compile(Optimizers.Create("Adam", new { learning_rate = 0.01 }), Losses.Create("MeanSquaredError"));
        model.Fit(x, new float[4, 1], epochs: 1, batchSize: 2);
        using var dir = new TempDirectory();
        model.Save(dir.Combine("m.keras"));
        using var loaded = Models.LoadModel(dir.Combine("m.keras"), engine: EngineKind.Torch);
        Assert.Equal(model.Predict(x), loaded.Predict(x));
        Assert.Contains(loaded.LayerNames, n => n.StartsWith("max_pooling2d", StringComparison.Ordinal)); // the alias MaxPool2D is serialized as MaxPooling2D
    }

    [Fact]
    public void OptimizersKerasCannotFindByNameStillCompileOnKeras()
    {
        // keras.optimizers.get does not know Lamb (it is missing from Keras's ALL_OBJECTS); the Keras engine builds it from the class.
        EngineSupport.RequireKeras();
        var dense = Layers.Dense(2);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), dense], engine: EngineKind.Keras);
        var before = (float[,])model.GetLayerWeights(dense.Name)[0];
        model.Compile(Optimizers.Create("Lamb", new { learning_rate = 0.05 }), "mse");
        var history = model.Fit(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, new float[,] { { 1, 0 }, { 0, 1 } }, epochs: 1, batchSize: 2);
        Assert.True(double.IsFinite(history["loss"][0]));
        Assert.NotEqual(before, (float[,])model.GetLayerWeights(dense.Name)[0]);
    }
}
