"""keras.callbacks.BackupAndRestore (keras/src/callbacks/backup_and_restore.py, Keras 3.15.1): fault-tolerant
training. The model's weights (with the optimizer's state, as save_weights writes them) and
training_metadata.json ({"epoch": epochs done, "batch": last batch seen}) go to backup_dir after each epoch (or
every save_freq batches); a fit that starts with a backup there loads it and goes on from that epoch (the
model's `_initial_epoch`, which the fit loop reads after on_train_begin, as Keras's does). A fit that ends
normally deletes the backup (delete_checkpoint). double_checkpoint keeps the previous backup as *.bkp, used when
the latest cannot be read."""

import json
import os
import shutil

from kerasbridge.errors import InvalidArgumentError, ModelFileError
from kerasbridge.torch_engine.callbacks.base import BatchCounter, Callback, path_argument


class BackupAndRestore(Callback):
    class_name = "BackupAndRestore"

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise InvalidArgumentError("BackupAndRestore: argument 'backup_dir' must be a directory path; got an empty one.")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)):
            raise InvalidArgumentError(
                f"BackupAndRestore: argument 'save_freq' must be 'epoch' or an integer; got {save_freq!r}.")
        self.backup_dir = path_argument("BackupAndRestore", "backup_dir", backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = bool(double_checkpoint)
        self.delete_checkpoint = bool(delete_checkpoint)
        self.uses_batches = save_freq != "epoch"
        self._batches = BatchCounter(save_freq) if self.uses_batches else None
        self._last_batch_seen = 0  # what the metadata's "batch" says: 0 after an epoch's end, as Keras writes it
        self._current_epoch = 0
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = self._training_metadata_path + ".bkp"

    def on_train_begin(self, logs=None):
        try:
            self._load_model()
        except (OSError, ModelFileError):  # Keras: h5py's OSError for an unreadable file; ours names the file
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copyfile(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copyfile(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self):
        if os.path.exists(self._weights_path):
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path, "r") as f:
                self.model._initial_epoch = json.loads(f.read())["epoch"]

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if self._batches is not None:
            self._last_batch_seen = batch
            if self._batches.due(batch):
                self._save_model()

    def _save_model(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            shutil.copyfile(self._weights_path, self._prev_weights_path)
        if self.double_checkpoint and os.path.exists(self._training_metadata_path):
            shutil.copyfile(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(self._weights_path)
        with open(self._training_metadata_path, "w") as f:
            f.write(json.dumps({"epoch": self._current_epoch, "batch": self._last_batch_seen}))

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
