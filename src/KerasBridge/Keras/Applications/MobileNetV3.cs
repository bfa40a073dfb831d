using System.Text.Json.Nodes;

namespace KerasBridge;

// keras.applications.mobilenet_v3: MobileNetV3Small and MobileNetV3Large (keras/src/applications/mobilenet_v3.py). Their input
// is pixels 0-255 (with includePreprocessing, the default): the rescaling to [-1, 1] is a layer of the model. Their squeeze-excite
// blocks hold Keras ops (the hard sigmoid ReLU6(x + 3) / 6), which are in the model's graph but not in Model.Layers.
public static partial class Applications
{
    /// <summary>
    /// <c>keras.applications.MobileNetV3Small</c> (2.6M parameters with the top at alpha 1); arguments as <see cref="DenseNet121"/>.
    /// The input may be any size from 32x32 (default (None, None, 3)); the default name is "MobileNetV3Small".
    /// </summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    /// <remarks>
    /// <c>alpha</c>: the width multiplier (ImageNet weights: 0.75 or 1.0; 1.0 when minimalistic). <c>minimalistic</c>: 3x3 kernels,
    /// ReLU and no squeeze-excite. <c>dropoutRate</c>: the dropout before the classifier. <c>includePreprocessing</c>: the model
    /// rescales its 0-255 input itself.
    /// </remarks>
    public static Model MobileNetV3Small(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, double alpha = 1.0,
        bool minimalistic = false, double dropoutRate = 0.2, bool includePreprocessing = true, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(MobileNetV3Small), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            MobileNetV3Arguments(alpha, minimalistic, dropoutRate, includePreprocessing));

    /// <summary>
    /// <c>keras.applications.MobileNetV3Large</c> (5.5M parameters with the top at alpha 1); arguments as <see cref="MobileNetV3Small"/>.
    /// The default name is "MobileNetV3Large".
    /// </summary>
    /// <inheritdoc cref="MobileNetV3Small"/>
    public static Model MobileNetV3Large(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, double alpha = 1.0,
        bool minimalistic = false, double dropoutRate = 0.2, bool includePreprocessing = true, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(MobileNetV3Large), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine,
            MobileNetV3Arguments(alpha, minimalistic, dropoutRate, includePreprocessing));

    private static JsonObject MobileNetV3Arguments(double alpha, bool minimalistic, double dropoutRate, bool includePreprocessing)
    {
        if (!(dropoutRate >= 0 && dropoutRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, $"Expected a dropout rate in [0, 1); got {dropoutRate}.");
        }
        if (!(alpha > 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Expected a positive width multiplier; got {alpha}.");
        }
        return new JsonObject
        {
            ["alpha"] = alpha,
            ["minimalistic"] = minimalistic,
            ["dropout_rate"] = dropoutRate,
            ["include_preprocessing"] = includePreprocessing,
        };
    }

    /// <summary><c>keras.applications.mobilenet_v3</c>: the input preparation and output decoding of this family.</summary>
    public static class MobileNetV3
    {
        /// <summary><c>mobilenet_v3.preprocess_input</c>: the identity (the model rescales its 0-255 input itself), kept as in Keras. Returns a new array.</summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>mobilenet_v3.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, null, nameof(x));

        /// <summary><c>mobilenet_v3.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first (class index cached in KERAS_HOME/models).</summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
