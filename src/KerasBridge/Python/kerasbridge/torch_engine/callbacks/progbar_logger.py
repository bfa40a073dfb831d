"""keras.callbacks.ProgbarLogger (keras/src/callbacks/progbar_logger.py, Keras 3.15.1) on the PyTorch engine: fit's
progress output. As Keras's CallbackList does, fit appends one after the given callbacks when verbose is not 0 and
none was given; a given one prints at its place in the list (the logs as the callbacks before it left them) with
fit's verbose (0: nothing). Inside fit, validation is silent. The bar and its text are kerasbridge/progbar.py's."""

from kerasbridge import progbar
from kerasbridge.torch_engine.callbacks.base import Callback


class ProgbarLogger(Callback):
    class_name = "ProgbarLogger"

    def __init__(self):
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = 1 if params["verbose"] == "auto" else params["verbose"]
        self.epochs = params["epochs"]
        self.target = params["steps"]
        # Keras draws the bar after each batch only at verbose 1; verbose 2 prints when an epoch ends.
        self.uses_batches = self.verbose == 1

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1:
            progbar._print(f"Epoch {epoch + 1}/{self.epochs}\n")

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize_progbar(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def _reset_progbar(self):
        self.seen = 0
        self.progbar = None

    def _maybe_init_progbar(self):
        if self.progbar is None:
            self.progbar = progbar.Progbar(target=self.target, verbose=self.verbose, unit_name="step")

    def _update_progbar(self, batch, logs=None):
        self._maybe_init_progbar()
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def _finalize_progbar(self, logs):
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        # The logs in the order the CallbackList gave them (sorted, then keys callbacks added), as Keras shows them.
        self.progbar.update(self.target, list((logs or {}).items()), finalize=True)
