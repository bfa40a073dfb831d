"""keras.callbacks.LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py, Keras 3.15.1): at the
start of each epoch the learning rate becomes schedule(epoch, current float32 lr); each epoch's logs get the
"learning_rate" in force."""

import numpy as np

from kerasbridge.torch_engine.callbacks.base import Callback, get_learning_rate, set_learning_rate


class LearningRateScheduler(Callback):
    class_name = "LearningRateScheduler"

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise ValueError(f"LearningRateScheduler: 'schedule' must be a function (epoch, lr) -> lr; got {schedule!r}.")
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        try:  # Keras's API: schedule(epoch, lr); schedule(epoch) for older functions
            learning_rate = self.schedule(epoch, get_learning_rate(self.model))
        except TypeError:
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {learning_rate}")
        set_learning_rate(self.model, learning_rate)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(self.model)
