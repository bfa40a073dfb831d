using System.Text.Json.Nodes;

namespace KerasBridge;

public static partial class Layers
{
    /// <summary>
    /// <c>keras.layers.STFTSpectrogram</c> (keras/src/layers/preprocessing/stft_spectrogram.py): the Short-Time Fourier
    /// Transform of (batch, time, channels) signals (channels_last) computed as a strided convolution of each channel with
    /// (frameLength, 1, fftLength / 2 + 1) kernels initialized by the STFT initializer: real_kernel (unless mode is "imag")
    /// and imag_kernel (unless mode is "real"). Output (batch, frames, channels * bins), or (batch, frames, bins, channels)
    /// with expandDims.
    /// </summary>
    /// <param name="mode">"log" (log magnitude), "magnitude", "psd" (power spectral density), "real", "imag", "angle" or
    /// "stft" (real and imaginary parts side by side).</param>
    /// <param name="frameLength">Samples in each frame (window).</param>
    /// <param name="frameStep">Samples between frames, 1 to frameLength; null: frameLength / 2.</param>
    /// <param name="fftLength">FFT size, at least frameLength (a power of two is recommended); null: the smallest power of
    /// two not below frameLength.</param>
    /// <param name="window">A window name ("hann", "hamming", or another scipy window when scipy is installed), or null for
    /// none (write <c>(string?)null</c>: a bare null also fits the overload taking the window's values).</param>
    /// <param name="periodic">Whether the named window is periodic rather than symmetric.</param>
    /// <param name="scaling">"density" (divide by the window's L2 norm), "spectrum" (by its L1 norm) or null (none).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="expandDims">Whether to keep channels as their own axis (an image for image models).</param>
    /// <param name="dataFormat">"channels_last" (batch, time, channels) or "channels_first" (batch, channels, time); null:
    /// Keras's image data format.</param>
    /// <param name="trainable">Whether training updates the kernels (Keras's default: true).</param>
    /// <param name="name">Layer name.</param>
    public static STFTSpectrogram STFTSpectrogram(string mode = "log", int frameLength = 256, int? frameStep = null, int? fftLength = null,
        string? window = "hann", bool periodic = false, string? scaling = "density", string padding = "valid", bool expandDims = false,
        string? dataFormat = null, bool trainable = true, string? name = null) =>
        MakeSTFTSpectrogram(mode, frameLength, frameStep, fftLength, window is null ? null : JsonValue.Create(window), periodic, scaling,
            padding, expandDims, dataFormat, trainable, name);

