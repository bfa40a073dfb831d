"""RMSprop (keras/src/optimizers/rmsprop.py; update from keras/src/backend/torch/optimizers/torch_rmsprop.py).
Slots: velocity per weight, then momentum per weight (momentum > 0), then average_gradient per weight
(centered). Keras takes sqrt(v + epsilon), not sqrt(v) + epsilon."""

import torch

from kerasbridge.torch_engine.optimizers.base import Optimizer


class RMSprop(Optimizer):
    class_name = "RMSprop"
    options = (("rho", 0.9), ("momentum", 0.0), ("epsilon", 1e-7), ("centered", False))

    def check(self):
        self.centered = bool(self.centered)
        self.velocities, self.momentums, self.average_gradients = [], [], []

    def _build_slots(self):
        self.velocities = [torch.zeros_like(p) for p in self.params]
        self.momentums = [torch.zeros_like(p) for p in self.params] if self.momentum > 0 else []
        self.average_gradients = [torch.zeros_like(p) for p in self.params] if self.centered else []

    def slots(self):
        return list(self.velocities) + list(self.momentums) + list(self.average_gradients)

    def _update(self, grads, params, lr):
        rho = self.rho
        velocities = self.velocities
        torch._foreach_mul_(velocities, rho)
        torch._foreach_add_(velocities, torch._foreach_mul(grads, grads), alpha=1 - rho)
        denominators = torch._foreach_add(velocities, self.epsilon)
        if self.centered:
            average_grads = self.average_gradients
            torch._foreach_mul_(average_grads, rho)
            torch._foreach_add_(average_grads, grads, alpha=1 - rho)
            torch._foreach_add_(denominators, torch._foreach_mul(average_grads, average_grads), alpha=-1)
        torch._foreach_sqrt_(denominators)
        increments = torch._foreach_div(torch._foreach_mul(grads, lr.item()), denominators)
        if self.momentum > 0:
            torch._foreach_mul_(self.momentums, self.momentum)
            torch._foreach_add_(self.momentums, increments)
            torch._foreach_add_(params, self.momentums, alpha=-1)
        else:
            torch._foreach_add_(params, increments, alpha=-1)
