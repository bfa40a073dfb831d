using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Optimizers
{
    /// <summary>
    /// Any optimizer in Keras's catalog by class name (Lamb, Adafactor, Muon, ... as well as the typed ones), with
    /// arguments keyed by Keras's parameter names: <c>Optimizers.Create("Lamb", new { learning_rate = 0.01 })</c>.
    /// Parameters left out take Keras's defaults. The PyTorch engine runs the typed ones only.
    /// </summary>
    /// <param name="className">Keras's class name, e.g. "Lamb".</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults. learning_rate may be a number or a <see cref="LearningRateSchedule"/>.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones) or a value of the wrong type.</exception>
    public static Optimizer Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("optimizers").Get(className, nameof(className));
        var given = CatalogArguments.Check(entry, arguments, nameof(arguments));
        var config = CatalogArguments.WithDefaults(entry, []);
        // The catalog's default config holds the learning rate as a float32 variable reads back (0.0010000000474974513).
        if (entry.Parameter("learning_rate") is { Default: { } rate })
        {
            config["learning_rate"] = rate.DeepClone();
        }
        foreach (var (key, value) in given)
        {
            config[key] = value?.DeepClone();
        }
        return new Optimizer(entry.ClassName, config);
    }
}

public static partial class Losses
{
    /// <summary>
    /// Any loss in Keras's catalog by class name (Dice, Tversky, CTC, ... as well as the typed ones), with arguments keyed by
    /// Keras's parameter names: <c>Losses.Create("Tversky", new { alpha = 0.3, beta = 0.7 })</c>.
    /// </summary>
    /// <param name="className">Keras's class name.</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones) or a value of the wrong type.</exception>
    public static Loss Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("losses").Get(className, nameof(className));
        var config = CatalogArguments.WithDefaults(entry, CatalogArguments.Check(entry, arguments, nameof(arguments)));
        config["name"] ??= LayerNames.SnakeCase(entry.ClassName);
        return new Loss(entry.ClassName, config);
    }
}

public static partial class Metrics
{
    /// <summary>
    /// Any metric in Keras's catalog by class name (IoU, PearsonCorrelation, ... as well as the typed ones), with arguments keyed
    /// by Keras's parameter names: <c>Metrics.Create("MeanIoU", new { num_classes = 3 })</c>.
    /// </summary>
    /// <param name="className">Keras's class name.</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones), a missing required one, or a value of the wrong type.</exception>
    public static Metric Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("metrics").Get(className, nameof(className));
        var config = CatalogArguments.WithDefaults(entry, CatalogArguments.Check(entry, arguments, nameof(arguments)));
        config["name"] ??= LayerNames.SnakeCase(entry.ClassName);
        return new Metric(KerasConfig.Serialized("keras.metrics", entry.ClassName, config), config["name"]!.GetValue<string>());
    }
}

public static partial class Schedules
{
    /// <summary>A learning-rate schedule of Keras's catalog by class name, with arguments keyed by Keras's parameter names.</summary>
    /// <param name="className">Keras's class name, e.g. "ExponentialDecay".</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt; (the required parameters at least).</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones), a missing required one, or a value of the wrong type.</exception>
    public static LearningRateSchedule Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("schedules").Get(className, nameof(className));
        var config = CatalogArguments.Check(entry, arguments, nameof(arguments));
        // Keras's schedules write every parameter; fill in the defaults the caller left out.
        var full = new JsonObject();
        foreach (var parameter in entry.Parameters)
        {
            full[parameter.Name] = config.TryGetPropertyValue(parameter.Name, out var value) ? value?.DeepClone() : parameter.Default?.DeepClone();
        }
        return new LearningRateSchedule(entry.ClassName, full);
    }
}

public static partial class Callbacks
{
    /// <summary>
    /// Any callback in Keras's catalog by class name (ReduceLROnPlateau, CSVLogger, TerminateOnNaN, ...), with arguments keyed by
    /// Keras's parameter names: <c>Callbacks.Create("ReduceLROnPlateau", new { patience = 2, factor = 0.5 })</c>. The Keras
    /// engine builds it as keras.callbacks.ClassName(**arguments).
    /// </summary>
    /// <param name="className">Keras's class name.</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class or parameter (the message lists the valid ones), a missing required one, or a value of the wrong type.</exception>
    public static Callback Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("callbacks").Get(className, nameof(className));
        return new ConfiguredCallback(entry.ClassName, CatalogArguments.Check(entry, arguments, nameof(arguments)));
    }
}
