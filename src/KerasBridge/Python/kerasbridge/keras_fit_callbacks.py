"""The Keras engine's fit callbacks: the bridge's own recorder (History, progress, cancellation), C# callbacks
inside Keras's fit (kerasbridge/dotnet_callbacks.py), and the Keras callbacks named in fit's options
(keras/src/callbacks/*.py; ModelCheckpoint writes through the bridge's atomic save; TensorBoard without
TensorFlow is kerasbridge/tensorboard's)."""

import keras
import numpy as np

from kerasbridge import remote_monitor
from kerasbridge.checkpoint import write_checkpoint
from kerasbridge.dotnet_callbacks import BatchHookMethods, DotnetHooks, EpochHookMethods, resolve_schedule
from kerasbridge.errors import InvalidArgumentError


class Cancelled(Exception):
    """Raised from a callback to stop Keras's fit before the next batch."""


def log_value(value):
    """A number, or a list for a vector-valued metric (F1Score(average=None), several thresholds), whose Keras
    log is an array."""
    array = np.asarray(value)
    return float(array) if array.ndim == 0 else array.astype(np.float64).tolist()


class BridgeCallback(keras.callbacks.Callback):
    """Records finished epochs, forwards them to C#, and cancels on request."""

    def __init__(self, on_epoch_end, stop_flag):
        super().__init__()
        self._on_epoch_end = on_epoch_end
        self._stop_flag = stop_flag
        self.epochs = []
        self.history = {}

    def on_train_batch_begin(self, batch, logs=None):
        if self._stop_flag is not None and self._stop_flag.between_batches():
            raise Cancelled()

    def on_test_batch_begin(self, batch, logs=None):
        # Validation batches too: calls queued by other threads run here (cancelling waits for training).
        if self._stop_flag is not None:
            self._stop_flag.between_batches()

    def on_epoch_end(self, epoch, logs=None):
        logs = {key: log_value(value) for key, value in (logs or {}).items()}
        self.epochs.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)
        if self._on_epoch_end is not None:
            self._on_epoch_end(epoch, dict(logs))


class _DotnetCallback(EpochHookMethods, keras.callbacks.Callback):
    """A C# callback inside Keras's fit (kerasbridge/dotnet_callbacks.py): epoch and train hooks only, so Keras
    sees default (unused) batch hooks; _DotnetBatchCallback adds them when the C# callback overrides them."""

    def __init__(self, hooks):
        super().__init__()
        self._hooks = hooks


class _DotnetBatchCallback(BatchHookMethods, _DotnetCallback):
    """A C# callback that overrides batch hooks: Keras then calls them."""


class _AtomicModelCheckpoint(keras.callbacks.ModelCheckpoint):
    """Keras's ModelCheckpoint whose files are written through the bridge's atomic save (model_files), not by
    Keras directly: the decision and the file name stay Keras's (_should_save_model, _get_file_path)."""

    def __init__(self, bridge_model, **config):
        super().__init__(**config)
        self._bridge_model = bridge_model

    def _save_model(self, epoch, batch, logs):
        filepath = self._get_file_path(epoch, batch, logs)
        if self._should_save_model(epoch, batch, logs, filepath):
            write_checkpoint(self._bridge_model, filepath, self.save_weights_only)


class _UrllibRemoteMonitor(keras.callbacks.Callback):
    """Keras's RemoteMonitor where `requests` does not import (Keras's raises ImportError at the first epoch's end):
    the same request, sent by kerasbridge/remote_monitor.py."""

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data", headers=None,
                 send_as_json=False):
        super().__init__()
        remote_monitor.check_arguments(root, path, field, headers, send_as_json)
        self.root, self.path, self.field, self.headers, self.send_as_json = root, path, field, headers, send_as_json

    def on_epoch_end(self, epoch, logs=None):
        remote_monitor.post_epoch(self.root, self.path, self.field, self.headers, self.send_as_json, epoch, logs)


class _SwapEMAWeights(keras.callbacks.SwapEMAWeights):
    """Keras's SwapEMAWeights whose ValueError for an optimizer without use_ema is the bridge's InvalidArgumentError
    (an ArgumentException in .NET, as on the PyTorch engine)."""

    def _apply_to_ema_optimizers(self, tf_fn, backend_fn):
        try:
            super()._apply_to_ema_optimizers(tf_fn, backend_fn)
        except ValueError as e:
            raise InvalidArgumentError(str(e), argument="callbacks") from None


def _requests_imports():
    try:
        import requests  # noqa: F401
    except ImportError:
        return False
    return True


def keras_callback(bridge_model, entry, dispatch):
    """A Keras callback from its serialized dict; C# callbacks and schedules call back through `dispatch`."""
    if not isinstance(entry, dict) or "class_name" not in entry:
        raise ValueError(f"fit: each callback must be a dict with 'class_name'; got {entry!r}.")
    name = entry["class_name"]
    config = entry.get("config")
    if config is None:
        config = {k: v for k, v in entry.items() if k not in ("module", "class_name", "registered_name")}
    if name == "DotnetCallback":
        from kerasbridge.dotnet_api import dumps

        hooks = DotnetHooks(dispatch, config["index"], config.get("hooks", ()), dumps)
        batch = hooks.hooks & {"train_batch_begin", "train_batch_end"}
        return (_DotnetBatchCallback if batch else _DotnetCallback)(hooks)
    if name == "ModelCheckpoint":
        return _AtomicModelCheckpoint(bridge_model, **config)
    if name == "LearningRateScheduler":
        config = resolve_schedule(config, dispatch)
    if name == "TensorBoard":
        from kerasbridge.tensorboard.engines import keras_tensorboard, tensorflow_imports

        if not tensorflow_imports():
            # Keras's TensorBoard writes with tf.summary; without TensorFlow the bridge writes the same files.
            return keras_tensorboard(**config)
    cls = getattr(keras.callbacks, name, None)
    if name == "RemoteMonitor" and not _requests_imports():
        cls = _UrllibRemoteMonitor
    elif name == "SwapEMAWeights":
        cls = _SwapEMAWeights
    if cls is None:
        raise ValueError(f"fit: unknown callback '{name}'.")
    try:
        return cls(**config)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"fit: invalid config for callback {name}: {e}", argument="callbacks") from None
