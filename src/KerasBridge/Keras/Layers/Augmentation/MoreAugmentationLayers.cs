using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.RandomHue</c>: shifts each image's hue at random while training; nothing at inference.</summary>
public sealed class RandomHue : KerasLayer
{
    internal RandomHue(JsonObject config, string? name) : base("RandomHue", config, name) { }
}

/// <summary><c>keras.layers.RandomSaturation</c>: scales each image's saturation at random while training; nothing at inference.</summary>
public sealed class RandomSaturation : KerasLayer
{
    internal RandomSaturation(JsonObject config, string? name) : base("RandomSaturation", config, name) { }
}

/// <summary><c>keras.layers.RandomColorJitter</c>: random brightness, contrast, saturation and hue in turn while training; nothing at inference.</summary>
public sealed class RandomColorJitter : KerasLayer
{
    internal RandomColorJitter(JsonObject config, string? name) : base("RandomColorJitter", config, name) { }
}

/// <summary><c>keras.layers.RandomColorDegeneration</c>: blends each image with its grayscale at random while training; nothing at inference.</summary>
public sealed class RandomColorDegeneration : KerasLayer
{
    internal RandomColorDegeneration(JsonObject config, string? name) : base("RandomColorDegeneration", config, name) { }
}

/// <summary><c>keras.layers.RandomSharpness</c>: sharpens or blurs each image at random while training; nothing at inference.</summary>
public sealed class RandomSharpness : KerasLayer
{
    internal RandomSharpness(JsonObject config, string? name) : base("RandomSharpness", config, name) { }
}

/// <summary><c>keras.layers.RandomPosterization</c>: keeps a random number of bits per pixel while training; nothing at inference.</summary>
public sealed class RandomPosterization : KerasLayer
{
    internal RandomPosterization(JsonObject config, string? name) : base("RandomPosterization", config, name) { }
}

/// <summary><c>keras.layers.AutoContrast</c>: stretches each image to its full value range, at inference as well as in training.</summary>
public sealed class AutoContrast : KerasLayer
{
    internal AutoContrast(JsonObject config, string? name) : base("AutoContrast", config, name) { }
}

/// <summary><c>keras.layers.Equalization</c>: equalizes each channel's histogram while training; Keras leaves the images as they are at inference.</summary>
public sealed class Equalization : KerasLayer
{
    internal Equalization(JsonObject config, string? name) : base("Equalization", config, name) { }
}

/// <summary><c>keras.layers.RandomShear</c>: shears each image at random while training; nothing at inference.</summary>
public sealed class RandomShear : KerasLayer
{
    internal RandomShear(JsonObject config, string? name) : base("RandomShear", config, name) { }
}

/// <summary><c>keras.layers.RandomErasing</c>: fills a random box of images chosen at random while training; nothing at inference.</summary>
public sealed class RandomErasing : KerasLayer
{
    internal RandomErasing(JsonObject config, string? name) : base("RandomErasing", config, name) { }
}

/// <summary><c>keras.layers.RandomGaussianBlur</c>: blurs images chosen at random while training; nothing at inference.</summary>
public sealed class RandomGaussianBlur : KerasLayer
{
    internal RandomGaussianBlur(JsonObject config, string? name) : base("RandomGaussianBlur", config, name) { }
}

/// <summary><c>keras.layers.RandomPerspective</c>: moves the corners of images chosen at random while training; nothing at inference.</summary>
public sealed class RandomPerspective : KerasLayer
{
    internal RandomPerspective(JsonObject config, string? name) : base("RandomPerspective", config, name) { }
}

/// <summary><c>keras.layers.MixUp</c>: blends each image with another of the batch while training; nothing at inference.</summary>
public sealed class MixUp : KerasLayer
{
    internal MixUp(JsonObject config, string? name) : base("MixUp", config, name) { }
}

/// <summary><c>keras.layers.CutMix</c>: pastes a box of another image of the batch into each image while training; nothing at inference.</summary>
public sealed class CutMix : KerasLayer
{
    internal CutMix(JsonObject config, string? name) : base("CutMix", config, name) { }
}
