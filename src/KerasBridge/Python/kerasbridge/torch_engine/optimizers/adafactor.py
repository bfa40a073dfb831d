"""Adafactor (keras/src/optimizers/adafactor.py). Keras's torch backend updates each weight on its own with
Adafactor.update_step; this follows it op for op (optimizers/keras_ops.py), so the values are Keras's bits.

Slots, per weight and in Keras's creation order: r and c, the factored second moments of the last two axes
(shapes w.shape[:-1] and w.shape[:-2] + w.shape[-1:]), then the velocity. A weight of rank < 2 is not factored:
Keras still creates r and c for it as two int32 scalars holding 0 (saved in .keras files), and keeps an
unfactored velocity."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer
from kerasbridge.torch_engine.optimizers.keras_ops import f32, mean


class Adafactor(Optimizer):
    class_name = "Adafactor"
    options = (("beta_2_decay", -0.8), ("epsilon_1", 1e-30), ("epsilon_2", 1e-3), ("clip_threshold", 1.0),
               ("relative_step", True))

    def check(self):
        for key in ("beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidArgumentError(f"Adafactor: argument '{key}' must be a number; got {value!r}.")
        if not isinstance(self.relative_step, bool):
            raise InvalidArgumentError(f"Adafactor: argument 'relative_step' must be True or False; got {self.relative_step!r}.")
        self._r, self._c, self._v = [], [], []

    def _build_slots(self):
        self._r, self._c, self._v = [], [], []
        for p in self.params:
            if p.dim() < 2:
                self._r.append(torch.zeros((), dtype=torch.int32, device=p.device))
                self._c.append(torch.zeros((), dtype=torch.int32, device=p.device))
            else:
                self._r.append(p.new_zeros(p.shape[:-1]))
                self._c.append(p.new_zeros(p.shape[:-2] + p.shape[-1:]))
            self._v.append(torch.zeros_like(p))

    def slots(self):
        out = []
        for r, c, v in zip(self._r, self._c, self._v):
            out.extend((r, c, v))
        return out

    @staticmethod
    def _rms(x):
        return torch.sqrt(mean(torch.square(x)))

    def _update(self, grads, params, lr):
        epsilon_1, epsilon_2, one = f32(self.epsilon_1), f32(self.epsilon_2), f32(1.0)
        local_step = f32(self.iterations + 1)
        lr = lr.to(_device(params))
        if self.schedule is None and self.relative_step:
            lr = torch.minimum(lr, 1 / torch.sqrt(local_step))
        rho_t = torch.minimum(lr, 1 / torch.sqrt(local_step))
        beta_2_t = torch.subtract(1, torch.pow(local_step, f32(self.beta_2_decay)))
        one_minus_beta_2_t = torch.subtract(1, beta_2_t)
        for variable, gradient, r, c, v in zip(params, grads, self._r, self._c, self._v):
            alpha_t = torch.maximum(epsilon_2, self._rms(variable)) * rho_t
            regulated_grad_square = torch.add(torch.square(gradient), epsilon_1)
            if variable.dim() >= 2:
                r.copy_(beta_2_t * r + one_minus_beta_2_t * mean(regulated_grad_square, axis=-1))
                c.copy_(beta_2_t * c + one_minus_beta_2_t * mean(regulated_grad_square, axis=-2))
                v.copy_(torch.unsqueeze(r / mean(r, axis=-1, keepdims=True), -1) * torch.unsqueeze(c, -2))
            else:
                v.copy_(beta_2_t * v + one_minus_beta_2_t * regulated_grad_square)
            u_t = gradient / torch.sqrt(v)
            # ops.divide keeps a Python number as it is (torch may divide by it as a reciprocal product).
            u_t_hat = u_t / torch.maximum(one, self._rms(u_t) / float(self.clip_threshold))
            variable.sub_(alpha_t * u_t_hat)


def _device(params):
    return params[0].device if params else "cpu"
