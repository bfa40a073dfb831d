namespace KerasBridge;

/// <summary>
/// The pretrained weights of an application (or the ImageNet class index) are not in the cache and could not be
/// downloaded: offline, the download failed, or the file's hash was wrong. Names the file, its address and the path to put
/// it at (KERAS_HOME/models, ~/.keras/models by default), where a copy made elsewhere is used without network.
/// </summary>
public sealed class WeightsUnavailableException : PythonError
{
    /// <summary>Creates the exception.</summary>
    public WeightsUnavailableException(string fileName, string url, string cachePath, string reason, string pythonType, string pythonMessage,
        string pythonTraceback, Exception? inner = null)
        : base(pythonType, pythonMessage, pythonTraceback, inner)
    {
        FileName = fileName;
        Url = url;
        CachePath = cachePath;
        Reason = reason;
    }

    /// <summary>The file's name, as Keras names it (e.g. densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5).</summary>
    public string FileName { get; }

    /// <summary>The address Keras downloads it from.</summary>
    public string Url { get; }

    /// <summary>Where the file is looked for: put a copy there to work offline.</summary>
    public string CachePath { get; }

    /// <summary>Why it could not be had (the network error, or the hash that did not match).</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string Message => PythonMessage;
}
