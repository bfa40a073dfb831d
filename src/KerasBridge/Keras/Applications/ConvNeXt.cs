using System.Text.Json.Nodes;

namespace KerasBridge;

// keras.applications.convnext: ConvNeXtTiny, Small, Base, Large and XLarge (keras/src/applications/convnext.py). Their input is
// pixels 0-255 (with includePreprocessing, the default): the ImageNet normalization is a layer of the model. The stem and the
// downsampling blocks are nested Sequential models; each block ends in a LayerScale layer and the residual op inputs + x.
public static partial class Applications
{
    /// <summary><c>keras.applications.ConvNeXtTiny</c> (28.6M parameters with the top; default size 224); arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks>
    /// <c>includePreprocessing</c>: the model normalizes its 0-255 input itself (Keras's default, true). The layer names start
    /// with the model's name (default "convnext_tiny"); with ImageNet weights the name must contain it.
    /// </remarks>
    public static Model ConvNeXtTiny(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ConvNeXtTiny), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.ConvNeXtSmall</c> (50.2M parameters with the top); arguments as <see cref="ConvNeXtTiny"/>.</summary>
    /// <inheritdoc cref="ConvNeXtTiny"/>
    public static Model ConvNeXtSmall(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ConvNeXtSmall), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.ConvNeXtBase</c> (88.6M parameters with the top); arguments as <see cref="ConvNeXtTiny"/>.</summary>
    /// <inheritdoc cref="ConvNeXtTiny"/>
    public static Model ConvNeXtBase(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ConvNeXtBase), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.ConvNeXtLarge</c> (197.8M parameters with the top); arguments as <see cref="ConvNeXtTiny"/>.</summary>
    /// <inheritdoc cref="ConvNeXtTiny"/>
    public static Model ConvNeXtLarge(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ConvNeXtLarge), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.ConvNeXtXLarge</c> (350.2M parameters with the top); arguments as <see cref="ConvNeXtTiny"/>.</summary>
    /// <inheritdoc cref="ConvNeXtTiny"/>
    public static Model ConvNeXtXLarge(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, bool includePreprocessing = true,
        EngineKind engine = EngineKind.Auto) =>
        Create(nameof(ConvNeXtXLarge), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            new JsonObject { ["include_preprocessing"] = includePreprocessing });

    /// <summary><c>keras.applications.convnext</c>: the input preparation and output decoding of this family.</summary>
    public static class ConvNeXt
    {
        /// <summary><c>convnext.preprocess_input</c>: the identity (the model normalizes its 0-255 input itself), kept as in Keras. Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>convnext.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>convnext.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
