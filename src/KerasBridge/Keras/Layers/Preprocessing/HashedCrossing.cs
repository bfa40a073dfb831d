using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.layers.HashedCrossing</c>: crosses two integer features into one of numBins bins (the hashing trick).
/// Keras runs it only with TensorFlow installed; the PyTorch engine runs it without.
/// </summary>
public sealed class HashedCrossing : KerasLayer
{
    // HashedCrossing.__init__ takes name and dtype but no **kwargs: Keras writes no 'trainable' and the dtype as a name.
    internal HashedCrossing(JsonObject config, string? name) : base("HashedCrossing", config, name, takesLayerKwargs: false) { }
}

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.HashedCrossing</c> (keras/src/layers/preprocessing/hashed_crossing.py), called on two tensors of shape
    /// (batch, 1) or (batch,): <c>Layers.HashedCrossing(5).Apply(a, b)</c> is Keras's <c>HashedCrossing(5)([a, b])</c>. Each
    /// sample's bin is TensorFlow's tf.sparse.cross_hashed of its features (FingerprintCat64 over them) modulo numBins.
    /// In a PyTorch-engine model the features are integers. Real Keras needs TensorFlow for this layer.
    /// </summary>
    /// <param name="numBins">How many bins (≥ 1).</param>
    /// <param name="outputMode">"int" (the bins) or "one_hot" (each over numBins entries).</param>
    /// <param name="sparse">Sparse outputs (TensorFlow backend only; refused elsewhere).</param>
    /// <param name="name">Layer name.</param>
    /// <param name="dtype">The outputs' dtype: null for Keras's default, "int64" in "int" mode and "float32" otherwise.</param>
    public static HashedCrossing HashedCrossing(int numBins, string outputMode = "int", bool sparse = false, string? name = null, string? dtype = null)
    {
        if (numBins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numBins), numBins, $"Expected numBins >= 1; got {numBins}.");
        }
        return new(new JsonObject
        {
            ["num_bins"] = numBins,
            ["output_mode"] = Mode(outputMode, nameof(outputMode), "int", "one_hot"),
            ["sparse"] = sparse,
            ["dtype"] = dtype ?? (outputMode == "int" ? "int64" : "float32"),
        }, name);
    }
}
