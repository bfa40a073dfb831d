"""keras.callbacks.RemoteMonitor's request (keras/src/callbacks/remote_monitor.py, Keras 3.15.1) sent with urllib,
for both engines: Keras sends it with `requests`, which KerasBridge's Python does not need (the Keras engine uses
Keras's own class when `requests` imports).

At each epoch's end {"epoch": epoch, **logs} is POSTed to root + path: as JSON (Content-Type application/json, NaN
refused as requests refuses it) when send_as_json, else as the form field `field` holding json.dumps of it
(application/x-www-form-urlencoded, the encoding requests gives a dict). A server that cannot be reached (or a
URL requests would refuse) is a warning, "Could not reach RemoteMonitor root server at {root}"; an HTTP error
status is not (requests does not raise on one)."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from kerasbridge.errors import InvalidArgumentError


def check_arguments(root, path, field, headers, send_as_json):
    for name, value in (("root", root), ("path", path), ("field", field)):
        if not isinstance(value, str):
            raise InvalidArgumentError(f"RemoteMonitor: argument '{name}' must be a string; got {value!r}.", argument=name)
    if headers is not None and (not isinstance(headers, dict)
                                or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())):
        raise InvalidArgumentError(
            f"RemoteMonitor: argument 'headers' must be a dict of strings or None; got {headers!r}.", argument="headers")
    if not isinstance(send_as_json, bool):
        raise InvalidArgumentError(
            f"RemoteMonitor: argument 'send_as_json' must be a bool; got {send_as_json!r}.", argument="send_as_json")


def payload(epoch, logs):
    """Keras's `send`: the epoch, then the logs with numpy scalars unwrapped."""
    send = {"epoch": epoch}
    for key, value in (logs or {}).items():
        send[key] = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
    return send


def _request(url, send, field, headers, send_as_json):
    given = {k.lower() for k in headers}
    if send_as_json:
        body = json.dumps(send, allow_nan=False).encode("utf-8")
        content_type = "application/json"
    else:
        body = urllib.parse.urlencode({field: json.dumps(send)}).encode("utf-8")
        content_type = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    if "content-type" not in given:
        request.add_header("Content-Type", content_type)
    return request


def post_epoch(root, path, field, headers, send_as_json, epoch, logs):
    send = payload(epoch, logs)
    try:
        request = _request(root + path, send, field, dict(headers or {}), send_as_json)
        with urllib.request.urlopen(request) as response:
            response.read()
    except urllib.error.HTTPError:
        pass  # the server answered: requests.post returns the response without raising
    except (urllib.error.URLError, ValueError, OSError):
        # URLError: no server; ValueError: a URL without scheme, or NaN in JSON (requests' InvalidJSONError).
        warnings.warn(f"Could not reach RemoteMonitor root server at {root}", stacklevel=2)
