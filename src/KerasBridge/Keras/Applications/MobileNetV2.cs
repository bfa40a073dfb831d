namespace KerasBridge;

// keras.applications.mobilenet_v2: MobileNetV2 (keras/src/applications/mobilenet_v2.py).
public static partial class Applications
{
    /// <summary>
    /// <c>keras.applications.MobileNetV2</c>: inverted residual blocks with depthwise convolutions (3.5M parameters at
    /// alpha 1 with the top). Arguments as <see cref="DenseNet121"/>, plus <paramref name="alpha"/>; the default name is
    /// "mobilenetv2_{alpha:0.00}_{rows}" as in Keras.
    /// </summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>alpha</c>: the width multiplier, scaling the filters of every layer (ImageNet weights exist for 0.35, 0.5, 0.75, 1.0, 1.3, 1.4).</remarks>
    public static Model MobileNetV2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, double alpha = 1.0,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(MobileNetV2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["alpha"] = alpha });

    /// <summary><c>keras.applications.mobilenet_v2</c>: the input preparation and output decoding of this family.</summary>
    public static class MobileNetV2Module
    {
        /// <summary><c>mobilenet_v2.preprocess_input</c>: pixels 0-255 scaled to [-1, 1] ("tf" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>mobilenet_v2.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>mobilenet_v2.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
