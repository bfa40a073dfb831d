"""Adam and AdamW (keras/src/optimizers/adam.py, adamw.py; update from
keras/src/backend/torch/optimizers/torch_adam.py — AdamW is the same update, its weight decay is the
base optimizer's). Slots: momentum and velocity per weight (interleaved), then velocity_hat per weight
(amsgrad).

Keras folds both bias corrections into the step size, alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t),
computed on float32 tensors, and adds epsilon to sqrt(v) (unlike torch.optim.Adam).

The slots live in flat buffers (optimizers/flat.py) so that each line of the update is one kernel for all
weights; the values are those of Keras's per-weight foreach update, bit for bit."""

import numpy as np
import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave
from kerasbridge.torch_engine.optimizers import flat

_F32 = torch.float32


def bias_power(beta, iterations):
    """ops.power(cast(beta, float32), cast(iterations + 1, float32))."""
    return torch.pow(torch.tensor(beta, dtype=_F32), torch.tensor(float(iterations + 1), dtype=_F32))


def step_size(lr, betas, exponent, iterations):
    """Keras's alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) in float32, as a Python float. lr: the float32
    learning rate as a float; betas: the float32 tensor [beta_2, beta_1]; exponent: a 0-dim float32 tensor
    to reuse (filling one is cheaper than making one). Both powers come from one torch.pow (per element the
    same scalar pow as two 0-dim calls, which bias_power makes); the rest are exactly rounded float32
    operations, done on numpy float32 scalars: the same bits without a tensor per operation."""
    p2, p1 = torch.pow(betas, exponent.fill_(float(iterations + 1))).tolist()
    one = np.float32(1)
    return float(np.float32(lr) * np.sqrt(one - np.float32(p2)) / (one - np.float32(p1)))


class Adam(Optimizer):
    class_name = "Adam"
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7), ("amsgrad", False))

    def check(self):
        self.amsgrad = bool(self.amsgrad)
        self.momentums, self.velocities, self.velocity_hats = [], [], []

    def _build_slots(self):
        self._betas = torch.tensor([self.beta_2, self.beta_1], dtype=_F32)
        self._exponent = torch.zeros((), dtype=_F32)
        self._layout = flat.Layout(self.params)
        self._m, self.momentums = self._layout.slot()
        self._v, self.velocities = self._layout.slot()
        self._v_hat, self.velocity_hats = self._layout.slot() if self.amsgrad else ([None] * len(self._layout.groups), [])

    def slots(self):
        return interleave(self.momentums, self.velocities) + list(self.velocity_hats)

    def _update(self, grads, params, lr):
        alpha = step_size(self.learning_rate_value(lr), self._betas, self._exponent, self.iterations)
        # Keras's torch_adam.py, each line one op on a group's flat buffers (optimizers/flat.py).
        for group, m, v, v_hat in zip(self._layout.groups, self._m, self._v, self._v_hat):
            g = group.gather(grads)
            m.mul_(self.beta_1)
            m.add_(g, alpha=1 - self.beta_1)
            v.mul_(self.beta_2)
            v.add_(torch.mul(g, g), alpha=1 - self.beta_2)
            if v_hat is not None:  # amsgrad
                torch.maximum(v_hat, v, out=v_hat)
                v = v_hat
            # w -= (m * alpha) / (sqrt(v) + epsilon)
            step = torch.mul(m, alpha, out=group.step)
            step.div_(torch.sqrt(v).add_(self.epsilon))
            group.add_step(alpha=-1)


class AdamW(Adam):
    class_name = "AdamW"
    default_weight_decay = 0.004

    def check(self):
        super().check()
        if self.weight_decay is None:
            raise InvalidArgumentError("AdamW: argument 'weight_decay' must be set; got None.")
