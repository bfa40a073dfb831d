"""SwapEMAWeights, ProgbarLogger and RemoteMonitor (keras/src/callbacks/*.py, Keras 3.15.1) on the PyTorch engine,
held against real Keras (the Keras engine) on the same model, weights and data (shuffle off): histories and weights
with the EMA swapped in for validation; the text a given ProgbarLogger prints (clock frozen; numbers at the suite's
tolerance); the requests RemoteMonitor sends, received by a local HTTP server. Keras tests skip without keras."""

import http.server
import io
import json
import re
import sys
import threading
import time
import urllib.parse
import warnings

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras does not import here")
TORCH = bridge.get_engine("torch")


def _config():
    def dense(units, activation, name):
        return {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
                "config": {"units": units, "activation": activation, "name": name}}
    return {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "cbx", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
         "config": {"batch_shape": [None, 4], "dtype": "float32", "name": "inp"}},
        dense(6, "tanh", "d1"), dense(3, "softmax", "d2")]}}


def _data():
    rng = np.random.default_rng(1)
    return rng.normal(size=(40, 4)).astype(np.float32), rng.integers(0, 3, size=40).astype(np.int64)


def _engines():
    """(name, model) for both engines with the same initial weights; the Keras engine only where Keras imports."""
    torch_model = TORCH.model_from_config(_config())
    if not keras_available():
        return [("torch", torch_model)]
    keras_model = bridge.get_engine("keras").model_from_config(_config())
    torch_model.set_weights(keras_model.get_weights())
    return [("keras", keras_model), ("torch", torch_model)]


def _compile(model, use_ema=True):
    model.compile({"class_name": "Adam", "config": {"learning_rate": 0.05, "use_ema": use_ema, "ema_momentum": 0.8}},
                  "sparse_categorical_crossentropy", ["accuracy"])


def _fit(model, callbacks, verbose=0, epochs=3):
    x, y = _data()
    return model.fit(x, y, epochs=epochs, batch_size=8, shuffle=False, validation_split=0.25, callbacks=callbacks,
                     verbose=verbose)


def _assert_histories(expected, actual):
    assert list(actual) == list(expected), "history keys"
    for key, values in expected.items():
        np.testing.assert_allclose(actual[key], values, rtol=1e-4, atol=1e-6, err_msg=key)


# ------------------------------------------------------------------ SwapEMAWeights
@needs_keras
@pytest.mark.parametrize("swap_on_epoch", [False, True])
def test_swap_ema_weights_matches_keras(tmp_path, swap_on_epoch):
    """Histories, final weights and what a ModelCheckpoint after the callback saves (the EMA with swap_on_epoch)."""
    runs = {}
    for name, model in _engines():
        checkpoint = str(tmp_path / (name + "-{epoch}.weights.h5"))
        callbacks = [{"class_name": "SwapEMAWeights", "config": {"swap_on_epoch": swap_on_epoch}},
                     {"class_name": "ModelCheckpoint", "config": {"filepath": checkpoint, "save_weights_only": True}}]
        _compile(model)
        runs[name] = (_fit(model, callbacks)["history"], model.get_weights())
    _assert_histories(runs["keras"][0], runs["torch"][0])
    for ours, theirs in zip(runs["torch"][1], runs["keras"][1]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    for epoch in (1, 2):
        saved = {}
        for name in runs:
            model = TORCH.model_from_config(_config())
            model.load_weights(str(tmp_path / f"{name}-{epoch}.weights.h5"))
            saved[name] = model.get_weights()
        for ours, theirs in zip(saved["torch"], saved["keras"]):
            np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6, err_msg=f"checkpoint of epoch {epoch}")


def test_swap_ema_weights_validates_with_the_averages():
    """Validation sees the EMA (a different val_loss than without the callback); training goes on from the weights."""
    plain, swapped = TORCH.model_from_config(_config()), TORCH.model_from_config(_config())
    swapped.set_weights(plain.get_weights())
    _compile(plain)
    _compile(swapped)
    without = _fit(plain, [])["history"]
    with_ema = _fit(swapped, [{"class_name": "SwapEMAWeights", "config": {}}])["history"]
    np.testing.assert_allclose(with_ema["loss"], without["loss"], rtol=1e-6)  # training untouched by the swaps
    assert abs(with_ema["val_loss"][1] - without["val_loss"][1]) > 1e-4
    for a, b in zip(swapped.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)  # both end with the EMA (finalize_variable_values)


@pytest.mark.parametrize("name,model", _engines())
def test_swap_ema_weights_needs_use_ema(name, model):
    _compile(model, use_ema=False)
    with pytest.raises(ValueError, match="use_ema=True") as raised:
        _fit(model, [{"class_name": "SwapEMAWeights", "config": {}}])
    assert raised.value.argument == "callbacks"  # the bridge's InvalidArgumentError on both engines


# ------------------------------------------------------------------ ProgbarLogger
_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]\d+)?")


def _printed(model, monkeypatch, callbacks, verbose):
    from kerasbridge import progbar
    monkeypatch.setattr(progbar.time, "time", lambda: 1000.0)
    if keras_available():
        from keras.src.utils import io_utils
        monkeypatch.setattr(io_utils, "is_interactive_logging_enabled", lambda: True)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    _compile(model, use_ema=False)
    _fit(model, callbacks, verbose=verbose, epochs=2)
    monkeypatch.undo()
    return out.getvalue()


def _assert_same_text(actual, expected):
    assert _NUMBER.sub("#", actual) == _NUMBER.sub("#", expected)
    ours = [float(v) for v in _NUMBER.findall(actual)]
    theirs = [float(v) for v in _NUMBER.findall(expected)]
    # 4 decimals printed: a last digit may round the other way.
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1.01e-4)


