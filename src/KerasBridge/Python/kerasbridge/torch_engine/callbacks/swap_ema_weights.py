"""keras.callbacks.SwapEMAWeights (keras/src/callbacks/swap_ema_weights.py, Keras 3.15.1): with an optimizer made
with use_ema=True, the model holds the EMA of its weights while fit validates (on_test_begin/on_test_end) and, with
swap_on_epoch, from the end of each epoch to the start of the next (so callbacks after it, e.g. ModelCheckpoint,
see the EMA weights). Swaps are exact value exchanges between the trainable weights and the optimizer's averages
(torch_engine/optimizers/base.py), in place, as Keras's _backend_swap_variables does."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.callbacks.base import Callback


class SwapEMAWeights(Callback):
    class_name = "SwapEMAWeights"

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        if not isinstance(swap_on_epoch, bool):
            raise InvalidArgumentError(
                f"SwapEMAWeights: argument 'swap_on_epoch' must be a bool; got {swap_on_epoch!r}.", argument="swap_on_epoch")
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _optimizer(self):
        optimizer = self.model.optimizer
        if not optimizer.use_ema or not optimizer.built:
            raise InvalidArgumentError(
                "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                f"Received: use_ema={optimizer.use_ema}", argument="callbacks")
        return optimizer

    @torch.no_grad()
    def _swap_variables(self):
        optimizer = self._optimizer()
        for var, average in zip(optimizer.params, optimizer.averages):
            temporary = var.detach().clone()
            var.copy_(average)
            average.copy_(temporary)

    @torch.no_grad()
    def _finalize_ema_values(self):
        optimizer = self._optimizer()
        for var, average in zip(optimizer.params, optimizer.averages):
            average.copy_(var)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            # fit's finalize_variable_values copies the averages into the weights after the last epoch: the averages
            # must hold the EMA again (they hold the swapped-out weights now).
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
