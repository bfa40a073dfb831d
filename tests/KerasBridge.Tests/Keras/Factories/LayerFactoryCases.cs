namespace KerasBridge.Tests.Keras.Factories;

/// <summary>
/// One typed factory under test: the layer, the shape of one input sample, the layers after it that bring the output to
/// one number per sample, the keys of Keras's get_config that differ from the factory's on purpose after building, and
/// and the torch.nn.functional function (if any) real Keras's torch backend needs to run the layer; KerasBuilds is false for a layer
/// Keras itself cannot place in a model (Equalization), which only the PyTorch engine's theory runs; StringInputs makes the
/// model's input a string Input fed string[,] words (StringLookup, TextVectorization).
/// </summary>
internal sealed record LayerFactoryCase(string Label, string ClassName, Func<Layer> Make, int[] InputShape, Func<Layer[]> Head,
    bool IntegerInputs = false, string Kind = "sequential", string[]? KerasResolves = null, string? KerasNeedsTorchFunction = null,
    bool KerasBuilds = true, bool StringInputs = false)
{
    public override string ToString() => Label;
}

/// <summary>The typed factories' rows; <see cref="TorchRuns"/> says which the PyTorch engine runs too.</summary>
internal static class LayerFactoryCases
{
    /// <summary>
    /// The layers the PyTorch engine runs on this branch; adding a class here adds its row (the one labelled with the class
    /// name, Keras's defaults) to the PyTorch-engine theory.
    /// tools/compatibility.py reads this list for docs/compatibility.md.
    /// </summary>
    public static readonly string[] TorchRuns =
    [
        "Dense", "Dense(regularized, constrained)", "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax",
        "Reshape", "Permute", "RepeatVector", "TimeDistributed", "Flatten",
        "Conv1D", "Conv1D(causal, dilated)", "Conv2D", "Conv2D(dilation, groups)", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D",
        "UpSampling2D", "ZeroPadding2D", "Cropping2D",
        "Conv3D", "Conv3D(same, strides, groups, channels_first)", "Conv3DTranspose", "Conv3DTranspose(same, output_padding)",
        "MaxPooling3D", "AveragePooling3D", "GlobalMaxPooling3D", "GlobalAveragePooling3D", "UpSampling3D", "ZeroPadding3D", "Cropping3D",
        "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
        "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
        "MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D",
        "GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling2D", "GlobalAveragePooling2D(keepdims)",
        "BatchNormalization", "LayerNormalization", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
        "GroupNormalization", "GroupNormalization(instance, axis 1)", "UnitNormalization", "UnitNormalization(axes)", "RMSNormalization",
        "RMSNormalization(axes)", "Identity", "AlphaDropout", "SpatialDropout3D",
        "Embedding", "Embedding(maskZero)", "Masking", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "MultiHeadAttention",
        "Attention", "Attention(scale, concat)", "AdditiveAttention", "GroupQueryAttention", "EinsumDense", "EinsumDense(heads, ellipsis)",
        "RNN", "RNN(GRUCell, sequences, backwards)", "RNN(stacked cells, SimpleRNNCell)", "RNN(StackedRNNCells)", "ConvLSTM1D", "ConvLSTM2D",
        "ConvLSTM2D(same, strides, sequences)",
        "Rescaling", "Normalization", "Resizing", "CenterCrop",
        "CategoryEncoding", "CategoryEncoding(one_hot)", "CategoryEncoding(count)", "Discretization", "Discretization(multi_hot)",
        "IntegerLookup", "Hashing", "StringLookup", "TextVectorization",
        "SpectralNormalization", "SpectralNormalization(Conv2D, iterations)", "ReversibleEmbedding", "ReversibleEmbedding(untied, maskZero)",
        "STFTSpectrogram", "STFTSpectrogram(trainable, magnitude, same, channels_first)", "STFTSpectrogram(window values, stft, expandDims)",
        "MelSpectrogram", "MelSpectrogram(hamming, no dB)",
        "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomCrop",
        "RandomGrayscale", "RandomInvert", "Solarization",
        "RandomFlip(vertical)", "RandomRotation(constant, nearest)", "RandomZoom(both axes)", "RandomTranslation(channels_first)",
        "RandomHue", "RandomSaturation", "RandomColorJitter", "RandomColorDegeneration", "RandomSharpness", "RandomPosterization",
        "AutoContrast", "Equalization", "RandomHue(channels_first, unit range)", "RandomPosterization(pair, unit range)",
        "RandomShear", "RandomErasing", "RandomGaussianBlur", "RandomPerspective", "RandomShear(constant, nearest, channels_first)",
        "RandomErasing(channel fills)", "RandomGaussianBlur(kernel 5, channels_first)", "MixUp", "CutMix", "CutMix(pair, channels_first)",
        "RandomElasticTransform", "RandomElasticTransform(mirror, nearest, channels_first)", "MaxNumBoundingBoxes",
        "ContrastLimitedAdaptiveHistogramEqualization", "ContrastLimitedAdaptiveHistogramEqualization(grid, unit range, channels_first)",
        "RandAugment", "RandAugment(three ops, unit range, nearest)", "AugMix", "AugMix(two chains, basic ops, unit range)",
        "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot",
        "ActivityRegularization", "Conv1DTranspose", "ConvLSTM3D", "Cropping1D", "DepthwiseConv1D", "SeparableConv1D", "UpSampling1D",
        "ZeroPadding1D", "ZeroPadding1D(channels_first)",
    ];

