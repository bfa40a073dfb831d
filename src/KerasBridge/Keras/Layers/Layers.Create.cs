namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// Any layer in Keras's catalog by class name, with arguments keyed by Keras's parameter names, checked against the
    /// catalog: <c>Layers.Create("ConvLSTM2D", new { filters = 4, kernel_size = 3 })</c>. Values may be numbers, bools,
    /// strings, tuples, lists or KerasBridge objects (Initializer, Regularizer, Constraint, Activation, Layer);
    /// parameters left out take Keras's defaults.
    /// </summary>
    /// <param name="className">Keras's class name (or an alias such as "MaxPool2D").</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for none. Layer keywords name, trainable and dtype are accepted too.</param>
    /// <exception cref="ArgumentException">
    /// An unknown class (the message lists the valid ones, closest first), an unknown parameter (it lists the class's parameters),
    /// a missing required parameter, or a value of a type the parameter does not take.
    /// </exception>
    public static ConfiguredLayer Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("layers").Get(className, nameof(className));
        var config = CatalogArguments.Check(entry, arguments, nameof(arguments));
        // A class whose constructor takes no **kwargs (SpatialDropout1D, ...) is serialized without trainable, as Keras does.
        return new ConfiguredLayer(entry.ClassName, config, takesLayerKwargs: entry.AcceptsKwargs);
    }
}
