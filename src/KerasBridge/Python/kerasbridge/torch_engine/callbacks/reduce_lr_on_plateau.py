"""keras.callbacks.ReduceLROnPlateau (keras/src/callbacks/reduce_lr_on_plateau.py, Keras 3.15.1): after
`patience` epochs without an improvement of more than `min_delta`, the learning rate becomes
max(lr * factor, min_lr) (only while lr > float32(min_lr)); then `cooldown` epochs pass before counting
again. Every epoch writes the current "learning_rate" (float32) into the logs first."""

import warnings

import numpy as np

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.callbacks.base import (MonitorCallback, get_learning_rate, number_argument,
                                                     set_learning_rate)


class ReduceLROnPlateau(MonitorCallback):
    class_name = "ReduceLROnPlateau"

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0, **kwargs):
        super().__init__(monitor, mode, min_delta=min_delta)
        if number_argument("ReduceLROnPlateau", "factor", factor) >= 1.0:
            raise InvalidArgumentError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}", argument="factor")
        self.factor = factor
        self.min_lr = number_argument("ReduceLROnPlateau", "min_lr", min_lr)
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def _reduce(self):
        old_lr = get_learning_rate(self.model)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            set_learning_rate(self.model, new_lr)
            return True
        return False

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        logs["learning_rate"] = get_learning_rate(self.model)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(logs.keys())}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce():
                self.cooldown_counter = self.cooldown
                self.wait = 0
