"""Muon (keras/src/optimizers/muon.py). Keras's torch backend updates each weight on its own with Muon.update_step;
this follows it op for op with the torch calls Keras's ops make (optimizers/keras_ops.py), so the values are Keras's
bits.

Which update a weight gets is decided per variable, as Muon._should_use_adamw does: AdamW for a variable whose rank
is not 2, whose path contains "embedding" (exclude_embeddings, case-insensitive) or matches one of the
exclude_layers regular expressions (re.search on the path); every other (2-D) variable gets the momentum update
orthogonalized by Newton-Schulz iterations. Paths are Keras's ("dense/kernel": layer name / variable name).

Slots, in Keras's creation order: per weight its momentum, followed by its velocity when it gets the AdamW update.
Weight decay (Muon._apply_weight_decay): w - w * wd * lr, wd being weight_decay for the Muon weights and
adam_weight_decay for the AdamW ones (None skips)."""

import re

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers.base import Optimizer
from kerasbridge.torch_engine.optimizers.keras_ops import f32, unit_interval


class Muon(Optimizer):
    class_name = "Muon"
    default_weight_decay = 0.004
    # get_config's order (Muon.get_config).
    options = (("adam_beta_1", 0.9), ("adam_beta_2", 0.999), ("epsilon", 1e-7), ("exclude_layers", None),
               ("muon_a", 3.4445), ("muon_b", -4.7750), ("muon_c", 2.0315), ("adam_lr_ratio", 1), ("momentum", 0.95),
               ("ns_steps", 5), ("nesterov", True), ("exclude_embeddings", True), ("adam_weight_decay", 0.004),
               ("rms_rate", 0.2))
    nullable_options = ("adam_weight_decay", "rms_rate")  # None: no weight decay / no rms scaling (keras muon.py)

    def check(self):
        for key in ("adam_beta_1", "adam_beta_2", "momentum"):
            unit_interval(self, key)
        for key in ("epsilon", "muon_a", "muon_b", "muon_c", "adam_lr_ratio"):
            _number(self, key)
        if self.rms_rate is not None:
            _number(self, "rms_rate")
        if self.adam_weight_decay is not None:
            _number(self, "adam_weight_decay")
        if isinstance(self.ns_steps, bool) or not isinstance(self.ns_steps, int) or self.ns_steps < 0:
            raise InvalidArgumentError(f"Muon: argument 'ns_steps' must be an int >= 0; got {self.ns_steps!r}.")
        for key in ("nesterov", "exclude_embeddings"):
            if not isinstance(getattr(self, key), bool):
                raise InvalidArgumentError(f"Muon: argument '{key}' must be True or False; got {getattr(self, key)!r}.")
        layers = self.exclude_layers or []  # Keras: exclude_layers or []
        if not isinstance(layers, (list, tuple)) or not all(isinstance(k, str) for k in layers):
            raise InvalidArgumentError(
                f"Muon: argument 'exclude_layers' must be a list of regular expressions (strings); got {layers!r}.")
        for keyword in layers:
            try:
                re.compile(keyword)
            except re.error as e:
                raise InvalidArgumentError(
                    f"Muon: argument 'exclude_layers' holds {keyword!r}, not a valid regular expression ({e}).") from None
        self.exclude_layers = list(layers)
        self.momentums, self.adam_velocities, self._use_adamw = [], [], []

    def uses_adamw(self, shape, path):
        """Muon._should_use_adamw: the AdamW update for this variable (not the Newton-Schulz one)."""
        if len(shape) != 2:
            return True
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(keyword, path) for keyword in self.exclude_layers)

    def _build_slots(self):
        self._use_adamw = [self.uses_adamw(p.shape, path) for p, path in zip(self.params, self.paths)]
        self.momentums = [torch.zeros_like(p) for p in self.params]
        self.adam_velocities = [torch.zeros_like(p) if adamw else None for p, adamw in zip(self.params, self._use_adamw)]

    def slots(self):
        out = []
        for m, v in zip(self.momentums, self.adam_velocities):
            out.append(m)
            if v is not None:
                out.append(v)
        return out

    def _apply_weight_decay(self, params, lr):
        for variable, adamw in zip(params, self._use_adamw):
            value = self.adam_weight_decay if adamw else self.weight_decay
            if value is None:
                continue
            wd, lr_ = f32(value), lr.to(variable.device)
            variable.copy_(torch.subtract(variable, torch.multiply(torch.multiply(variable, wd), lr_)))

    def _update(self, grads, params, lr):
        for variable, gradient, m, v in zip(params, grads, self.momentums, self.adam_velocities):
            lr_ = lr.to(variable.device)
            if v is not None:
                # learning_rate * adam_lr_ratio: ops.multiply makes the ratio an int32 (int) or float32 tensor.
                ratio = torch.tensor(self.adam_lr_ratio, dtype=torch.int32 if isinstance(self.adam_lr_ratio, int) else torch.float32)
                self._adamw_step(gradient, variable, torch.multiply(lr_, ratio), m, v)
            else:
                self._muon_step(gradient, variable, lr_, m)

    def _muon_step(self, gradient, variable, lr, m):
        m.copy_(torch.add(m, torch.add(gradient, torch.multiply(m, f32(self.momentum - 1)))))
        g = torch.add(gradient, torch.multiply(f32(self.momentum), m)) if self.nesterov else m
        update = self._zeropower_via_newtonschulz5(g, self.ns_steps)
        variable.copy_(torch.subtract(variable, self._lr_adjust(torch.multiply(lr, update))))

    def _adamw_step(self, gradient, variable, lr, m, v):
        local_step = f32(self.iterations + 1)
        beta_1_power = torch.pow(f32(self.adam_beta_1), local_step)
        beta_2_power = torch.pow(f32(self.adam_beta_2), local_step)
        alpha = lr * torch.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m.copy_(torch.add(m, torch.multiply(torch.subtract(gradient, m), f32(1 - self.adam_beta_1))))
        v.copy_(torch.add(v, torch.multiply(torch.subtract(torch.square(gradient), v), f32(1 - self.adam_beta_2))))
        step = torch.divide(torch.multiply(m, alpha), torch.add(torch.sqrt(v), f32(self.epsilon)))
        variable.copy_(torch.subtract(variable, step))

    def _lr_adjust(self, x):
        if self.rms_rate is None:
            return x
        # ops.sqrt(ops.maximum(n, m)): two int32 tensors, whose root torch takes in float32.
        side = torch.maximum(torch.tensor(x.shape[0], dtype=torch.int32), torch.tensor(x.shape[1], dtype=torch.int32))
        return x * torch.sqrt(side) * self.rms_rate

    def _zeropower_via_newtonschulz5(self, x, steps):
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = _transpose_last_axes(x)
        x = x / (torch.linalg.norm(x, dim=(-2, -1), keepdim=True) + 1e-7)
        for _ in range(steps):
            temp_a = x @ _transpose_last_axes(x)
            temp_b = b * temp_a + c * temp_a @ temp_a
            x = a * x + temp_b @ x
        if tall:
            x = _transpose_last_axes(x)
        return x


def _transpose_last_axes(x):
    order = list(range(x.dim()))
    order[-2], order[-1] = order[-1], order[-2]
    return torch.permute(x, order)


def _number(optimizer, key):
    value = getattr(optimizer, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{optimizer.class_name}: argument '{key}' must be a number; got {value!r}.")
