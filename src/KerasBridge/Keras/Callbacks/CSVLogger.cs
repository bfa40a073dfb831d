using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.CSVLogger</c>: writes one row per epoch, Keras's exact file: an "epoch" column then the first
/// epoch's log keys sorted (with "val_" twins holding "NA" when there is no validation), CRLF line ends.
/// </summary>
public sealed class CSVLogger : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="filename">The CSV file.</param>
    /// <param name="separator">The column separator.</param>
    /// <param name="append">Add rows to an existing file (its header is kept) instead of overwriting it.</param>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        if (string.IsNullOrWhiteSpace(filename))
        {
            throw new ArgumentException($"Expected a file name; got '{filename}'.", nameof(filename));
        }
        if (separator is null || separator.Length != 1)
        {
            throw new ArgumentException($"Expected a one-character separator (Python's csv module needs one); got '{separator}'.", nameof(separator));
        }
        Filename = filename;
        Separator = separator;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Filename { get; }

    /// <summary>The column separator.</summary>
    public string Separator { get; }

    /// <summary>Whether rows are added to an existing file.</summary>
    public bool Append { get; }

    private protected override JsonObject Config(int index) => new()
    {
        ["filename"] = Filename,
        ["separator"] = Separator,
        ["append"] = Append,
    };
}
