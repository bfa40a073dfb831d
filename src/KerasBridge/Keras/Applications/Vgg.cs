namespace KerasBridge;

// keras.applications.vgg16 and vgg19 (keras/src/applications/vgg16.py, vgg19.py).
public static partial class Applications
{
    /// <summary><c>keras.applications.VGG16</c>: 13 convolutions and 3 dense layers (138M parameters with the top); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model VGG16(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(VGG16), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.VGG19</c>: 16 convolutions and 3 dense layers; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model VGG19(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(VGG19), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.vgg16</c>: the input preparation and output decoding of this family.</summary>
    public static class Vgg16
    {
        /// <summary><c>vgg16.preprocess_input</c>: RGB turned into BGR, then ImageNet's mean pixel (per channel) subtracted; no scaling ("caffe" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>vgg16.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>vgg16.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }

    /// <summary><c>keras.applications.vgg19</c>: the input preparation and output decoding of this family.</summary>
    public static class Vgg19
    {
        /// <summary><c>vgg19.preprocess_input</c>: RGB turned into BGR, then ImageNet's mean pixel (per channel) subtracted; no scaling ("caffe" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>vgg19.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>vgg19.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
