"""Adamax (keras/src/optimizers/adamax.py; update from keras/src/backend/torch/optimizers/torch_adamax.py).
Slots: momentum and norm per weight (interleaved)."""

import torch

from kerasbridge.torch_engine.optimizers.adam import bias_power
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave


class Adamax(Optimizer):
    class_name = "Adamax"
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7))

    def check(self):
        self.m, self.u = [], []

    def _build_slots(self):
        self.m = [torch.zeros_like(p) for p in self.params]
        self.u = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return interleave(self.m, self.u)

    def _update(self, grads, params, lr):
        beta_1_power = bias_power(self.beta_1, self.iterations)
        torch._foreach_mul_(self.m, self.beta_1)
        torch._foreach_add_(self.m, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(self.u, self.beta_2)
        torch._foreach_maximum_(self.u, torch._foreach_abs(grads))
        torch._foreach_add_(
            params,
            torch._foreach_div(torch._foreach_mul(self.m, lr.item()),
                               torch._foreach_mul(torch._foreach_add(self.u, self.epsilon), (1 - beta_1_power).item())),
            alpha=-1,
        )
