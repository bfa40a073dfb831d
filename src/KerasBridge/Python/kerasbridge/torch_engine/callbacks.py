"""Keras callbacks given to fit as serialized dicts: TensorBoard (kerasbridge/tensorboard) and EarlyStopping, with the
rules of keras/src/callbacks/early_stopping.py and monitor_callback.py (Keras 3):

- mode "auto" minimizes "loss"/"val_loss" and any metric whose direction is "down"; maximizes
  metrics whose direction is "up" (accuracies); otherwise it is an error.
- an improvement is `current - min_delta < best` (min) or `current - min_delta > best` (max),
  with min_delta's sign flipped for min; the first monitored value always counts as one.
- `wait` is incremented every monitored epoch and reset on an improvement that also beats
  `baseline` (when given); training stops when wait >= patience, but never on epoch 0.
- epochs before `start_from_epoch` and epochs without the monitored value are ignored (a missing
  value gives a warning).
- with restore_best_weights, the weights of the best epoch are restored when training ends,
  whether or not it stopped early (if at least one epoch was monitored).
"""

import warnings
from kerasbridge.errors import InvalidArgumentError


class EarlyStopping:
    class_name = "EarlyStopping"

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"EarlyStopping mode '{mode}' is unknown, fallback to auto mode.", stacklevel=2)
            mode = "auto"
        if not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: 'patience' must be a non-negative int; got {patience!r}.")
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = start_from_epoch
        self.monitor_op = None
        self.reset()

    def reset(self):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, model):
        # Allows re-use across fit calls, as in Keras.
        self.reset()

    def _set_monitor_op(self, model):
        if self.mode == "min":
            self.monitor_op = "less"
        elif self.mode == "max":
            self.monitor_op = "greater"
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = "less"
            direction = model.metric_direction(name)
            if direction is not None:
                self.monitor_op = "greater" if direction == "up" else "less"
            if self.monitor_op is None:
                raise InvalidArgumentError(
                    f"EarlyStopping callback received monitor={self.monitor}, but it cannot tell whether "
                    "that metric should be maximized or minimized. Pass mode='max' to monitor based on the "
                    "highest value, or mode='min' for the lowest."
                )
        if self.monitor_op == "less":
            self.min_delta *= -1

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        if self.monitor_op == "less":
            return value - self.min_delta < reference
        return value - self.min_delta > reference

    def on_epoch_end(self, epoch, logs, model):
        if self.monitor_op is None:
            self._set_monitor_op(model)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(logs.keys())}",
                stacklevel=2,
            )
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something better comes, the current weights are the best.
            self.best_weights = model.snapshot_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = model.snapshot_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            model.stop_training = True

    def on_train_end(self, model):
        if self.restore_best_weights and self.best_weights is not None:
            model.restore_weights(self.best_weights)


from kerasbridge.tensorboard.engines import TorchTensorBoard  # noqa: E402  (kerasbridge/tensorboard)

_CALLBACKS = {"EarlyStopping": EarlyStopping, "TensorBoard": TorchTensorBoard}


def from_dict(entry):
    """A callback from {"class_name": "EarlyStopping", "config": {...}} (module is ignored)."""
    if not isinstance(entry, dict) or "class_name" not in entry:
        raise ValueError(
            "Argument 'callbacks' must be a list of dicts like {'class_name': 'EarlyStopping', 'config': {...}}; "
            f"got {entry!r}."
        )
    cls = _CALLBACKS.get(entry["class_name"])
    if cls is None:
        raise ValueError(
            f"Callback '{entry['class_name']}' is not supported. Supported callbacks: {', '.join(sorted(_CALLBACKS))}."
        )
    if "config" in entry:
        config = dict(entry["config"] or {})
    else:
        config = {k: v for k, v in entry.items() if k not in ("module", "class_name", "registered_name")}
    try:
        return cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for callback {entry['class_name']}: {e}.") from None
