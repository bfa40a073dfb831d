"""The TensorBoard callback on each engine, both driving logger.TensorBoardLogger.

TorchTensorBoard follows the PyTorch engine's callback protocol (torch_engine/callbacks.py: on_train_begin,
on_train_batch_begin/end, on_epoch_end(epoch, logs, model), on_train_end); keras_tensorboard() makes a
keras.callbacks.Callback for the Keras engine, used there when TensorFlow (which Keras's own TensorBoard
callback writes with) does not import.
"""
import json

from kerasbridge.tensorboard.logger import TensorBoardLogger


class TorchTensorBoard:
    class_name = "TensorBoard"

    def __init__(self, **config):
        self._logger = TensorBoardLogger(**config)

    @property
    def records_batches(self):
        return self._logger.records_batches

    def on_train_begin(self, model):
        self._logger.train_begin(json.dumps(model.config()))

    def on_train_batch_begin(self, batch):
        self._logger.batch_begin()

    def on_train_batch_end(self, batch, logs):
        self._logger.batch_end(logs)

    def on_epoch_end(self, epoch, logs, model):
        weights = None
        if self._logger.wants_weights(epoch):
            weights = [(f"{model.name}/{layer.name}/{v.name}", v.value.detach().cpu().numpy())
                       for layer in model.layers for v in getattr(layer, "variables", [])]
        optimizer = getattr(model, "optimizer", None)
        learning_rate = getattr(optimizer, "learning_rate", None)
        self._logger.epoch_end(epoch, logs, learning_rate=learning_rate,
                               iterations=getattr(optimizer, "iterations", None), weights=weights)

    def on_train_end(self, model):
        self._logger.train_end()


def keras_tensorboard(**config):
    import keras
    import numpy as np

    class BridgeTensorBoard(keras.callbacks.Callback):
        """keras.callbacks.TensorBoard's logs, written without TensorFlow."""

        def __init__(self):
            super().__init__()
            self._logger = TensorBoardLogger(**config)

        def on_train_begin(self, logs=None):
            try:
                model_json = self.model.to_json()
            except Exception:  # Keras too only warns when a model does not serialize
                model_json = None
            self._logger.train_begin(model_json)

        def on_train_batch_begin(self, batch, logs=None):
            self._logger.batch_begin()

        def on_train_batch_end(self, batch, logs=None):
            if self._logger.records_batches and isinstance(logs, dict):
                self._logger.batch_end({k: float(v) for k, v in logs.items()})

        def on_epoch_end(self, epoch, logs=None):
            model = self.model
            weights = None
            if self._logger.wants_weights(epoch):
                weights = [(w.path, np.asarray(keras.ops.convert_to_numpy(w)))
                           for layer in model.layers for w in layer.weights]
            optimizer = model.optimizer
            learning_rate = None
            iterations = None
            if optimizer is not None:
                learning_rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
                iterations = int(keras.ops.convert_to_numpy(optimizer.iterations))
            self._logger.epoch_end(epoch, {k: float(v) for k, v in (logs or {}).items()},
                                   learning_rate=learning_rate, iterations=iterations, weights=weights)

        def on_train_end(self, logs=None):
            self._logger.train_end()

    return BridgeTensorBoard()