    private static Layer[] DenseHead() => [Layers.Dense(1)];

    private static Layer[] FlatHead() => [Layers.Flatten(), Layers.Dense(1)];

    // RandomCrop's output is uncropped at inference (as in Keras): a head that takes any image size.
    private static Layer[] PooledHead() => [Layers.GlobalAveragePooling2D(), Layers.Dense(1)];

    // C# arrays cross up to rank 4, so a volume's samples cross as rows that a Reshape makes (depth, height, width, channels).
    private static LayerFactoryCase Volume(string label, string className, Func<Layer> make, int[] inputShape, Func<Layer[]> head) =>
        new(label, className, make, inputShape, head, Kind: "volume");

    // A masked layer's mask reaches the LSTM (which skips masked steps) through Dense, which passes it on.
    private static Layer[] RecurrentHead() => [Layers.Dense(2), Layers.LSTM(2), Layers.Dense(1)];

    private static LayerFactoryCase Merge(string className, Func<Layer> make) =>
        new(className, className, make, [4], DenseHead, Kind: "merge");

    public static readonly LayerFactoryCase[] All =
    [
        new("Dense", "Dense", () => Layers.Dense(3, activation: "relu"), [4], DenseHead),
        new("Dense(regularized, constrained)", "Dense", () => Layers.Dense(3, kernelInitializer: Initializers.HeNormal(seed: 1),
            kernelRegularizer: Regularizers.L2(0.01), biasRegularizer: Regularizers.L1L2(0.001, 0.002), activityRegularizer: Regularizers.L1(0.001),
            kernelConstraint: Constraints.MaxNorm(2.0), biasConstraint: Constraints.NonNeg()), [4], DenseHead),
        new("Activation", "Activation", () => Layers.Activation("gelu"), [4], DenseHead),
        new("ReLU", "ReLU", () => Layers.ReLU(), [4], DenseHead),
        new("LeakyReLU", "LeakyReLU", () => Layers.LeakyReLU(), [4], DenseHead),
        new("ELU", "ELU", () => Layers.ELU(), [4], DenseHead),
        new("PReLU", "PReLU", () => Layers.PReLU(), [4], DenseHead),
        new("Softmax", "Softmax", () => Layers.Softmax(), [4], DenseHead),
        new("Reshape", "Reshape", () => Layers.Reshape([2, 2]), [4], FlatHead),
        new("Permute", "Permute", () => Layers.Permute([2, 1]), [3, 2], FlatHead),
        new("RepeatVector", "RepeatVector", () => Layers.RepeatVector(3), [4], FlatHead),
        new("TimeDistributed", "TimeDistributed", () => Layers.TimeDistributed(Layers.Dense(2)), [3, 4], FlatHead),
        new("Flatten", "Flatten", () => Layers.Flatten(), [2, 2], DenseHead),
        new("Conv1D", "Conv1D", () => Layers.Conv1D(2, 3), [6, 2], FlatHead),
        new("Conv1D(causal, dilated)", "Conv1D", () => Layers.Conv1D(2, 2, padding: Padding.Causal, dilationRate: 2), [6, 2], FlatHead),
        new("Conv2D", "Conv2D", () => Layers.Conv2D(2, 3), [5, 5, 1], FlatHead),
        new("Conv2D(dilation, groups)", "Conv2D", () => Layers.Conv2D(4, (3, 2), padding: Padding.Same, dilationRate: (2, 1), groups: 2), [5, 5, 2], FlatHead),
        new("Conv2DTranspose", "Conv2DTranspose", () => Layers.Conv2DTranspose(2, 3, strides: 2), [3, 3, 1], FlatHead),
        new("DepthwiseConv2D", "DepthwiseConv2D", () => Layers.DepthwiseConv2D(3), [5, 5, 2], FlatHead),
        new("SeparableConv2D", "SeparableConv2D", () => Layers.SeparableConv2D(2, 3), [5, 5, 2], FlatHead),
        new("UpSampling2D", "UpSampling2D", () => Layers.UpSampling2D(), [2, 2, 1], FlatHead),
        new("ZeroPadding2D", "ZeroPadding2D", () => Layers.ZeroPadding2D(), [2, 2, 1], FlatHead),
        new("Cropping2D", "Cropping2D", () => Layers.Cropping2D(1), [4, 4, 1], FlatHead),
        Volume("Conv3D", "Conv3D", () => Layers.Conv3D(2, 3), [4, 4, 4, 2], FlatHead),
        Volume("Conv3D(same, strides, groups, channels_first)", "Conv3D", () => Layers.Conv3D(4, (3, 2, 3), strides: (2, 1, 2), padding: Padding.Same,
            dataFormat: "channels_first", groups: 2, activation: "relu"), [2, 4, 4, 4], FlatHead),
        Volume("Conv3DTranspose", "Conv3DTranspose", () => Layers.Conv3DTranspose(2, 3, strides: 2), [2, 2, 2, 1], FlatHead),
        Volume("Conv3DTranspose(same, output_padding)", "Conv3DTranspose", () => Layers.Conv3DTranspose(2, (3, 2, 3), strides: 2,
            padding: Padding.Same, outputPadding: (1, 0, 1), dilationRate: 1), [2, 2, 2, 1], FlatHead),
        Volume("MaxPooling3D", "MaxPooling3D", () => Layers.MaxPooling3D(), [4, 4, 4, 1], FlatHead),
        Volume("AveragePooling3D", "AveragePooling3D", () => Layers.AveragePooling3D(2, strides: (1, 2, 2), padding: Padding.Same), [3, 4, 4, 1], FlatHead),
        Volume("GlobalMaxPooling3D", "GlobalMaxPooling3D", () => Layers.GlobalMaxPooling3D(), [3, 3, 3, 2], DenseHead),
        Volume("GlobalAveragePooling3D", "GlobalAveragePooling3D", () => Layers.GlobalAveragePooling3D(dataFormat: "channels_first"), [2, 3, 3, 3], DenseHead),
        Volume("UpSampling3D", "UpSampling3D", () => Layers.UpSampling3D((2, 1, 2)), [2, 2, 2, 1], FlatHead),
        Volume("ZeroPadding3D", "ZeroPadding3D", () => Layers.ZeroPadding3D(((1, 0), (0, 1), (1, 1))), [2, 2, 2, 1], FlatHead),
        Volume("Cropping3D", "Cropping3D", () => Layers.Cropping3D(), [4, 4, 4, 1], FlatHead),
        new("AdaptiveAveragePooling1D", "AdaptiveAveragePooling1D", () => Layers.AdaptiveAveragePooling1D(3), [7, 2], FlatHead),
        new("AdaptiveAveragePooling2D", "AdaptiveAveragePooling2D", () => Layers.AdaptiveAveragePooling2D((3, 2)), [5, 5, 1], FlatHead),
        Volume("AdaptiveAveragePooling3D", "AdaptiveAveragePooling3D", () => Layers.AdaptiveAveragePooling3D(2), [3, 4, 5, 1], FlatHead),
        new("AdaptiveMaxPooling1D", "AdaptiveMaxPooling1D", () => Layers.AdaptiveMaxPooling1D(3, dataFormat: "channels_first"), [2, 7], FlatHead),
        new("AdaptiveMaxPooling2D", "AdaptiveMaxPooling2D", () => Layers.AdaptiveMaxPooling2D(2), [5, 5, 1], FlatHead),
        Volume("AdaptiveMaxPooling3D", "AdaptiveMaxPooling3D", () => Layers.AdaptiveMaxPooling3D((2, 3, 2)), [3, 4, 5, 1], FlatHead),
        new("MaxPooling1D", "MaxPooling1D", () => Layers.MaxPooling1D(), [4, 2], FlatHead),
        new("AveragePooling1D", "AveragePooling1D", () => Layers.AveragePooling1D(2), [4, 2], FlatHead),
        new("MaxPooling2D", "MaxPooling2D", () => Layers.MaxPooling2D(), [4, 4, 1], FlatHead),
        new("AveragePooling2D", "AveragePooling2D", () => Layers.AveragePooling2D(2), [4, 4, 1], FlatHead),
        new("GlobalMaxPooling1D", "GlobalMaxPooling1D", () => Layers.GlobalMaxPooling1D(), [4, 2], DenseHead),
        new("GlobalAveragePooling1D", "GlobalAveragePooling1D", () => Layers.GlobalAveragePooling1D(), [4, 2], DenseHead),
        new("GlobalMaxPooling2D", "GlobalMaxPooling2D", () => Layers.GlobalMaxPooling2D(), [4, 4, 2], DenseHead),
        new("GlobalAveragePooling2D", "GlobalAveragePooling2D", () => Layers.GlobalAveragePooling2D(), [4, 4, 2], DenseHead),
        new("GlobalAveragePooling2D(keepdims)", "GlobalAveragePooling2D", () => Layers.GlobalAveragePooling2D(keepdims: true), [4, 4, 2], FlatHead),
        new("BatchNormalization", "BatchNormalization", () => Layers.BatchNormalization(), [4], DenseHead),
        new("LayerNormalization", "LayerNormalization", () => Layers.LayerNormalization(), [4], DenseHead, KerasResolves: ["axis"]),
        new("Dropout", "Dropout", () => Layers.Dropout(0.5), [4], DenseHead),
        new("SpatialDropout1D", "SpatialDropout1D", () => Layers.SpatialDropout1D(0.5), [4, 2], FlatHead),
        new("SpatialDropout2D", "SpatialDropout2D", () => Layers.SpatialDropout2D(0.5), [4, 4, 2], FlatHead),
        new("GaussianNoise", "GaussianNoise", () => Layers.GaussianNoise(0.1), [4], DenseHead),
        new("GaussianDropout", "GaussianDropout", () => Layers.GaussianDropout(0.1), [4], DenseHead),
        new("GroupNormalization", "GroupNormalization", () => Layers.GroupNormalization(2, gammaRegularizer: Regularizers.L2(0.01),
            betaConstraint: Constraints.NonNeg()), [3, 4], FlatHead),
        new("GroupNormalization(instance, axis 1)", "GroupNormalization", () => Layers.GroupNormalization(-1, axis: 1, center: false), [4, 3], FlatHead,
            KerasResolves: ["groups"]),
        new("UnitNormalization", "UnitNormalization", () => Layers.UnitNormalization(), [4], DenseHead),
        new("UnitNormalization(axes)", "UnitNormalization", () => Layers.UnitNormalization([1, 2]), [3, 4], FlatHead),
        // Keras's build keeps the axes as a sorted list ([-1]); its torch backend runs F.rms_norm (torch >= 2.4).
        new("RMSNormalization", "RMSNormalization", () => Layers.RMSNormalization(), [4], DenseHead, KerasResolves: ["axis"],
            KerasNeedsTorchFunction: "rms_norm"),
        new("RMSNormalization(axes)", "RMSNormalization", () => Layers.RMSNormalization([-2, -1], epsilon: 1e-3), [3, 4], FlatHead,
            KerasNeedsTorchFunction: "rms_norm"),
        new("Identity", "Identity", () => Layers.Identity(), [4], DenseHead),
        new("AlphaDropout", "AlphaDropout", () => Layers.AlphaDropout(0.2), [4], DenseHead),
        Volume("SpatialDropout3D", "SpatialDropout3D", () => Layers.SpatialDropout3D(0.5), [2, 2, 2, 2], FlatHead),
        new("Embedding", "Embedding", () => Layers.Embedding(10, 3), [5], FlatHead, IntegerInputs: true),
        new("Embedding(maskZero)", "Embedding", () => Layers.Embedding(10, 3, maskZero: true), [5], RecurrentHead, IntegerInputs: true),
        new("Masking", "Masking", () => Layers.Masking(), [4, 2], RecurrentHead),
        new("SimpleRNN", "SimpleRNN", () => Layers.SimpleRNN(3), [4, 2], DenseHead),
        new("LSTM", "LSTM", () => Layers.LSTM(3), [4, 2], DenseHead),
        new("GRU", "GRU", () => Layers.GRU(3, returnSequences: true), [4, 2], FlatHead),
        new("Bidirectional", "Bidirectional", () => Layers.Bidirectional(Layers.LSTM(2)), [4, 2], DenseHead, KerasResolves: ["backward_layer"]),
        new("RNN", "RNN", () => Layers.RNN(Layers.LSTMCell(3)), [4, 2], DenseHead),
        new("RNN(GRUCell, sequences, backwards)", "RNN", () => Layers.RNN(Layers.GRUCell(3, resetAfter: false), returnSequences: true, goBackwards: true),
            [4, 2], FlatHead),
        new("RNN(stacked cells, SimpleRNNCell)", "RNN", () => Layers.RNN([Layers.LSTMCell(3), Layers.SimpleRNNCell(2, dropout: 0.2)]), [4, 2], DenseHead),
        new("RNN(StackedRNNCells)", "RNN", () => Layers.RNN(Layers.StackedRNNCells([Layers.GRUCell(2), Layers.LSTMCell(2)]), unroll: true), [4, 2], DenseHead),
        new("ConvLSTM1D", "ConvLSTM1D", () => Layers.ConvLSTM1D(2, 3), [3, 6, 2], FlatHead),
        Volume("ConvLSTM2D", "ConvLSTM2D", () => Layers.ConvLSTM2D(2, 3), [3, 5, 5, 1], FlatHead),
        new("ConvLSTM2D(same, strides, sequences)", "ConvLSTM2D", () => Layers.ConvLSTM2D(2, (3, 2), strides: 2, padding: Padding.Same,
            returnSequences: true), [3, 5, 5, 1], FlatHead, Kind: "volume"),
        new("MultiHeadAttention", "MultiHeadAttention", () => Layers.MultiHeadAttention(2, 2), [3, 4], FlatHead, Kind: "attention",
            KerasResolves: ["attention_axes"]),
        new("Attention", "Attention", () => Layers.Attention(), [3, 4], FlatHead, Kind: "attention_list"),
        new("Attention(scale, concat)", "Attention", () => Layers.Attention(useScale: true, scoreMode: "concat", dropout: 0.2, seed: 3), [3, 4],
            FlatHead, Kind: "attention_list"),
        new("AdditiveAttention", "AdditiveAttention", () => Layers.AdditiveAttention(), [3, 4], FlatHead, Kind: "attention_list"),
        new("GroupQueryAttention", "GroupQueryAttention", () => Layers.GroupedQueryAttention(2, 4, 2, useGate: true), [3, 4], FlatHead,
            Kind: "attention"),
        new("EinsumDense", "EinsumDense", () => Layers.EinsumDense("ab,bc->ac", [3], biasAxes: "c"), [4], DenseHead),
        new("EinsumDense(heads, ellipsis)", "EinsumDense", () => Layers.EinsumDense("...b,bcd->...cd", [2, 3], Activations.Tanh, biasAxes: "d"),
            [3, 4], FlatHead),
        new("Rescaling", "Rescaling", () => Layers.Rescaling(0.5, offset: 1.0), [4], DenseHead),
        new("Normalization", "Normalization", () => Layers.Normalization([0.5], [2.0]), [4], DenseHead),
        new("CategoryEncoding", "CategoryEncoding", () => Layers.CategoryEncoding(10), [4], DenseHead, IntegerInputs: true),
        new("CategoryEncoding(one_hot)", "CategoryEncoding", () => Layers.CategoryEncoding(10, outputMode: "one_hot"), [3], FlatHead,
            IntegerInputs: true),
        new("CategoryEncoding(count)", "CategoryEncoding", () => Layers.CategoryEncoding(10, outputMode: "count"), [5], DenseHead, IntegerInputs: true),
        // Keras builds IntegerLookup only with TensorFlow, which this suite's Keras lacks: the PyTorch engine's theory runs it.
        new("IntegerLookup", "IntegerLookup", () => Layers.IntegerLookup(vocabulary: [1, 3, 5, 7], outputMode: "multi_hot"), [4], DenseHead,
            IntegerInputs: true, KerasBuilds: false),
        // Keras builds Hashing only with TensorFlow too; its one_hot bins of the integer ids feed the Dense head.
        new("Hashing", "Hashing", () => Layers.Hashing(5, salt: [7], outputMode: "one_hot"), [1], DenseHead, IntegerInputs: true,
            KerasBuilds: false),
        // A string Input feeds it (the PyTorch engine requires one); Keras builds it only with TensorFlow.
        new("StringLookup", "StringLookup", () => Layers.StringLookup(vocabulary: ["a", "b", "c"], outputMode: "count"), [3], DenseHead,
            KerasBuilds: false, StringInputs: true),
        // One word per (batch, 1) string, split, counted over [UNK], a, b, c.
        new("TextVectorization", "TextVectorization", () => Layers.TextVectorization(vocabulary: ["a", "b", "c"], outputMode: "count"), [1],
            DenseHead, KerasBuilds: false, StringInputs: true),
        // The int bin indices reach the Dense head through a CategoryEncoding of the 4 bins.
        new("Discretization", "Discretization", () => Layers.Discretization([-0.5, 0.0, 0.5]), [4],
            () => [Layers.CategoryEncoding(4, outputMode: "count"), Layers.Dense(1)]),
        new("Discretization(multi_hot)", "Discretization", () => Layers.Discretization([-0.5, 0.5], outputMode: "multi_hot"), [4], DenseHead),
        new("SpectralNormalization", "SpectralNormalization", () => Layers.SpectralNormalization(Layers.Dense(3)), [4], DenseHead),
        new("SpectralNormalization(Conv2D, iterations)", "SpectralNormalization", () => Layers.SpectralNormalization(Layers.Conv2D(2, 2),
            powerIterations: 3), [4, 4, 1], FlatHead),
        new("ReversibleEmbedding", "ReversibleEmbedding", () => Layers.ReversibleEmbedding(10, 3), [5], FlatHead, IntegerInputs: true),
        new("ReversibleEmbedding(untied, maskZero)", "ReversibleEmbedding", () => Layers.ReversibleEmbedding(10, 3, tieWeights: false, maskZero: true,
            logitSoftCap: 3.0), [5], RecurrentHead, IntegerInputs: true),
        new("STFTSpectrogram", "STFTSpectrogram", () => Layers.STFTSpectrogram(frameLength: 16), [64, 1], FlatHead),
        new("STFTSpectrogram(trainable, magnitude, same, channels_first)", "STFTSpectrogram", () => Layers.STFTSpectrogram("magnitude",
            frameLength: 16, frameStep: 6, fftLength: 32, window: "hamming", padding: "same", dataFormat: "channels_first", trainable: true),
            [2, 64], FlatHead),
        new("STFTSpectrogram(window values, stft, expandDims)", "STFTSpectrogram", () => Layers.STFTSpectrogram([0.5, 1, 1, 1, 1, 1, 1, 0.5],
            mode: "stft", frameLength: 8, scaling: "spectrum", expandDims: true, trainable: false), [32, 2], FlatHead),
        new("MelSpectrogram", "MelSpectrogram", () => Layers.MelSpectrogram(fftLength: 64, sequenceStride: 32, numMelBins: 8), [256], FlatHead),
        new("MelSpectrogram(hamming, no dB)", "MelSpectrogram", () => Layers.MelSpectrogram(fftLength: 32, sequenceStride: 16, sequenceLength: 24,
            window: "hamming", samplingRate: 8000, numMelBins: 6, minFreq: 50.0, maxFreq: 3000.0, powerToDb: false, magExp: 1.0), [128], FlatHead),
        new("Resizing", "Resizing", () => Layers.Resizing(4, 4), [2, 2, 1], FlatHead),
        new("CenterCrop", "CenterCrop", () => Layers.CenterCrop(2, 2), [4, 4, 1], FlatHead),
        new("RandomFlip", "RandomFlip", () => Layers.RandomFlip(), [4, 4, 1], FlatHead),
        new("RandomRotation", "RandomRotation", () => Layers.RandomRotation(0.1), [4, 4, 1], FlatHead),
        new("RandomZoom", "RandomZoom", () => Layers.RandomZoom(0.2), [4, 4, 1], FlatHead),
        new("RandomTranslation", "RandomTranslation", () => Layers.RandomTranslation(0.1, 0.2), [4, 4, 1], FlatHead),
        new("RandomContrast", "RandomContrast", () => Layers.RandomContrast(0.2), [4, 4, 1], FlatHead),
        new("RandomBrightness", "RandomBrightness", () => Layers.RandomBrightness(0.2), [4, 4, 1], FlatHead),
        new("RandomCrop", "RandomCrop", () => Layers.RandomCrop(2, 3), [4, 4, 1], PooledHead, KerasResolves: ["seed"]),
        new("RandomGrayscale", "RandomGrayscale", () => Layers.RandomGrayscale(), [4, 4, 3], FlatHead),
        new("RandomInvert", "RandomInvert", () => Layers.RandomInvert(), [4, 4, 1], FlatHead),
        new("Solarization", "Solarization", () => Layers.Solarization(), [4, 4, 1], FlatHead),
        new("RandomFlip(vertical)", "RandomFlip", () => Layers.RandomFlip("vertical", seed: 3), [4, 4, 1], FlatHead),
        new("RandomRotation(constant, nearest)", "RandomRotation", () => Layers.RandomRotation((-0.2, 0.3), fillMode: FillMode.Constant,
            interpolation: "nearest", fillValue: 0.5, seed: 1), [4, 4, 1], FlatHead),
        new("RandomZoom(both axes)", "RandomZoom", () => Layers.RandomZoom((-0.1, 0.3), (0.2, 0.1), fillMode: "wrap"), [4, 4, 1], FlatHead),
        new("RandomTranslation(channels_first)", "RandomTranslation", () => Layers.RandomTranslation((0.1, -0.1), 0.2, fillMode: FillMode.Nearest,
            dataFormat: "channels_first"), [1, 4, 4], FlatHead),
        new("RandomHue", "RandomHue", () => Layers.RandomHue(0.2), [4, 4, 3], FlatHead),
        new("RandomSaturation", "RandomSaturation", () => Layers.RandomSaturation(0.5), [4, 4, 3], FlatHead),
        new("RandomColorJitter", "RandomColorJitter", () => Layers.RandomColorJitter(brightnessFactor: 0.2, contrastFactor: (0.1, 0.3),
            saturationFactor: 0.5, hueFactor: 0.1, seed: 2), [4, 4, 3], FlatHead),
        new("RandomColorDegeneration", "RandomColorDegeneration", () => Layers.RandomColorDegeneration(0.5), [4, 4, 3], FlatHead),
        new("RandomSharpness", "RandomSharpness", () => Layers.RandomSharpness(0.5), [4, 4, 3], FlatHead),
        new("RandomPosterization", "RandomPosterization", () => Layers.RandomPosterization(4), [4, 4, 3], FlatHead),
        new("AutoContrast", "AutoContrast", () => Layers.AutoContrast(), [4, 4, 3], FlatHead),
        new("Equalization", "Equalization", () => Layers.Equalization(), [4, 4, 3], FlatHead, KerasBuilds: false),
        new("RandomHue(channels_first, unit range)", "RandomHue", () => Layers.RandomHue((0.1, 0.4), (0, 1), seed: 5,
            dataFormat: "channels_first"), [3, 4, 4], FlatHead),
        // Keras writes RandomShear(f)'s range as [-f, f], which its loader refuses: rows give non-negative pairs (Keras's save -> load).
        new("RandomShear", "RandomShear", () => Layers.RandomShear((0, 0.2)), [4, 4, 1], FlatHead),
        new("RandomErasing", "RandomErasing", () => Layers.RandomErasing(), [4, 4, 3], FlatHead),
        new("RandomGaussianBlur", "RandomGaussianBlur", () => Layers.RandomGaussianBlur(), [4, 4, 1], FlatHead),
        new("RandomPerspective", "RandomPerspective", () => Layers.RandomPerspective(), [4, 4, 1], FlatHead),
        new("RandomShear(constant, nearest, channels_first)", "RandomShear", () => Layers.RandomShear((0.1, 0.3), (0.2, 0.0), "nearest",
            FillMode.Constant, 0.5, "channels_first", seed: 4), [1, 4, 4], FlatHead),
        new("RandomErasing(channel fills)", "RandomErasing", () => Layers.RandomErasing(0.5, (0.1, 0.4), [0.2, 0.4, 0.6], (0, 1), seed: 2),
            [4, 4, 3], FlatHead),
        new("RandomGaussianBlur(kernel 5, channels_first)", "RandomGaussianBlur", () => Layers.RandomGaussianBlur(0.8, 5, (0.2, 0.9), (0, 1),
            "channels_first"), [2, 5, 5], FlatHead),
        new("MixUp", "MixUp", () => Layers.MixUp(), [4, 4, 1], FlatHead),
        new("CutMix", "CutMix", () => Layers.CutMix(), [4, 4, 1], FlatHead),
        new("CutMix(pair, channels_first)", "CutMix", () => Layers.CutMix((0.3, 0.6), seed: 1, dataFormat: "channels_first"), [2, 4, 4], FlatHead),
        new("RandomElasticTransform", "RandomElasticTransform", () => Layers.RandomElasticTransform(), [4, 4, 3], FlatHead),
        new("RandomElasticTransform(mirror, nearest, channels_first)", "RandomElasticTransform", () => Layers.RandomElasticTransform(0.5,
            (0.2, 0.4), "nearest", FillMode.Mirror, 1.0, (1, 0), seed: 3, dataFormat: "channels_first"), [2, 5, 5], FlatHead),
        new("MaxNumBoundingBoxes", "MaxNumBoundingBoxes", () => Layers.MaxNumBoundingBoxes(3), [4, 4, 3], FlatHead),
        new("ContrastLimitedAdaptiveHistogramEqualization", "ContrastLimitedAdaptiveHistogramEqualization",
            () => Layers.ContrastLimitedAdaptiveHistogramEqualization(), [4, 4, 3], FlatHead),
        new("ContrastLimitedAdaptiveHistogramEqualization(grid, unit range, channels_first)", "ContrastLimitedAdaptiveHistogramEqualization",
            () => Layers.ContrastLimitedAdaptiveHistogramEqualization((0, 1), 2.5, (2, 3), "channels_first"), [2, 5, 7], FlatHead),
        new("RandAugment", "RandAugment", () => Layers.RandAugment(), [4, 4, 3], FlatHead),
        new("RandAugment(three ops, unit range, nearest)", "RandAugment", () => Layers.RandAugment((0, 1), 3, (0.2, 0.6), "nearest", seed: 1),
            [5, 5, 3], FlatHead),
        new("AugMix", "AugMix", () => Layers.AugMix(), [4, 4, 3], FlatHead),
        new("AugMix(two chains, basic ops, unit range)", "AugMix", () => Layers.AugMix((0, 1), 2, 1, (0.2, 0.4), 0.5, false, "nearest", 1,
            "channels_first"), [3, 5, 5], FlatHead),
        new("RandomPosterization(pair, unit range)", "RandomPosterization", () => Layers.RandomPosterization((6, 2), (1, 0)), [4, 4, 3], FlatHead),
        Merge("Concatenate", () => Layers.Concatenate()),
        Merge("Add", () => Layers.Add()),
        Merge("Subtract", () => Layers.Subtract()),
        Merge("Multiply", () => Layers.Multiply()),
        Merge("Average", () => Layers.Average()),
        Merge("Maximum", () => Layers.Maximum()),
        Merge("Minimum", () => Layers.Minimum()),
        Merge("Dot", () => Layers.Dot(1)),
        new("ActivityRegularization", "ActivityRegularization", () => Layers.ActivityRegularization(0.01, 0.02), [4], DenseHead),
        new("Conv1DTranspose", "Conv1DTranspose", () => Layers.Conv1DTranspose(2, 3, strides: 2, outputPadding: 1), [4, 2], FlatHead),
        Volume("ConvLSTM3D", "ConvLSTM3D", () => Layers.ConvLSTM3D(2, (2, 2, 1), padding: Padding.Same), [2, 3, 3, 2, 1], FlatHead),
        new("Cropping1D", "Cropping1D", () => Layers.Cropping1D((1, 2)), [6, 2], FlatHead),
        new("DepthwiseConv1D", "DepthwiseConv1D", () => Layers.DepthwiseConv1D(3, depthMultiplier: 2), [6, 2], FlatHead),
        new("SeparableConv1D", "SeparableConv1D", () => Layers.SeparableConv1D(3, 3, padding: Padding.Same), [6, 2], FlatHead),
        new("UpSampling1D", "UpSampling1D", () => Layers.UpSampling1D(3), [3, 2], FlatHead),
        new("ZeroPadding1D", "ZeroPadding1D", () => Layers.ZeroPadding1D((2, 1)), [3, 2], FlatHead),
        new("ZeroPadding1D(channels_first)", "ZeroPadding1D", () => Layers.ZeroPadding1D(2, dataFormat: "channels_first"), [2, 3], FlatHead),
    ];

    public static LayerFactoryCase Get(string label) => All.Single(c => c.Label == label);

    /// <summary>Every row on the Keras engine; the rows of <see cref="TorchRuns"/> classes on the PyTorch engine.</summary>
    public static TheoryData<string, EngineKind> Rows()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var c in All.Where(c => c.KerasBuilds))
        {
            data.Add(c.Label, EngineKind.Keras);
        }
        foreach (var c in All.Where(c => TorchRuns.Contains(c.Label)))
        {
            data.Add(c.Label, EngineKind.Torch);
        }
        return data;
    }
}
