namespace KerasBridge;

// keras.applications.resnet and resnet_v2: ResNet50/101/152 and ResNet50V2/101V2/152V2 (keras/src/applications/resnet.py, resnet_v2.py).
public static partial class Applications
{
    /// <summary><c>keras.applications.ResNet50</c>: residual network, 50 layers; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet50(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet50), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.ResNet101</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet101(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet101), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.ResNet152</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet152(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet152), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.ResNet50V2</c>: pre-activation residual network; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet50V2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet50V2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.ResNet101V2</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet101V2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet101V2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.ResNet152V2</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model ResNet152V2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ResNet152V2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.resnet</c>: the input preparation and output decoding of this family.</summary>
    public static class ResNet
    {
        /// <summary><c>resnet.preprocess_input</c>: RGB turned into BGR, then ImageNet's mean pixel (per channel) subtracted; no scaling ("caffe" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>resnet.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "caffe", nameof(x));

        /// <summary><c>resnet.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }

    /// <summary><c>keras.applications.resnet_v2</c>: the input preparation and output decoding of this family.</summary>
    public static class ResNetV2
    {
        /// <summary><c>resnet_v2.preprocess_input</c>: pixels 0-255 scaled to [-1, 1] ("tf" mode). Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>resnet_v2.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "tf", nameof(x));

        /// <summary><c>resnet_v2.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
