"""keras.callbacks.ModelCheckpoint (keras/src/callbacks/model_checkpoint.py, Keras 3.15.1). With
save_freq="epoch" it saves at each epoch end to `filepath.format(epoch=epoch + 1, **logs)` (so
"{epoch:02d}" and "{val_loss:.2f}" work as in Keras); with an int save_freq every that many batches
(counted across epochs), to `filepath.format(epoch=epoch + 1, batch=batch + 1, **batch logs)`, the
monitored value then being the running training value. With save_best_only only an improvement of the
monitored value is saved (a missing value saves, with a warning). `best` starts at initial_value_threshold
and is kept across fits, as in Keras. The files go through the model's own save / save_weights, which
write atomically (model_files)."""

import warnings

from kerasbridge.checkpoint import write_checkpoint
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.callbacks.base import BatchCounter, MonitorCallback, path_argument


class ModelCheckpoint(MonitorCallback):
    class_name = "ModelCheckpoint"

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = path_argument("ModelCheckpoint", "filepath", filepath)
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise InvalidArgumentError(
                f"ModelCheckpoint: argument 'save_freq' must be 'epoch' or a number of batches >= 1; got {save_freq!r}.")
        self.save_freq = save_freq
        self.uses_batches = save_freq != "epoch"
        self._batches = BatchCounter(save_freq) if self.uses_batches else None
        self._current_epoch = 0
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise InvalidArgumentError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
                    f"`.weights.h5` (Keras weights format). Received: filepath={self.filepath}", argument="filepath")
        elif not self.filepath.endswith(".keras"):
            raise InvalidArgumentError(
                "The filepath provided must end in `.keras` (Keras model format). "
                f"Received: filepath={self.filepath}", argument="filepath")

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._batches is not None and self._batches.due(batch):
            self._save_model(self._current_epoch, batch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs or {})

    def _save_model(self, epoch, batch, logs):
        if self.monitor_op is None:
            self._set_monitor_op()
        try:
            if batch is None or "batch" in logs:
                filepath = self.filepath.format(epoch=epoch + 1, **logs)
            else:
                filepath = self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}') from None
        if not self._should_save(logs):
            return
        write_checkpoint(self.model, filepath, self.save_weights_only)

    def _should_save(self, logs):
        if not self.save_best_only:
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=2)
            return True
        if self._is_improvement(current, self.best):
            self.best = current
            return True
        return False
