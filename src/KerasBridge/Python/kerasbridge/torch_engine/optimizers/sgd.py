"""SGD (keras/src/optimizers/sgd.py; update from keras/src/backend/torch/optimizers/torch_sgd.py).
Slots: momentum per weight, only when momentum != 0."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer


class SGD(Optimizer):
    class_name = "SGD"
    default_learning_rate = 0.01
    options = (("momentum", 0.0), ("nesterov", False))

    def check(self):
        if isinstance(self.momentum, bool) or not isinstance(self.momentum, (int, float)) or not 0 <= self.momentum <= 1:
            raise InvalidArgumentError(f"SGD: 'momentum' must be a number in [0, 1]; got {self.momentum!r}.")
        self.nesterov = bool(self.nesterov)
        self.momentums = []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params] if self.momentum != 0 else []

    def slots(self):
        return list(self.momentums)

    def _update(self, grads, params, lr):
        lr = lr.item()
        if self.momentum != 0:
            bufs = self.momentums
            # m = m * momentum - lr * g; then w += m (nesterov: w += -lr * g + momentum * m).
            torch._foreach_mul_(bufs, self.momentum)
            torch._foreach_add_(bufs, grads, alpha=-lr)
            if self.nesterov:
                torch._foreach_add_(params, grads, alpha=-lr)
                torch._foreach_add_(params, bufs, alpha=self.momentum)
            else:
                torch._foreach_add_(params, bufs)
        else:
            torch._foreach_add_(params, grads, alpha=-lr)
