"""Nadam (keras/src/optimizers/nadam.py; update from keras/src/backend/torch/optimizers/torch_nadam.py).
Slots: momentum and velocity per weight (interleaved), then the scalar u_product (starts at 1.0)."""

import torch

from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave

_F32 = torch.float32


class Nadam(Optimizer):
    class_name = "Nadam"
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7))

    def check(self):
        self.momentums, self.velocities = [], []
        self.u_product = torch.tensor(1.0, dtype=_F32)

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params]
        self.velocities = [torch.zeros_like(p) for p in self.params]
        self.u_product = torch.tensor(1.0, dtype=_F32)

    def slots(self):
        return interleave(self.momentums, self.velocities)

    def extra_variables(self):
        return [self.u_product]

    def _update(self, grads, params, lr):
        t = lambda v: torch.tensor(v, dtype=_F32)  # noqa: E731
        local_step = t(float(self.iterations + 1))
        next_step = t(float(self.iterations + 2))
        decay = t(0.96)
        beta_1, beta_2 = t(self.beta_1), t(self.beta_2)
        u_t = beta_1 * (1.0 - 0.5 * torch.pow(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * torch.pow(decay, next_step))
        u_product_t = self.u_product * u_t
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = torch.pow(beta_2, local_step)
        self.u_product.copy_(u_product_t)
        m_list, v_list = self.momentums, self.velocities
        torch._foreach_mul_(m_list, self.beta_1)
        torch._foreach_add_(m_list, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(v_list, self.beta_2)
        torch._foreach_add_(v_list, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        # Keras divides by 1 - u_product as numpy float32 scalars.
        m_hat = torch._foreach_add(
            torch._foreach_div(torch._foreach_mul(m_list, u_t_1.item()), (1 - u_product_t_1).item()),
            torch._foreach_div(torch._foreach_mul(grads, (1 - u_t).item()), (1 - u_product_t).item()),
        )
        v_hat = torch._foreach_div(v_list, (1 - beta_2_power).item())
        torch._foreach_add_(
            params,
            torch._foreach_div(torch._foreach_mul(m_hat, lr.item()), torch._foreach_add(torch._foreach_sqrt(v_hat), self.epsilon)),
            alpha=-1,
        )
