namespace KerasBridge;

// keras.applications.densenet: DenseNet121, DenseNet169, DenseNet201 (keras/src/applications/densenet.py).
public static partial class Applications
{
    /// <summary>
    /// <c>keras.applications.DenseNet121</c>: Densely Connected Convolutional Networks (121 layers, 8.1M parameters with the top).
    /// </summary>
    /// <param name="includeTop">Keep the 1000-class classifier (then the input must be 224x224x3 with ImageNet weights).</param>
    /// <param name="weights">null (random, Keras's initializers), "imagenet" (the file Keras publishes, from the cache
    /// KERAS_HOME/models or downloaded there), or the path of a weights file.</param>
    /// <param name="inputTensor">A tensor to build the model on (Keras's <c>input_tensor</c>): the model's input is then the
    /// <c>Keras.Input</c> it comes from, and the layers between them belong to the model.</param>
    /// <param name="inputShape">(height, width, channels), at least 32x32; only without the top (or 224x224x3).</param>
    /// <param name="pooling">Without the top: null (4D output), <see cref="Pooling.Avg"/> or <see cref="Pooling.Max"/>.</param>
    /// <param name="classes">Classes of the top (1000 with ImageNet weights).</param>
    /// <param name="classifierActivation">Activation of the top ("softmax"; null for logits).</param>
    /// <param name="name">The model's name (default "densenet121").</param>
    /// <param name="engine">The engine (Auto: the default engine).</param>
    /// <exception cref="WeightsUnavailableException">"imagenet" weights are not cached and cannot be downloaded.</exception>
    /// <exception cref="ArgumentException">An argument Keras refuses (the message names it).</exception>
    public static Model DenseNet121(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(DenseNet121), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.DenseNet169</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model DenseNet169(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(DenseNet169), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.DenseNet201</c>; arguments as <see cref="DenseNet121"/>.</summary>
    /// <inheritdoc cref="DenseNet121" path="/param"/>
    public static Model DenseNet201(bool includeTop = true, string? weights = "imagenet", KerasTensor? inputTensor = null, int[]? inputShape = null,
        Pooling? pooling = null, int classes = 1000, string? classifierActivation = "softmax", string? name = null, EngineKind engine = EngineKind.Auto) =>
        Create(nameof(DenseNet201), includeTop, weights, inputTensor, inputShape, pooling, classes, classifierActivation, name, engine);

    /// <summary><c>keras.applications.densenet</c>: the input preparation and output decoding of the DenseNets.</summary>
    public static class DenseNet
    {
        /// <summary>
        /// <c>densenet.preprocess_input</c> ("torch" mode): pixels 0-255 scaled to [0, 1], then normalized per channel with
        /// ImageNet's mean and standard deviation. Returns a new array.
        /// </summary>
        public static float[,,,] PreprocessInput(float[,,,] x) => Preprocess(x, "torch", nameof(x));

        /// <summary><c>densenet.preprocess_input</c> for one image (height, width, channels).</summary>
        public static float[,,] PreprocessInput(float[,,] x) => Preprocess(x, "torch", nameof(x));

        /// <summary>
        /// <c>densenet.decode_predictions</c>: the <paramref name="top"/> ImageNet classes of each sample, best first. Uses the
        /// class index file Keras downloads (imagenet_class_index.json, cached in KERAS_HOME/models).
        /// </summary>
        /// <exception cref="WeightsUnavailableException">The class index is not cached and cannot be downloaded.</exception>
        public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> DecodePredictions(float[,] preds, int top = 5) => ImageNetDecoding.Decode(preds, top);
    }
}
