namespace KerasBridge;

// keras.applications.mobilenet: MobileNet (v1) (keras/src/applications/mobilenet.py).
public static partial class Applications
{
    /// <summary>
    /// <c>keras.applications.MobileNet</c>: depthwise separable convolutions (4.3M parameters at alpha 1 with the top).
    /// Arguments as <see cref="DenseNet121"/>; the default name is "mobilenet_{alpha:0.00}_{rows}" as in Keras.
    /// </summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>alpha</c>: the width multiplier (ImageNet weights for 0.25, 0.5, 0.75, 1.0); <c>depthMultiplier</c>: the
    /// depthwise convolutions' multiplier (1 with ImageNet weights); <c>dropout</c>: the rate before the classifier.</remarks>
    public static Model MobileNet(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, double alpha = 1.0, int depthMultiplier = 1, double dropout = 1e-3,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(MobileNet), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["alpha"] = alpha, ["depth_multiplier"] = depthMultiplier, ["dropout"] = dropout });

    /// <summary><c>keras.applications.mobilenet</c>: the input preparation and output decoding of this family.</summary>
    public static class MobileNetModule
    {
        /// <summary><c>mobilenet.preprocess_input</c>: pixels 0-255 scaled to [-1, 1] ("tf" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>mobilenet.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>mobilenet.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
