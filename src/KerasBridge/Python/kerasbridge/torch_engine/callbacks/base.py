"""The callback base classes of the PyTorch engine (keras/src/callbacks/callback.py and monitor_callback.py,
Keras 3.15.1).

Callbacks see the engine's model as `self.model` (set by CallbackList.set_model) and are called with Keras's
hook names and arguments; `logs` is the dict Keras passes (one dict shared by all callbacks of a hook, so a
callback that writes "learning_rate" into it is seen by the callbacks after it and by the History). fit gives
them Keras's params ({"verbose", "epochs", "steps"}) and calls on_test_begin/on_test_end around its validation.
"""

import os
import warnings

import numpy as np

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.serialization import float32_value


class Callback:
    class_name = "Callback"
    # Whether the callback has batch hooks: the fit loop computes per-batch logs only when one does.
    uses_batches = False

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        """fit's {"verbose", "epochs", "steps"}, as Keras's CallbackList gives them."""
        self.params = params

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        pass

    def on_train_batch_end(self, batch, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass


def number_argument(owner, argument, value):
    """value when it is a number; else an InvalidArgumentError naming it (Keras takes it and fails with a TypeError
    when it first compares or multiplies it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"{owner}: argument '{argument}' must be a number; got {value!r}.")
    return value


def path_argument(owner, argument, value):
    """value as a path (os.fspath); else an InvalidArgumentError naming it, not os.fspath's bare TypeError."""
    try:
        return os.fspath(value)
    except TypeError:
        raise InvalidArgumentError(f"{owner}: argument '{argument}' must be a file path (a string); got {value!r}.") from None


class MonitorCallback(Callback):
    """keras.src.callbacks.monitor_callback.MonitorCallback: picks the comparison from `mode` (in "auto" mode
    "loss" and metrics whose direction is "down" are minimized, metrics whose direction is "up" maximized) and
    counts a change of more than min_delta as an improvement; the first value always is one."""

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.", stacklevel=2)
            mode = "auto"
        if not isinstance(monitor, str) or not monitor:
            raise InvalidArgumentError(f"{type(self).__name__}: argument 'monitor' must be a log key such as 'val_loss'; got {monitor!r}.")
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(number_argument(type(self).__name__, "min_delta", min_delta))
        self.monitor_op = None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = np.less
        elif self.mode == "max":
            self.monitor_op = np.greater
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = np.less
            direction = self.model.metric_direction(name) if self.model is not None else None
            if direction is not None:
                self.monitor_op = np.greater if direction == "up" else np.less
            if self.monitor_op is None:
                raise InvalidArgumentError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but it cannot tell whether that "
                    "metric should be maximized or minimized. Pass mode='max' to monitor based on the highest value, "
                    "or mode='min' for the lowest.", argument="monitor"
                )
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def _is_improvement(self, value, reference):
        if isinstance(value, list):
            # Keras fails comparing the arrays ("truth value of an array ... is ambiguous"); say why.
            raise InvalidArgumentError(
                f"{type(self).__name__}: monitor '{self.monitor}' is a vector-valued metric (one value per class or "
                "threshold); monitor a number, e.g. F1Score with average='macro' or one threshold.", argument="monitor")
        if reference is None:
            return True
        return bool(self.monitor_op(value - self.min_delta, reference))


def get_learning_rate(model):
    """float(optimizer.learning_rate): the float32 value of the current iteration."""
    return model.optimizer.learning_rate


def set_learning_rate(model, value):
    """optimizer.learning_rate = value: stored in a float32 variable, as Keras's setter assigns it. Like Keras,
    refused when the optimizer was made with a learning-rate schedule."""
    optimizer = model.optimizer
    if optimizer.schedule is not None:
        raise TypeError(
            "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor "
            "argument, hence its learning rate is not settable. If you need the learning rate to be settable, "
            "you should instantiate the optimizer with a float `learning_rate` argument."
        )
    optimizer._learning_rate = float32_value(value)


class BatchCounter:
    """The batch counting of Keras's ModelCheckpoint and BackupAndRestore (_should_save_on_batch): batches counted
    across epochs (the numbers restart at 0 each epoch); due(batch) is True once every `every` batches."""

    def __init__(self, every):
        self.every = every
        self.since_last = 0
        self.last_batch = None

    def due(self, batch):
        if self.last_batch is None or batch <= self.last_batch:  # a new epoch
            added = batch + 1
        else:
            added = batch - self.last_batch
        self.since_last += added
        self.last_batch = batch
        if self.since_last >= self.every:
            self.since_last = 0
            return True
        return False
