namespace KerasBridge;

// keras.applications.efficientnet: EfficientNetB0-B7 (keras/src/applications/efficientnet.py). Their input is pixels 0-255: the rescaling and normalization are layers of the model.
public static partial class Applications
{
    /// <summary><c>keras.applications.EfficientNetB0</c> (default size 224); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB0(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB0), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB1</c> (default size 240); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB1(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB1), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB2</c> (default size 260); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB3</c> (default size 300); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB3(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB3), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB4</c> (default size 380); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB4(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB4), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB5</c> (default size 456); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB5(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB5), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB6</c> (default size 528); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB6(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB6), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.EfficientNetB7</c> (default size 600); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model EfficientNetB7(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetB7), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.efficientnet</c>: the input preparation and output decoding of this family.</summary>
    public static class EfficientNet
    {
        /// <summary><c>efficientnet.preprocess_input</c>: the identity (the model rescales its 0-255 input itself), kept for compatibility as in Keras. Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>efficientnet.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>efficientnet.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
