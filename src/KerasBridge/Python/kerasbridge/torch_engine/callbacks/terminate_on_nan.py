"""keras.callbacks.TerminateOnNaN (keras/src/callbacks/terminate_on_nan.py, Keras 3.15.1): after a batch whose
running loss is NaN or infinite, training stops (or, with raise_error, a RuntimeError is raised)."""

import math

from kerasbridge.torch_engine.callbacks.base import Callback


class TerminateOnNaN(Callback):
    class_name = "TerminateOnNaN"
    uses_batches = True

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = bool(raise_error)

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (math.isnan(loss) or math.isinf(loss)):
            if self.raise_error:
                raise RuntimeError(
                    f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. Terminating training immediately."
                )
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
