namespace KerasBridge;

// keras.applications.xception and inception_v3: Xception and InceptionV3 (keras/src/applications/xception.py, inception_v3.py).
public static partial class Applications
{
    /// <summary><c>keras.applications.Xception</c>: depthwise separable convolutions with residual connections (default size 299, at least 71x71); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model Xception(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(Xception), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.InceptionV3</c>: inception modules (default size 299, at least 75x75); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model InceptionV3(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(InceptionV3), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.xception</c>: the input preparation and output decoding of this family.</summary>
    public static class XceptionModule
    {
        /// <summary><c>xception.preprocess_input</c>: pixels 0-255 scaled to [-1, 1] ("tf" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>xception.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>xception.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }

    /// <summary><c>keras.applications.inception_v3</c>: the input preparation and output decoding of this family.</summary>
    public static class InceptionV3Module
    {
        /// <summary><c>inception_v3.preprocess_input</c>: pixels 0-255 scaled to [-1, 1] ("tf" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>inception_v3.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>inception_v3.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