_PLATEAU = {"class_name": "ReduceLROnPlateau", "config": {"monitor": "loss", "patience": 0, "factor": 0.5}}
_PROGBAR = {"class_name": "ProgbarLogger", "config": {}}


@needs_keras
@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("callbacks", [[_PROGBAR, _PLATEAU], [_PLATEAU]], ids=["given-first", "fit's"])
def test_progbar_logger_prints_as_keras(monkeypatch, verbose, callbacks):
    texts = {name: _printed(model, monkeypatch, callbacks, verbose) for name, model in _engines()}
    _assert_same_text(texts["torch"], texts["keras"])
    assert texts["torch"].count("Epoch ") == 2
    # A ProgbarLogger before ReduceLROnPlateau prints the logs before it adds the learning rate; fit's own comes last.
    assert ("learning_rate" in texts["torch"]) == (callbacks[0] is _PLATEAU)


@pytest.mark.parametrize("name,model", _engines())
def test_progbar_logger_is_silent_at_verbose_0(monkeypatch, name, model):
    assert _printed(model, monkeypatch, [_PROGBAR], verbose=0) == ""


def test_one_progbar_logger_only():
    from kerasbridge.torch_engine import callbacks as cb
    given = cb.CallbackList([_PROGBAR], model=None)
    given.set_params({"verbose": 2, "epochs": 1, "steps": 3})
    fits = cb.CallbackList([], model=None)
    fits.set_params({"verbose": 1, "epochs": 1, "steps": 3})
    assert [type(c).__name__ for c in given.callbacks] == ["ProgbarLogger"] and not given.uses_batches
    assert [type(c).__name__ for c in fits.callbacks] == ["ProgbarLogger"] and fits.uses_batches
    with pytest.raises(ValueError, match="ProgbarLogger"):
        cb.from_dict({"class_name": "ProgbarLogger", "config": {"count_mode": "steps"}})


# ------------------------------------------------------------------ RemoteMonitor
class _Server:
    """A local HTTP server in a thread that records (path, headers, body) of each POST and answers `status`."""

    def __init__(self, status=200):
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((self.path, dict(self.headers), body.decode("utf-8")))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _remote(root, **config):
    return {"class_name": "RemoteMonitor", "config": {"root": root, **config}}


@pytest.mark.parametrize("send_as_json", [False, True])
def test_remote_monitor_posts_each_epoch(send_as_json):
    runs = {}
    for name, model in _engines():
        server = _Server()
        try:
            _compile(model, use_ema=False)
            callback = _remote(server.root, path="/runs/1", field="payload", headers={"X-Run": "a1"},
                               send_as_json=send_as_json)
            history = _fit(model, [callback], epochs=2)["history"]
        finally:
            server.close()
        assert len(server.received) == 2
        sent = []
        for epoch, (path, headers, body) in enumerate(server.received):
            assert path == "/runs/1" and headers["X-Run"] == "a1"
            if send_as_json:
                assert headers["Content-Type"] == "application/json"
                data = json.loads(body)
            else:
                assert headers["Content-Type"] == "application/x-www-form-urlencoded"
                form = urllib.parse.parse_qs(body)
                assert list(form) == ["payload"]
                data = json.loads(form["payload"][0])
            assert data["epoch"] == epoch
            assert sorted(data) == sorted(["epoch"] + list(history))
            for key, values in history.items():
                assert data[key] == pytest.approx(values[epoch], rel=1e-6)
            sent.append(data)
        runs[name] = sent
    if "keras" in runs:
        for ours, theirs in zip(runs["torch"], runs["keras"]):
            assert list(ours) == list(theirs)  # epoch first, then the logs in Keras's order
            np.testing.assert_allclose(list(ours.values()), list(theirs.values()), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name,model", _engines())
def test_remote_monitor_unreachable_server_warns(name, model):
    server = _Server(status=500)
    root = server.root
    try:
        _compile(model, use_ema=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _fit(model, [_remote(root)], epochs=1)  # an HTTP error status is an answer: no warning
        assert not [w for w in caught if "RemoteMonitor" in str(w.message)]
        assert len(server.received) == 1 and server.received[0][0] == "/publish/epoch/end/"
    finally:
        server.close()
    time.sleep(0.05)
    with pytest.warns(UserWarning, match=f"Could not reach RemoteMonitor root server at {re.escape(root)}"):
        _fit(model, [_remote(root)], epochs=1)


def test_remote_monitor_arguments_are_checked():
    from kerasbridge.torch_engine import callbacks as cb
    with pytest.raises(ValueError, match="argument 'headers'"):
        cb.from_dict(_remote("http://localhost:9000", headers=["X"]))
    with pytest.raises(ValueError, match="argument 'root'"):
        cb.from_dict(_remote(None))


def test_remote_monitor_nan_is_refused_in_json_only():
    """requests refuses NaN in a JSON body (InvalidJSONError, a RequestException: Keras warns); a form carries it."""
    from kerasbridge import remote_monitor
    server = _Server()
    try:
        with pytest.warns(UserWarning, match="Could not reach RemoteMonitor"):
            remote_monitor.post_epoch(server.root, "/e", "data", None, True, 0, {"loss": float("nan")})
        remote_monitor.post_epoch(server.root, "/e", "data", None, False, 1, {"loss": np.float32("nan")})
    finally:
        server.close()
    assert len(server.received) == 1
    assert urllib.parse.parse_qs(server.received[0][2])["data"] == ['{"epoch": 1, "loss": NaN}']
