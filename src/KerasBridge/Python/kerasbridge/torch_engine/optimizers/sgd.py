"""SGD (keras/src/optimizers/sgd.py; update from keras/src/backend/torch/optimizers/torch_sgd.py).
Slots: momentum per weight, only when momentum != 0, in flat buffers (optimizers/flat.py)."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers import flat
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
        self._layout = flat.Layout(self.params)
        self._m, self.momentums = self._layout.slot() if self.momentum != 0 else ([], [])

    def slots(self):
        return list(self.momentums)

    def _update(self, grads, params, lr):
        lr = self.learning_rate_value(lr)
        if self.momentum == 0:
            torch._foreach_add_(params, grads, alpha=-lr)
            return
        # Keras's torch_sgd.py, each line one op on a group's flat buffers (optimizers/flat.py):
        # m = m * momentum - lr * g; then w += m (nesterov: w += -lr * g + momentum * m).
        for group, m in zip(self._layout.groups, self._m):
            g = group.gather(grads)
            m.mul_(self.momentum)
            m.add_(g, alpha=-lr)
            if self.nesterov:
                group.step.copy_(g)
                group.add_step(alpha=-lr)
                group.step.copy_(m)
                group.add_step(alpha=self.momentum)
            else:
                group.step.copy_(m)
                group.add_step(alpha=1)
