"""RMSprop (keras/src/optimizers/rmsprop.py; update from keras/src/backend/torch/optimizers/torch_rmsprop.py).
Slots: velocity per weight, then momentum per weight (momentum > 0), then average_gradient per weight
(centered). Keras takes sqrt(v + epsilon), not sqrt(v) + epsilon. The slots live in flat buffers
(optimizers/flat.py): one kernel per line for all weights, the same values as the per-weight update."""

import torch

from kerasbridge.torch_engine.optimizers import flat
from kerasbridge.torch_engine.optimizers.base import Optimizer


class RMSprop(Optimizer):
    class_name = "RMSprop"
    options = (("rho", 0.9), ("momentum", 0.0), ("epsilon", 1e-7), ("centered", False))

    def check(self):
        self.centered = bool(self.centered)
        self.velocities, self.momentums, self.average_gradients = [], [], []

    def _build_slots(self):
        self._layout = flat.Layout(self.params)
        none = [None] * len(self._layout.groups)
        self._v, self.velocities = self._layout.slot()
        self._m, self.momentums = self._layout.slot() if self.momentum > 0 else (none, [])
        self._avg, self.average_gradients = self._layout.slot() if self.centered else (none, [])

    def slots(self):
        return list(self.velocities) + list(self.momentums) + list(self.average_gradients)

    def _update(self, grads, params, lr):
        rho = self.rho
        lr = self.learning_rate_value(lr)
        # Keras's torch_rmsprop.py, each line one op on a group's flat buffers (optimizers/flat.py).
        for group, v, m, avg in zip(self._layout.groups, self._v, self._m, self._avg):
            g = group.gather(grads)
            v.mul_(rho)
            v.add_(torch.mul(g, g), alpha=1 - rho)
            denominator = torch.add(v, self.epsilon)
            if avg is not None:  # centered
                avg.mul_(rho)
                avg.add_(g, alpha=1 - rho)
                denominator.add_(torch.mul(avg, avg), alpha=-1)
            denominator.sqrt_()
            increment = torch.mul(g, lr, out=group.step).div_(denominator)
            if m is not None:  # momentum
                m.mul_(self.momentum)
                m.add_(increment)
                group.step.copy_(m)
            group.add_step(alpha=-1)
