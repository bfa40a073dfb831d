"""ScheduleFreeAdamW (keras/src/optimizers/schedule_free_adamw.py). Keras's torch backend updates each weight on its
own with ScheduleFreeAdamW.update_step; this follows it op for op (optimizers/keras_ops.py), so the values are Keras's
bits.

The weights hold y, the interpolation between the gradient sequence z (the "momentum" slot) and the average x,
which is not stored but recovered from y and z each step. Keras 3.15.1 swaps nothing around evaluate or predict, nor
at the end of fit: the model always evaluates and saves y, and so does this.

On the torch backend `momentum_old = momentum.value` is the variable's tensor itself, which assign_sub then updates in
place, so x_old is recovered from the new z; this keeps that (Keras's actual arithmetic).

Slots: momentum and velocity per weight, interleaved; the momentum starts as a copy of the weight (at build)."""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer, interleave
from kerasbridge.torch_engine.optimizers.keras_ops import f32, unit_interval


class ScheduleFreeAdamW(Optimizer):
    class_name = "ScheduleFreeAdamW"
    default_learning_rate = 0.0025
    options = (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-8), ("warmup_steps", 0))

    def check(self):
        for key in ("beta_1", "beta_2"):
            unit_interval(self, key)
        if self.beta_1 == 0:
            raise InvalidArgumentError(f"ScheduleFreeAdamW: argument 'beta_1' must be in (0, 1] (x is recovered by "
                                       f"dividing by it); got {self.beta_1!r}.")
        if isinstance(self.epsilon, bool) or not isinstance(self.epsilon, (int, float)) or not self.epsilon >= 0:
            raise InvalidArgumentError(f"ScheduleFreeAdamW: argument 'epsilon' must be a number >= 0; got {self.epsilon!r}.")
        if isinstance(self.warmup_steps, bool) or not isinstance(self.warmup_steps, int) or self.warmup_steps < 0:
            raise InvalidArgumentError(
                f"ScheduleFreeAdamW: argument 'warmup_steps' must be an int >= 0; got {self.warmup_steps!r}.")
        self.momentums, self.velocities = [], []

    def _build_slots(self):
        self.momentums = [p.detach().clone() for p in self.params]
        self.velocities = [torch.zeros_like(p) for p in self.params]

    def slots(self):
        return interleave(self.momentums, self.velocities)

    def _update(self, grads, params, lr):
        local_step = f32(self.iterations + 1)
        beta_1, beta_2, epsilon = f32(self.beta_1), f32(self.beta_2), f32(self.epsilon)
        if self.warmup_steps > 0:
            lr = lr * torch.minimum(local_step / f32(self.warmup_steps), f32(1.0))
        bias_correction_2 = 1 - torch.pow(beta_2, local_step)
        weight = 1.0 / local_step
        for variable, gradient, momentum, velocity in zip(params, grads, self.momentums, self.velocities):
            device = variable.device
            velocity.copy_(torch.add(velocity, torch.multiply(torch.subtract(torch.square(gradient), velocity),
                                                              (1 - beta_2).to(device))))
            denom = torch.add(torch.sqrt(velocity / bias_correction_2.to(device)), epsilon.to(device))
            momentum.copy_(torch.subtract(momentum, torch.divide(torch.multiply(lr.to(device), gradient), denom)))
            momentum_old = momentum  # the same tensor, as on Keras's torch backend (see the module's note)
            x_old = torch.divide(torch.subtract(variable, torch.multiply((1 - beta_1).to(device), momentum_old)),
                                 beta_1.to(device))
            x_new = torch.add(torch.multiply((1 - weight).to(device), x_old), torch.multiply(weight.to(device), momentum))
            variable.copy_(torch.add(torch.multiply((1 - beta_1).to(device), momentum),
                                     torch.multiply(beta_1.to(device), x_new)))
