using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// The layer-coverage fixtures (fixtures/keras-3.15.1/layers/NAME.*, made by Keras 3.15.1: activation layers,
/// Conv1D with 1D pooling, DepthwiseConv2D with SeparableConv2D, Reshape/Permute/TimeDistributed/RepeatVector,
/// Conv2DTranspose with UpSampling2D/ZeroPadding2D/Cropping2D/AveragePooling2D) through Models.LoadModel on both
/// engines: predictions within <see cref="FixtureModels.Tolerance"/> of NAME.predictions.csv, Summary() equal to
/// NAME.summary.txt, and Save → LoadModel giving identical predictions.
/// </summary>
public sealed class LayerFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, EngineKind> Cases() => FixtureFolder.Cases(["activation_layers", "conv1d_pooling1d", "depthwise_separable", "reshape_permute", "transpose_upsampling"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerFixturePredictsSummarizesAndSavesLikeKeras(string name, string extension, EngineKind engine) =>
        FixtureFolder.AssertLikeKeras("layers", name, extension, engine, output);
}
