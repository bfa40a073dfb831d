namespace KerasBridge;

// keras.applications.efficientnet_v2: EfficientNetV2B0-B3 (keras/src/applications/efficientnet_v2.py). Their input is pixels
// 0-255 (with includePreprocessing, the default): the rescaling and normalization are layers of the model.
public static partial class Applications
{
    /// <summary><c>keras.applications.EfficientNetV2B0</c> (default size 224); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>includePreprocessing</c>: the model rescales its 0-255 input itself (Keras's default, true).</remarks>
    public static Model EfficientNetV2B0(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetV2B0), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.EfficientNetV2B1</c> (default size 240); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>includePreprocessing</c>: the model rescales its 0-255 input itself (Keras's default, true).</remarks>
    public static Model EfficientNetV2B1(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetV2B1), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.EfficientNetV2B2</c> (default size 260); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>includePreprocessing</c>: the model rescales its 0-255 input itself (Keras's default, true).</remarks>
    public static Model EfficientNetV2B2(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetV2B2), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.EfficientNetV2B3</c> (default size 300); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks><c>includePreprocessing</c>: the model rescales its 0-255 input itself (Keras's default, true).</remarks>
    public static Model EfficientNetV2B3(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(EfficientNetV2B3), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new System.Text.Json.Nodes.JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.efficientnet_v2</c>: the input preparation and output decoding of this family.</summary>
    public static class EfficientNetV2
    {
        /// <summary><c>efficientnet_v2.preprocess_input</c>: the identity (the model prepares its 0-255 input itself), kept as in Keras. Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>efficientnet_v2.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>efficientnet_v2.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
