using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// Keras's initializers (keras/src/initializers/), typed with Keras's parameter names and defaults:
/// <c>Layers.Dense(4, kernelInitializer: Initializers.HeNormal(seed: 1))</c>; any other by name through <see cref="Create"/>.
/// </summary>
public static class Initializers
{
    /// <summary>
    /// Any initializer in Keras's catalog by class name, with arguments keyed by Keras's parameter names
    /// (<c>Initializers.Create("VarianceScaling", new { scale = 2.0, mode = "fan_out" })</c>).
    /// </summary>
    /// <param name="className">Keras's class name (or a snake_case alias such as "he_normal").</param>
    /// <param name="arguments">An anonymous object or IReadOnlyDictionary&lt;string, object?&gt;; null for Keras's defaults.</param>
    /// <exception cref="ArgumentException">An unknown class (the message lists the valid ones, closest first), an unknown parameter (it lists the valid ones) or a value of the wrong type.</exception>
    public static Initializer Create(string className, object? arguments = null)
    {
        var entry = KerasCatalog.Group("initializers").Get(className, nameof(className));
        var given = CatalogArguments.Check(entry, arguments, nameof(arguments));
        return new Initializer(entry.ClassName, CatalogArguments.WithDefaults(entry, given));
    }

    private static Initializer Seeded(string className, int? seed, bool axes = true)
    {
        var config = new JsonObject { ["seed"] = seed };
        if (axes)
        {
            config["input_axes"] = null;
            config["output_axes"] = null;
        }
        return new Initializer(className, config);
    }

    /// <summary><c>keras.initializers.GlorotUniform</c>: uniform in ±sqrt(6 / (fan_in + fan_out)); Keras's default kernel initializer.</summary>
    /// <param name="seed">Seed for reproducible draws; null for a random one.</param>
    public static Initializer GlorotUniform(int? seed = null) => Seeded("GlorotUniform", seed);

    /// <summary><c>keras.initializers.GlorotNormal</c>: truncated normal with stddev sqrt(2 / (fan_in + fan_out)).</summary>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer GlorotNormal(int? seed = null) => Seeded("GlorotNormal", seed);

    /// <summary><c>keras.initializers.HeUniform</c>: uniform in ±sqrt(6 / fan_in).</summary>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer HeUniform(int? seed = null) => Seeded("HeUniform", seed);

    /// <summary><c>keras.initializers.HeNormal</c>: truncated normal with stddev sqrt(2 / fan_in).</summary>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer HeNormal(int? seed = null) => Seeded("HeNormal", seed);

    /// <summary><c>keras.initializers.LecunUniform</c>: uniform in ±sqrt(3 / fan_in).</summary>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer LecunUniform(int? seed = null) => Seeded("LecunUniform", seed);

    /// <summary><c>keras.initializers.LecunNormal</c>: truncated normal with stddev sqrt(1 / fan_in).</summary>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer LecunNormal(int? seed = null) => Seeded("LecunNormal", seed);

    /// <summary><c>keras.initializers.Zeros</c>; Keras's default bias initializer.</summary>
    public static Initializer Zeros() => new("Zeros", []);

    /// <summary><c>keras.initializers.Ones</c>.</summary>
    public static Initializer Ones() => new("Ones", []);

    /// <summary><c>keras.initializers.Constant</c>: every weight <paramref name="value"/>.</summary>
    /// <param name="value">The constant.</param>
    public static Initializer Constant(double value = 0.0) => new("Constant", new JsonObject { ["value"] = value });

    /// <summary><c>keras.initializers.RandomNormal</c>.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="stddev">The standard deviation.</param>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) =>
        new("RandomNormal", new JsonObject { ["mean"] = mean, ["stddev"] = stddev, ["seed"] = seed });

    /// <summary><c>keras.initializers.RandomUniform</c>.</summary>
    /// <param name="minval">Lower bound.</param>
    /// <param name="maxval">Upper bound.</param>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) =>
        new("RandomUniform", new JsonObject { ["minval"] = minval, ["maxval"] = maxval, ["seed"] = seed });

    /// <summary><c>keras.initializers.TruncatedNormal</c>: normal, redrawn beyond two standard deviations.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="stddev">The standard deviation.</param>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) =>
        new("TruncatedNormal", new JsonObject { ["mean"] = mean, ["stddev"] = stddev, ["seed"] = seed });

    /// <summary><c>keras.initializers.Orthogonal</c>: a (semi-)orthogonal matrix times <paramref name="gain"/>; Keras's default recurrent initializer.</summary>
    /// <param name="gain">The factor.</param>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer Orthogonal(double gain = 1.0, int? seed = null) =>
        new("Orthogonal", new JsonObject { ["gain"] = gain, ["seed"] = seed });

    /// <summary><c>keras.initializers.Identity</c>: the identity matrix times <paramref name="gain"/> (2D weights only).</summary>
    /// <param name="gain">The factor.</param>
    public static Initializer Identity(double gain = 1.0) =>
        // Keras's Identity.get_config writes nothing (the default gain comes back); a different gain is written so it survives.
        new("Identity", gain == 1.0 ? [] : new JsonObject { ["gain"] = gain });

    /// <summary>
    /// <c>keras.initializers.STFT</c>: a (frame_length, 1, fft_bins) Conv1D kernel computing the real or imaginary part of a
    /// short-time Fourier transform, windowed and normalized.
    /// </summary>
    /// <param name="side">"real" (cosines) or "imag" (sines).</param>
    /// <param name="window">A scipy.signal.windows name ("hann", "hamming"; others need scipy on the engine), or null for none.</param>
    /// <param name="scaling">"density" (divide by the window's L2 norm), "spectrum" (its L1 norm) or null.</param>
    /// <param name="periodic">Use the periodic form of the window.</param>
    public static Initializer STFT(string side = "real", string? window = "hann", string? scaling = "density", bool periodic = false)
    {
        if (side is not ("real" or "imag"))
        {
            throw new ArgumentException($"Expected side \"real\" or \"imag\"; got \"{side}\".", nameof(side));
        }
        if (scaling is not (null or "density" or "spectrum"))
        {
            throw new ArgumentException($"Expected scaling null, \"density\" or \"spectrum\"; got \"{scaling}\".", nameof(scaling));
        }
        return new("STFT", new JsonObject { ["side"] = side, ["window"] = window, ["periodic"] = periodic, ["scaling"] = scaling });
    }

    /// <summary><c>keras.initializers.VarianceScaling</c>: the family Glorot, He and Lecun belong to.</summary>
    /// <param name="scale">The scaling factor (&gt; 0).</param>
    /// <param name="mode">"fan_in", "fan_out" or "fan_avg".</param>
    /// <param name="distribution">"truncated_normal", "untruncated_normal" or "uniform".</param>
    /// <param name="seed">Seed; null for a random one.</param>
    public static Initializer VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", int? seed = null)
    {
        if (!(scale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Expected scale > 0; got {scale}.");
        }
        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
        {
            throw new ArgumentException($"Expected mode \"fan_in\", \"fan_out\" or \"fan_avg\"; got \"{mode}\".", nameof(mode));
        }
        if (distribution is not ("truncated_normal" or "untruncated_normal" or "uniform"))
        {
            throw new ArgumentException($"Expected distribution \"truncated_normal\", \"untruncated_normal\" or \"uniform\"; got \"{distribution}\".", nameof(distribution));
        }
        return new("VarianceScaling", new JsonObject
        {
            ["scale"] = scale, ["mode"] = mode, ["distribution"] = distribution, ["seed"] = seed, ["input_axes"] = null, ["output_axes"] = null,
        });
    }
}
