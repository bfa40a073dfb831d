"""Keras callbacks on the PyTorch engine (keras/src/callbacks/*.py, Keras 3.15.1), given to fit as serialized
dicts, and the CallbackList that drives them with Keras's call order (keras/src/callbacks/callback_list.py,
keras/src/backend/torch/trainer.py fit):

    on_train_begin() / per epoch: on_epoch_begin(epoch) / per batch: on_train_batch_begin(step),
    on_train_batch_end(step, logs) / validation: on_test_begin(), on_test_end(val logs) /
    on_epoch_end(epoch, logs) / on_train_end(last epoch logs)

Batch logs are the running results of the epoch so far (loss tracker and metrics), as Keras's train_function
returns them; the fit loop computes them only when some callback has batch hooks. Callbacks are called in
list order with one logs dict per hook, so values a callback writes (learning_rate) are seen by the next ones.
As Keras's CallbackList (python_utils.pythonify_logs), each hook gets a new dict with the keys sorted; the
History records the epoch's dict as the callbacks left it.
"""

from kerasbridge.torch_engine.callbacks.backup_and_restore import BackupAndRestore
from kerasbridge.torch_engine.callbacks.base import Callback, MonitorCallback
from kerasbridge.torch_engine.callbacks.csv_logger import CSVLogger
from kerasbridge.dotnet_callbacks import BatchHookMethods, DotnetHooks, EpochHookMethods, resolve_schedule
from kerasbridge.torch_engine.callbacks.early_stopping import EarlyStopping
from kerasbridge.torch_engine.callbacks.learning_rate_scheduler import LearningRateScheduler
from kerasbridge.torch_engine.callbacks.model_checkpoint import ModelCheckpoint
from kerasbridge.torch_engine.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from kerasbridge.torch_engine.callbacks.terminate_on_nan import TerminateOnNaN
from kerasbridge.torch_engine.callbacks.tensorboard import TensorBoard
from kerasbridge.torch_engine.callbacks.progbar_logger import ProgbarLogger
from kerasbridge.torch_engine.callbacks.remote_monitor import RemoteMonitor
from kerasbridge.torch_engine.callbacks.swap_ema_weights import SwapEMAWeights
from kerasbridge.errors import InvalidArgumentError


class DotnetCallback(EpochHookMethods, BatchHookMethods, Callback):
    """A C# callback (see kerasbridge/dotnet_callbacks.py)."""

    class_name = "DotnetCallback"

    def __init__(self, dispatch, index, hooks, dumps):
        super().__init__()
        self._hooks = DotnetHooks(dispatch, index, hooks, dumps)
        self.uses_batches = bool(self._hooks.hooks & {"train_batch_begin", "train_batch_end"})


_CALLBACKS = {cls.class_name: cls for cls in (
    EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, LearningRateScheduler, CSVLogger, TerminateOnNaN, TensorBoard,
    BackupAndRestore, SwapEMAWeights, ProgbarLogger, RemoteMonitor)}


def _dumps(logs):
    from kerasbridge.dotnet_api import dumps

    return dumps(logs)


def from_dict(entry, dispatch=None):
    """A callback from {"class_name": "EarlyStopping", "config": {...}} (module is ignored). C# callbacks
    ("DotnetCallback") and C# schedules need `dispatch`, the fit's function that calls into .NET."""
    if isinstance(entry, Callback):
        return entry
    if not isinstance(entry, dict) or "class_name" not in entry:
        raise InvalidArgumentError(
            "Argument 'callbacks' must be a list of dicts like {'class_name': 'EarlyStopping', 'config': {...}}; "
            f"got {entry!r}."
        )
    if "config" in entry:
        config = dict(entry["config"] or {})
    else:
        config = {k: v for k, v in entry.items() if k not in ("module", "class_name", "registered_name")}
    name = entry["class_name"]
    if name == "DotnetCallback":
        if dispatch is None:
            raise ValueError("A DotnetCallback needs the fit's dispatch function (it is made by the C# Fit).")
        return DotnetCallback(dispatch, config["index"], config.get("hooks", ()), _dumps)
    cls = _CALLBACKS.get(name)
    if cls is None:
        raise InvalidArgumentError(
            f"Callback '{name}' is not supported. Supported callbacks: {', '.join(sorted(_CALLBACKS))}.",
            argument="callbacks",
        )
    if cls is LearningRateScheduler:
        config = resolve_schedule(config, dispatch)
    try:
        return cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for callback {name}: {e}.", argument="callbacks") from None


def _pythonify(logs):
    """keras.src.utils.python_utils.pythonify_logs for flat float logs: a new dict, keys sorted."""
    return dict(sorted(logs.items())) if logs else {}


class CallbackList:
    """The fit loop's one handle on its callbacks (keras/src/callbacks/callback_list.py)."""

    def __init__(self, entries, model, dispatch=None):
        self.callbacks = [from_dict(entry, dispatch) for entry in (entries or [])]
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)
        # Whether the loop must call the batch hooks (and compute per-batch logs) at all.
        self.uses_batches = any(callback.uses_batches for callback in self.callbacks)

    def set_params(self, params):
        """fit's {"verbose", "epochs", "steps"} for every callback; as Keras's CallbackList (add_progbar=verbose != 0),
        a ProgbarLogger goes after the given callbacks when verbose is not 0 and none was given."""
        if params["verbose"] and not any(isinstance(callback, ProgbarLogger) for callback in self.callbacks):
            progbar_logger = ProgbarLogger()
            progbar_logger.set_model(self.model)
            self.callbacks.append(progbar_logger)
        for callback in self.callbacks:
            callback.set_params(params)
        self.uses_batches = any(callback.uses_batches for callback in self.callbacks)

    def on_train_begin(self, logs=None):
        logs = _pythonify(logs)
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs=None):
        logs = _pythonify(logs)
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def on_epoch_begin(self, epoch, logs=None):
        logs = _pythonify(logs)
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch, logs):
        """Returns the logs as the callbacks left them (with learning_rate, say): what Keras's History records."""
        logs = _pythonify(logs)
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)
        return logs

    def on_test_begin(self):
        for callback in self.callbacks:
            callback.on_test_begin({})

    def on_test_end(self, logs):
        logs = _pythonify(logs)
        for callback in self.callbacks:
            callback.on_test_end(logs)

    def on_train_batch_begin(self, step):
        for callback in self.callbacks:
            if callback.uses_batches:
                callback.on_train_batch_begin(step, {})

    def on_train_batch_end(self, step, make_logs):
        """`make_logs()` gives the running logs; it is called once, and only when a callback has batch hooks."""
        logs = _pythonify(make_logs())
        for callback in self.callbacks:
            if callback.uses_batches:
                callback.on_train_batch_end(step, logs)

    def close(self):
        """Releases what callbacks hold open (a CSVLogger's file) when fit ends early by an exception."""
        for callback in self.callbacks:
            if hasattr(callback, "close"):
                callback.close()


__all__ = ["Callback", "MonitorCallback", "CallbackList", "from_dict", "EarlyStopping", "ModelCheckpoint",
           "ReduceLROnPlateau", "LearningRateScheduler", "CSVLogger", "TerminateOnNaN", "TensorBoard", "ProgbarLogger", "DotnetCallback",
           "BackupAndRestore", "SwapEMAWeights", "RemoteMonitor"]
