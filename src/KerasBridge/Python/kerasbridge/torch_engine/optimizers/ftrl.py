"""Ftrl (keras/src/optimizers/ftrl.py; Keras has no torch-specific Ftrl, so this is its generic
update_step per weight with Keras ops on float32 tensors).
Slots: accumulator (starting at initial_accumulator_value) and linear per weight (interleaved)."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave


class Ftrl(Optimizer):
    class_name = "Ftrl"
    options = (("learning_rate_power", -0.5), ("initial_accumulator_value", 0.1),
               ("l1_regularization_strength", 0.0), ("l2_regularization_strength", 0.0),
               ("l2_shrinkage_regularization_strength", 0.0), ("beta", 0.0))

    def check(self):
        if self.initial_accumulator_value < 0.0:
            raise InvalidArgumentError(
                f"Ftrl: 'initial_accumulator_value' must be >= 0; got {self.initial_accumulator_value!r}.")
        if self.learning_rate_power > 0.0:
            raise InvalidArgumentError(f"Ftrl: 'learning_rate_power' must be <= 0; got {self.learning_rate_power!r}.")
        for key in ("l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength"):
            if getattr(self, key) < 0.0:
                raise InvalidArgumentError(f"Ftrl: '{key}' must be >= 0; got {getattr(self, key)!r}.")
        self.accumulators, self.linears = [], []

    def _build_slots(self):
        self.accumulators = [torch.full_like(p, float(self.initial_accumulator_value)) for p in self.params]
        self.linears = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return interleave(self.accumulators, self.linears)

    def _update(self, grads, params, lr):
        lr_power = self.learning_rate_power
        for gradient, variable, accum, linear in zip(grads, params, self.accumulators, self.linears):
            lr_d = lr.to(variable.device)
            l2_reg = self.l2_regularization_strength + self.beta / (2.0 * lr_d)
            grad_to_use = gradient + (2 * self.l2_shrinkage_regularization_strength) * variable
            new_accum = accum + torch.square(gradient)
            linear.add_(grad_to_use - ((torch.pow(new_accum, -lr_power) - torch.pow(accum, -lr_power)) / lr_d) * variable)
            quadratic = torch.pow(new_accum, -lr_power) / lr_d + 2 * l2_reg
            l1 = self.l1_regularization_strength
            linear_clipped = torch.clip(linear, -l1, l1)
            variable.copy_((linear_clipped - linear) / quadratic)
            accum.copy_(new_accum)
