"""Lamb (keras/src/optimizers/lamb.py). Keras's torch backend has no parallel update for it, so each weight is
updated on its own by Lamb.update_step; this follows it op for op (same torch calls, same float32 constants),
so the values are Keras's bits. Slots: momentum and velocity per weight, interleaved."""

import torch

from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave
from kerasbridge.torch_engine.optimizers.keras_ops import f32, rms_free_norm_ratio, unit_interval


class Lamb(Optimizer):
    class_name = "Lamb"
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7))
    known_by_name = False  # not in keras/src/optimizers/__init__.py ALL_OBJECTS

    def check(self):
        for key in ("beta_1", "beta_2"):
            unit_interval(self, key)
        self.momentums, self.velocities = [], []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params]
        self.velocities = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return interleave(self.momentums, self.velocities)

    def _update(self, grads, params, lr):
        local_step = f32(self.iterations + 1)
        beta_1_power = torch.pow(f32(self.beta_1), local_step)
        beta_2_power = torch.pow(f32(self.beta_2), local_step)
        one_minus_beta_1, one_minus_beta_2 = f32(1 - self.beta_1), f32(1 - self.beta_2)
        epsilon = f32(self.epsilon)
        for variable, gradient, m, v in zip(params, grads, self.momentums, self.velocities):
            m.add_(torch.multiply(torch.subtract(gradient, m), one_minus_beta_1))
            v.add_(torch.multiply(torch.subtract(torch.square(gradient), v), one_minus_beta_2))
            m_t_hat = torch.divide(m, 1.0 - beta_1_power)
            v_sqrt = torch.add(torch.sqrt(torch.divide(v, 1.0 - beta_2_power)), epsilon)
            update = torch.divide(m_t_hat, v_sqrt)
            ratio = rms_free_norm_ratio(variable, update)
            variable.sub_(ratio * lr.to(variable.device) * update)
