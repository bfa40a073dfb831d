"""The TensorBoard callback of the Keras engine, driving logger.TensorBoardLogger: keras_tensorboard() makes a
keras.callbacks.Callback, used (by keras_fit_callbacks.py) when TensorFlow, which Keras's own TensorBoard
callback writes with, does not import. The PyTorch engine's is torch_engine/callbacks/tensorboard.py.
"""
from kerasbridge.tensorboard.logger import TensorBoardLogger


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


def tensorflow_imports():
    """Whether tf.summary imports (then Keras's own TensorBoard callback is used)."""
    import importlib.util
    if importlib.util.find_spec("tensorflow") is None:
        return False
    try:
        import tensorflow.summary  # noqa: F401
    except Exception:
        return False
    return True