    /// <summary><c>keras.layers.STFTSpectrogram</c> with a window given by its values (one per sample of a frame).</summary>
    /// <param name="window">The window's frameLength values.</param>
    /// <param name="mode">"log", "magnitude", "psd", "real", "imag", "angle" or "stft".</param>
    /// <param name="frameLength">Samples in each frame; must equal the window's length.</param>
    /// <param name="frameStep">Samples between frames, 1 to frameLength; null: frameLength / 2.</param>
    /// <param name="fftLength">FFT size, at least frameLength; null: the smallest power of two not below frameLength.</param>
    /// <param name="periodic">Ignored for a window of values (Keras writes it).</param>
    /// <param name="scaling">"density", "spectrum" or null.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="expandDims">Whether to keep channels as their own axis.</param>
    /// <param name="dataFormat">"channels_last" or "channels_first"; null: Keras's image data format.</param>
    /// <param name="trainable">Whether training updates the kernels.</param>
    /// <param name="name">Layer name.</param>
    public static STFTSpectrogram STFTSpectrogram(IReadOnlyList<double> window, string mode = "log", int frameLength = 256, int? frameStep = null,
        int? fftLength = null, bool periodic = false, string? scaling = "density", string padding = "valid", bool expandDims = false,
        string? dataFormat = null, bool trainable = true, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Count != frameLength)
        {
            throw new ArgumentException($"Expected window to hold frameLength={frameLength} values; got {window.Count}.", nameof(window));
        }
        return MakeSTFTSpectrogram(mode, frameLength, frameStep, fftLength, Numbers(window), periodic, scaling, padding, expandDims,
            dataFormat, trainable, name);
    }

    private static STFTSpectrogram MakeSTFTSpectrogram(string mode, int frameLength, int? frameStep, int? fftLength, JsonNode? window,
        bool periodic, string? scaling, string padding, bool expandDims, string? dataFormat, bool trainable, string? name)
    {
        if (frameLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frameLength), frameLength, $"Expected frameLength >= 1; got {frameLength}.");
        }
        if (frameStep is { } step && (step < 1 || step > frameLength))
        {
            throw new ArgumentOutOfRangeException(nameof(frameStep), step, $"Expected frameStep between 1 and frameLength={frameLength}; got {step}.");
        }
        if (fftLength is { } fft && fft < frameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(fftLength), fft, $"Expected fftLength >= frameLength={frameLength}; got {fft}.");
        }
        if (scaling is not null)
        {
            Mode(scaling, nameof(scaling), "density", "spectrum");
        }
        var layer = new STFTSpectrogram(new JsonObject
        {
            ["mode"] = Mode(mode, nameof(mode), "log", "magnitude", "psd", "real", "imag", "angle", "stft"),
            ["frame_length"] = frameLength,
            ["frame_step"] = frameStep,
            ["fft_length"] = fftLength,
            ["window"] = window,
            ["periodic"] = periodic,
            ["scaling"] = scaling,
            ["padding"] = Mode(padding, nameof(padding), "valid", "same"),
            ["data_format"] = LayerArgs.DataFormat(dataFormat, nameof(dataFormat)),
            ["expand_dims"] = expandDims,
        }, name);
        layer.Trainable = trainable;
        return layer;
    }

    /// <summary>
    /// <c>keras.layers.MelSpectrogram</c> (keras/src/layers/preprocessing/mel_spectrogram.py): (batch, samples) signals to
    /// (batch, numMelBins, frames) mel spectrograms: a centered STFT (reflect padding), magnitudes to the power magExp, an
    /// HTK mel filter bank between minFreq and maxFreq, then (powerToDb) decibels relative to refPower, floored at the
    /// batch's maximum minus topDb. No weights.
    /// </summary>
    /// <param name="fftLength">FFT size.</param>
    /// <param name="sequenceStride">Samples between frames.</param>
    /// <param name="sequenceLength">Samples in each frame, at most fftLength; null: fftLength.</param>
    /// <param name="window">"hann", "hamming" (periodic) or null (none).</param>
    /// <param name="samplingRate">Samples per second of the signal.</param>
    /// <param name="numMelBins">Mel bands in the output.</param>
    /// <param name="minFreq">Lower edge of the lowest band, in Hz.</param>
    /// <param name="maxFreq">Upper edge of the highest band, in Hz; null: samplingRate / 2.</param>
    /// <param name="powerToDb">Whether to convert the spectrogram to decibels.</param>
    /// <param name="topDb">The dynamic range kept below the maximum, in dB.</param>
    /// <param name="magExp">The exponent of the magnitudes (1: magnitude, 2: power).</param>
    /// <param name="minPower">The smallest power (and reference) the decibel conversion takes.</param>
    /// <param name="refPower">The power that is 0 dB.</param>
    /// <param name="name">Layer name.</param>
    public static MelSpectrogram MelSpectrogram(int fftLength = 2048, int sequenceStride = 512, int? sequenceLength = null, string? window = "hann",
        int samplingRate = 16000, int numMelBins = 128, double minFreq = 20.0, double? maxFreq = null, bool powerToDb = true,
        double topDb = 80.0, double magExp = 2.0, double minPower = 1e-10, double refPower = 1.0, string? name = null)
    {
        foreach (var (value, parameter) in new[] { (fftLength, nameof(fftLength)), (sequenceStride, nameof(sequenceStride)),
                     (samplingRate, nameof(samplingRate)), (numMelBins, nameof(numMelBins)), (sequenceLength ?? fftLength, nameof(sequenceLength)) })
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(parameter, value, $"Expected {parameter} >= 1; got {value}.");
            }
        }
        if ((sequenceLength ?? fftLength) > fftLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"Expected sequenceLength <= fftLength={fftLength}; got {sequenceLength}.");
        }
        if (window is not null)
        {
            Mode(window, nameof(window), "hann", "hamming");
        }
        // Keras's constructor writes the resolved sequence_length and max_freq (int(sampling_rate / 2)).
        return new(new JsonObject
        {
            ["fft_length"] = fftLength,
            ["sequence_stride"] = sequenceStride,
            ["sequence_length"] = sequenceLength ?? fftLength,
            ["window"] = window,
            ["sampling_rate"] = samplingRate,
            ["num_mel_bins"] = numMelBins,
            ["min_freq"] = minFreq,
            ["max_freq"] = maxFreq is { } max ? JsonValue.Create(max) : JsonValue.Create(samplingRate / 2),
            ["power_to_db"] = powerToDb,
            ["top_db"] = topDb,
            ["mag_exp"] = magExp,
            ["min_power"] = minPower,
            ["ref_power"] = refPower,
        }, name);
    }

    private static JsonArray Numbers(IReadOnlyList<double> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
