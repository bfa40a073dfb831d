using Python.Runtime;

namespace KerasBridge;

public sealed partial class Model
{
    /// <summary>
    /// Computes a preprocessing layer's state from data, as Keras's <c>model.get_layer(name).adapt(data)</c>:
    /// a Normalization layer takes the mean and variance of <paramref name="data"/> over every axis but its
    /// <c>axis</c> (it must have no mean/variance in its config); an IntegerLookup without a vocabulary in its config
    /// takes the tokens of <paramref name="data"/> by frequency (each row a document for tf_idf), and so does a StringLookup
    /// from strings (<c>string[,]</c>). The model must be built.
    /// </summary>
    /// <param name="layerName">The name of the layer to adapt, e.g. "normalization".</param>
    /// <param name="data">Samples, samples first: float32 or convertible (Normalization), integer tokens (IntegerLookup),
    /// strings (StringLookup).</param>
    public void AdaptLayer(string layerName, Array data)
    {
        ArgumentException.ThrowIfNullOrEmpty(layerName);
        ArgumentNullException.ThrowIfNull(data);
        Use(nameof(AdaptLayer), handle =>
        {
            using var array = NumpyArrays.ToNumpy(data, nameof(data));
            handle.InvokeMethod("adapt_layer", new PyString(layerName), array).Dispose();
            return 0;
        });
    }
}
