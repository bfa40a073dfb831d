using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.RandomFlip</c>: flips images at random while training; nothing at inference.</summary>
public sealed class RandomFlip : KerasLayer
{
    internal RandomFlip(JsonObject config, string? name) : base("RandomFlip", config, name) { }
}

/// <summary><c>keras.layers.RandomRotation</c>: rotates images by a random angle while training; nothing at inference.</summary>
public sealed class RandomRotation : KerasLayer
{
    internal RandomRotation(JsonObject config, string? name) : base("RandomRotation", config, name) { }
}

/// <summary><c>keras.layers.RandomZoom</c>: zooms images in or out at random while training; nothing at inference.</summary>
public sealed class RandomZoom : KerasLayer
{
    internal RandomZoom(JsonObject config, string? name) : base("RandomZoom", config, name) { }
}

/// <summary><c>keras.layers.RandomTranslation</c>: shifts images at random while training; nothing at inference.</summary>
public sealed class RandomTranslation : KerasLayer
{
    internal RandomTranslation(JsonObject config, string? name) : base("RandomTranslation", config, name) { }
}

/// <summary><c>keras.layers.RandomCrop</c>: crops a random (height, width) window while training; at inference Keras returns the images uncropped.</summary>
public sealed class RandomCrop : KerasLayer
{
    internal RandomCrop(JsonObject config, string? name) : base("RandomCrop", config, name) { }
}

/// <summary><c>keras.layers.RandomContrast</c>: scales each image's contrast at random while training; nothing at inference.</summary>
public sealed class RandomContrast : KerasLayer
{
    internal RandomContrast(JsonObject config, string? name) : base("RandomContrast", config, name) { }
}

/// <summary><c>keras.layers.RandomBrightness</c>: shifts each image's brightness at random while training; nothing at inference.</summary>
public sealed class RandomBrightness : KerasLayer
{
    internal RandomBrightness(JsonObject config, string? name) : base("RandomBrightness", config, name) { }
}

/// <summary><c>keras.layers.RandomGrayscale</c>: turns images gray at random while training; nothing at inference.</summary>
public sealed class RandomGrayscale : KerasLayer
{
    internal RandomGrayscale(JsonObject config, string? name) : base("RandomGrayscale", config, name) { }
}

/// <summary><c>keras.layers.RandomInvert</c>: inverts images at random while training; nothing at inference.</summary>
public sealed class RandomInvert : KerasLayer
{
    internal RandomInvert(JsonObject config, string? name) : base("RandomInvert", config, name) { }
}

/// <summary><c>keras.layers.Solarization</c>: inverts the pixels above a random threshold while training; nothing at inference.</summary>
public sealed class Solarization : KerasLayer
{
    internal Solarization(JsonObject config, string? name) : base("Solarization", config, name) { }
}
