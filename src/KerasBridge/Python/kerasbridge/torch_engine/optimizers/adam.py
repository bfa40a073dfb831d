"""Adam and AdamW (keras/src/optimizers/adam.py, adamw.py; update from
keras/src/backend/torch/optimizers/torch_adam.py — AdamW is the same update, its weight decay is the
base optimizer's). Slots: momentum and velocity per weight (interleaved), then velocity_hat per weight
(amsgrad).

Keras folds both bias corrections into the step size, alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t),
computed on float32 tensors, and adds epsilon to sqrt(v) (unlike torch.optim.Adam)."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave

_F32 = torch.float32


def bias_power(beta, iterations):
    """ops.power(cast(beta, float32), cast(iterations + 1, float32))."""
    return torch.pow(torch.tensor(beta, dtype=_F32), torch.tensor(float(iterations + 1), dtype=_F32))


class Adam(Optimizer):
    class_name = "Adam"
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7), ("amsgrad", False))

    def check(self):
        self.amsgrad = bool(self.amsgrad)
        self.momentums, self.velocities, self.velocity_hats = [], [], []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params]
        self.velocities = [torch.zeros_like(p) for p in self.params]
        self.velocity_hats = [torch.zeros_like(p) for p in self.params] if self.amsgrad else []

    def slots(self):
        return interleave(self.momentums, self.velocities) + list(self.velocity_hats)

    def _update(self, grads, params, lr):
        alpha = (lr * torch.sqrt(1 - bias_power(self.beta_2, self.iterations))
                 / (1 - bias_power(self.beta_1, self.iterations))).item()
        m_list, v_list = self.momentums, self.velocities
        torch._foreach_mul_(m_list, self.beta_1)
        torch._foreach_add_(m_list, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(v_list, self.beta_2)
        torch._foreach_add_(v_list, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        if self.amsgrad:
            torch._foreach_maximum_(self.velocity_hats, v_list)
            v_list = self.velocity_hats
        # w -= (m * alpha) / (sqrt(v) + epsilon)
        torch._foreach_add_(
            params,
            torch._foreach_div(torch._foreach_mul(m_list, alpha), torch._foreach_add(torch._foreach_sqrt(v_list), self.epsilon)),
            alpha=-1,
        )


class AdamW(Adam):
    class_name = "AdamW"
    default_weight_decay = 0.004

    def check(self):
        super().check()
        if self.weight_decay is None:
            raise InvalidArgumentError("AdamW: argument 'weight_decay' must be set; got None.")
