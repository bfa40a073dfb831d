"""Adagrad and Adadelta (keras/src/optimizers/adagrad.py, adadelta.py; updates from
keras/src/backend/torch/optimizers/torch_adagrad.py, torch_adadelta.py).
Adagrad slots: accumulator per weight, starting at initial_accumulator_value.
Adadelta slots: accumulated_grad and accumulated_delta_var per weight (interleaved)."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave


class Adagrad(Optimizer):
    class_name = "Adagrad"
    options = (("initial_accumulator_value", 0.1), ("epsilon", 1e-7))

    def check(self):
        if not self.initial_accumulator_value >= 0:
            raise InvalidArgumentError(
                f"Adagrad: 'initial_accumulator_value' must be >= 0; got {self.initial_accumulator_value!r}.")
        self.accumulators = []

    def _build_slots(self):
        self.accumulators = [torch.full_like(p, float(self.initial_accumulator_value)) for p in self.params]

    def slots(self):
        return list(self.accumulators)

    def _update(self, grads, params, lr):
        torch._foreach_add_(self.accumulators, torch._foreach_mul(grads, grads))
        torch._foreach_add_(
            params,
            torch._foreach_div(torch._foreach_mul(grads, lr.item()),
                               torch._foreach_sqrt(torch._foreach_add(self.accumulators, self.epsilon))),
            alpha=-1,
        )


class Adadelta(Optimizer):
    class_name = "Adadelta"
    options = (("rho", 0.95), ("epsilon", 1e-7))

    def check(self):
        self.accumulated_grads, self.accumulated_delta_vars = [], []

    def _build_slots(self):
        self.accumulated_grads = [torch.zeros_like(p) for p in self.params]
        self.accumulated_delta_vars = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return interleave(self.accumulated_grads, self.accumulated_delta_vars)

    def _update(self, grads, params, lr):
        rho = self.rho
        torch._foreach_mul_(self.accumulated_grads, rho)
        torch._foreach_add_(self.accumulated_grads, torch._foreach_mul(grads, grads), alpha=1 - rho)

        def rms(x):
            return torch._foreach_sqrt(torch._foreach_add(x, self.epsilon))

        delta_vars = torch._foreach_mul(
            torch._foreach_div(torch._foreach_mul(rms(self.accumulated_delta_vars), grads), rms(self.accumulated_grads)),
            -1,
        )
        torch._foreach_mul_(self.accumulated_delta_vars, rho)
        torch._foreach_add_(self.accumulated_delta_vars, torch._foreach_mul(delta_vars, delta_vars), alpha=1 - rho)
        torch._foreach_add_(params, delta_vars, alpha=lr.item())
