"""keras.callbacks.ProgbarLogger (keras/src/callbacks/progbar_logger.py, Keras 3.15.1) on the PyTorch engine:
fit's progress output for verbose 1 or 2. As Keras's CallbackList does, fit appends it after the user's
callbacks; the bar and its text are kerasbridge/progbar.py's."""

from kerasbridge import progbar
from kerasbridge.torch_engine.callbacks.base import Callback


class ProgbarLogger(Callback):
    class_name = "ProgbarLogger"

    def __init__(self, verbose, steps, epochs):
        super().__init__()
        self._bar = progbar.ProgbarLogger(verbose, steps, epochs)
        # Keras updates the bar after each batch only at verbose 1; verbose 2 prints when an epoch ends.
        self.uses_batches = verbose == 1

    def on_epoch_begin(self, epoch, logs=None):
        self._bar.begin(epoch)

    def on_train_batch_end(self, batch, logs=None):
        self._bar.batch_end(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._bar.end(logs)
