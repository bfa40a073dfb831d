using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.RandomElasticTransform</c>: displaces the pixels of images chosen at random by a smooth random field while
/// training; nothing at inference.</summary>
public sealed class RandomElasticTransform : KerasLayer
{
    internal RandomElasticTransform(JsonObject config, string? name) : base("RandomElasticTransform", config, name) { }
}

/// <summary><c>keras.layers.MaxNumBoundingBoxes</c>: pads or cuts bounding boxes in Keras; passes images through unchanged.</summary>
public sealed class MaxNumBoundingBoxes : KerasLayer
{
    internal MaxNumBoundingBoxes(JsonObject config, string? name) : base("MaxNumBoundingBoxes", config, name) { }
}

/// <summary><c>keras.layers.ContrastLimitedAdaptiveHistogramEqualization</c>: equalizes histograms per tile, contrast limited, at inference
/// as in training.</summary>
public sealed class ContrastLimitedAdaptiveHistogramEqualization : KerasLayer
{
    internal ContrastLimitedAdaptiveHistogramEqualization(JsonObject config, string? name)
        : base("ContrastLimitedAdaptiveHistogramEqualization", config, name) { }
}

/// <summary><c>keras.layers.RandAugment</c>: applies a few augmentation layers picked at random while training; nothing at inference.</summary>
public sealed class RandAugment : KerasLayer
{
    internal RandAugment(JsonObject config, string? name) : base("RandAugment", config, name) { }
}

/// <summary><c>keras.layers.AugMix</c>: mixes each batch with chains of random augmentations of it while training; nothing at inference.</summary>
public sealed class AugMix : KerasLayer
{
    internal AugMix(JsonObject config, string? name) : base("AugMix", config, name) { }
}
