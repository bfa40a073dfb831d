"""keras.callbacks.TensorBoard (keras/src/callbacks/tensorboard.py, Keras 3.15.1) on the PyTorch engine: the
same event files, written by kerasbridge/tensorboard (TensorBoardLogger) without TensorFlow."""

import json

from kerasbridge.tensorboard.logger import TensorBoardLogger
from kerasbridge.torch_engine.callbacks.base import Callback


class TensorBoard(Callback):
    class_name = "TensorBoard"

    def __init__(self, **config):
        super().__init__()
        self._logger = TensorBoardLogger(**config)
        # Batch hooks only when batches are logged (update_freq "batch" or a number), as Keras's.
        self.uses_batches = bool(self._logger.records_batches)

    def on_train_begin(self, logs=None):
        self._logger.train_begin(json.dumps(self.model.config()))

    def on_train_batch_begin(self, batch, logs=None):
        self._logger.batch_begin()

    def on_train_batch_end(self, batch, logs=None):
        self._logger.batch_end(logs)

    def on_epoch_end(self, epoch, logs=None):
        model = self.model
        weights = None
        if self._logger.wants_weights(epoch):
            weights = [(f"{model.name}/{layer.name}/{v.name}", v.value.detach().cpu().numpy())
                       for layer in model.layers for v in getattr(layer, "variables", [])]
        optimizer = getattr(model, "optimizer", None)
        self._logger.epoch_end(epoch, logs, learning_rate=getattr(optimizer, "learning_rate", None),
                               iterations=getattr(optimizer, "iterations", None), weights=weights)

    def on_train_end(self, logs=None):
        self._logger.train_end()

    def close(self):
        self._logger.train_end()
