"""Lion (keras/src/optimizers/lion.py; update from keras/src/backend/torch/optimizers/torch_lion.py).
Slots: momentum per weight."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer


class Lion(Optimizer):
    class_name = "Lion"
    default_learning_rate = 0.001
    options = (("beta_1", 0.9), ("beta_2", 0.99))

    def check(self):
        if not 0 < self.beta_1 <= 1:
            raise InvalidArgumentError(f"Lion: argument 'beta_1' must be in (0, 1]; got {self.beta_1!r}.")
        self.momentums = []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return list(self.momentums)

    def _update(self, grads, params, lr):
        c_t = torch._foreach_mul(self.momentums, self.beta_1)
        torch._foreach_add_(c_t, grads, alpha=1 - self.beta_1)
        c_t = [c.sign() for c in c_t]
        torch._foreach_add_(params, torch._foreach_mul(c_t, lr.item()), alpha=-1)
        torch._foreach_mul_(self.momentums, self.beta_2)
        torch._foreach_add_(self.momentums, grads, alpha=1 - self.beta_2)
