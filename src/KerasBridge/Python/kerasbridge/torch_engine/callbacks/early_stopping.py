"""keras.callbacks.EarlyStopping (keras/src/callbacks/early_stopping.py, Keras 3.15.1):

- `wait` is incremented every monitored epoch and reset on an improvement that also beats `baseline`
  (when given); training stops when wait >= patience, but never on epoch 0.
- epochs before `start_from_epoch` and epochs without the monitored value are ignored (a missing
  value gives a warning).
- with restore_best_weights, the weights of the best epoch are restored when training ends,
  whether or not it stopped early (if at least one epoch was monitored).
"""

import warnings

from kerasbridge.torch_engine.callbacks.base import MonitorCallback


class EarlyStopping(MonitorCallback):
    class_name = "EarlyStopping"

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"EarlyStopping: 'patience' must be a non-negative int; got {patience!r}.")
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        # Allows re-use across fit calls, as in Keras.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs or {}
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
            self.best_weights = self.model.snapshot_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.snapshot_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.restore_weights(self.best_weights)
