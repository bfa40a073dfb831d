using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.RemoteMonitor</c>: POSTs <c>{"epoch": i, ...the epoch's logs}</c> to <see cref="Root"/> +
/// <see cref="Path"/> at the end of each epoch, as JSON (<c>application/json</c>) when <see cref="SendAsJson"/>, else as
/// the form field <see cref="Field"/> holding that JSON. A server that cannot be reached is a Python warning ("Could not
/// reach RemoteMonitor root server at ..."), not an error; the Fit goes on. Keras sends with the <c>requests</c> package;
/// where it is missing both engines send the same request with Python's urllib.
/// </summary>
public sealed class RemoteMonitor : KerasCallback
{
    private readonly Dictionary<string, string>? _headers;

    /// <summary>Creates the callback.</summary>
    /// <param name="root">The server's root URL, with its scheme.</param>
    /// <param name="path">The path after <paramref name="root"/> the events go to.</param>
    /// <param name="field">The form field that holds the JSON (when not <paramref name="sendAsJson"/>).</param>
    /// <param name="headers">Extra HTTP headers, or null.</param>
    /// <param name="sendAsJson">Send the body as <c>application/json</c> instead of a form.</param>
    public RemoteMonitor(string root = "http://localhost:9000", string path = "/publish/epoch/end/", string field = "data",
        IReadOnlyDictionary<string, string>? headers = null, bool sendAsJson = false)
    {
        if (!Uri.TryCreate(root, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Expected an absolute http(s) URL such as \"http://localhost:9000\"; got '{root}'.", nameof(root));
        }
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(field))
        {
            throw new ArgumentException($"Expected a form field name; got '{field}'.", nameof(field));
        }
        if (headers is not null && headers.Any(h => string.IsNullOrWhiteSpace(h.Key) || h.Value is null))
        {
            throw new ArgumentException("Expected header names that are not empty and values that are not null.", nameof(headers));
        }
        Root = root;
        Path = path;
        Field = field;
        _headers = headers?.ToDictionary(h => h.Key, h => h.Value);
        SendAsJson = sendAsJson;
    }

    /// <summary>The server's root URL.</summary>
    public string Root { get; }

    /// <summary>The path after <see cref="Root"/>.</summary>
    public string Path { get; }

    /// <summary>The form field that holds the JSON.</summary>
    public string Field { get; }

    /// <summary>The extra HTTP headers, or null.</summary>
    public IReadOnlyDictionary<string, string>? Headers => _headers;

    /// <summary>Whether the body is JSON rather than a form.</summary>
    public bool SendAsJson { get; }

    private protected override JsonObject Config(int index)
    {
        JsonObject? headers = null;
        if (_headers is not null)
        {
            headers = [];
            foreach (var (name, value) in _headers)
            {
                headers[name] = value;
            }
        }
        return new()
        {
            ["root"] = Root,
            ["path"] = Path,
            ["field"] = Field,
            ["headers"] = headers,
            ["send_as_json"] = SendAsJson,
        };
    }
}
