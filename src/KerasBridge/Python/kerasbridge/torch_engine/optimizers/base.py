"""The optimizer base: Keras's BaseOptimizer.apply / _backend_apply_gradients with the torch backend's
overrides (keras/src/optimizers/base_optimizer.py, keras/src/backend/torch/optimizers/torch_optimizer.py,
torch_parallel_optimizer.py).

One step, in Keras's order: clip the gradients (clipnorm per tensor, else global_clipnorm, else
clipvalue), apply weight decay (w *= 1 - weight_decay * lr), the optimizer's own update with the
learning rate of this iteration (a float32 variable, or a schedule called with the iteration count),
then the EMA of the weights (use_ema) and its periodic overwrite; finally iterations += 1.
fit() calls finalize_variable_values at the end, which copies the EMA into the weights.

Optimizer variables, in Keras's creation order (what .keras files store under optimizer/vars):
iteration, learning_rate (absent when it is a schedule), the EMA averages per weight (use_ema), then
the optimizer's slots (`slots()`), then any extra scalars (Nadam's u_product).
"""

import numpy as np
import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.optimizers import schedules
from kerasbridge.torch_engine.serialization import float32_value, keras_object

_F32 = torch.float32
_CLASS_DEFAULT = object()  # weight_decay not given: the optimizer class's default (AdamW: 0.004)


def _optional_positive(value, argument, owner):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise InvalidArgumentError(f"{owner}: argument '{argument}' must be a number >= 0 or None; got {value!r}.")
    return value


class Optimizer:
    class_name = "Optimizer"
    # (argument, default) of the optimizer's own options, in Keras's get_config order.
    options = ()
    default_learning_rate = 0.001
    default_weight_decay = None
    known_by_name = True  # False: Keras's optimizers.get refuses the class's name as a string
    nullable_options = ()  # float options that may also be None (Muon's rms_rate: no scaling)

    def __init__(self, learning_rate=None, weight_decay=_CLASS_DEFAULT, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **options):
        owner = self.class_name
        if weight_decay is _CLASS_DEFAULT:
            weight_decay = self.default_weight_decay
        for key, value in (("loss_scale_factor", loss_scale_factor),
                           ("gradient_accumulation_steps", gradient_accumulation_steps)):
            if value is not None:
                raise InvalidArgumentError(
                    f"{owner}: option '{key}'={value!r} is not supported by the PyTorch engine; only None is.")
        known = {name_ for name_, _ in self.options}
        unknown = sorted(set(options) - known - {"decay"})
        if unknown:
            raise InvalidArgumentError(f"{owner}: unknown option(s) {unknown}.")
        options.pop("decay", None)  # Keras warns and ignores the legacy 'decay'.
        for key, default in self.options:
            value = options.get(key, default)
            # Keras compares or multiplies these floats only in its update step (a TypeError there): check them now.
            if type(default) is float and not (value is None and key in self.nullable_options) \
                    and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise InvalidArgumentError(f"{owner}: argument '{key}' must be a number; got {value!r}.")
            setattr(self, key, value)
        if name is not None and (not isinstance(name, str) or "/" in name):
            # Keras's name_scope (keras/src/backend/common/name_scope.py) refuses it when the optimizer is built.
            raise InvalidArgumentError(f"{owner}: argument 'name' must be a string without '/'; got {name!r}.")
        if learning_rate is None:
            learning_rate = self.default_learning_rate
        if isinstance(learning_rate, dict):
            self.schedule = schedules.get(learning_rate)
        elif isinstance(learning_rate, schedules.LearningRateSchedule):
            self.schedule = learning_rate
        elif isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or not learning_rate >= 0:
            raise InvalidArgumentError(
                f"{owner}: 'learning_rate' must be a number >= 0 or a learning-rate schedule; got {learning_rate!r}.")
        else:
            self.schedule = None
        self._learning_rate = None if self.schedule is not None else float32_value(learning_rate)
        self._lr_tensor = self._lr_tensor_value = None
        self.weight_decay = _optional_positive(weight_decay, "weight_decay", owner)
        self.clipnorm = _optional_positive(clipnorm, "clipnorm", owner)
        self.clipvalue = _optional_positive(clipvalue, "clipvalue", owner)
        self.global_clipnorm = _optional_positive(global_clipnorm, "global_clipnorm", owner)
        if sum(v is not None for v in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise InvalidArgumentError(
                f"{owner}: only one of 'clipnorm', 'clipvalue' and 'global_clipnorm' can be set; got "
                f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}.")
        self.use_ema = bool(use_ema)
        if self.use_ema:
            if not 0 <= ema_momentum <= 1:
                raise InvalidArgumentError(f"{owner}: 'ema_momentum' must be in [0, 1]; got {ema_momentum!r}.")
            if ema_overwrite_frequency and (not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1):
                raise InvalidArgumentError(
                    f"{owner}: 'ema_overwrite_frequency' must be an int >= 1 or None; got {ema_overwrite_frequency!r}.")
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.check()
        self.name = name or naming.auto_name(self.class_name)
        self.iterations = 0
        self.built = False
        self.params = []
        self.paths = []
        self.averages = []

    def check(self):
        """Validates the optimizer's own options (subclasses)."""

    # ----- learning rate -----
    @property
    def learning_rate(self):
        """The learning rate of the current iteration as a float32 value (what Keras's property returns)."""
        return float(self.current_learning_rate())

    def current_learning_rate(self):
        """A 0-dim float32 tensor, as Keras's _get_current_learning_rate (callers only read it)."""
        if self.schedule is not None:
            return self.schedule(self.iterations).to(_F32)
        # Made again only when the rate changes (a callback, loading): one tensor fewer per step.
        if self._lr_tensor is None or self._lr_tensor_value != self._learning_rate:
            self._lr_tensor = torch.tensor(self._learning_rate, dtype=_F32)
            self._lr_tensor_value = self._learning_rate
        return self._lr_tensor

    def learning_rate_value(self, lr):
        """lr (current_learning_rate's tensor) as a Python float, without a host read for a fixed rate."""
        return self._learning_rate if self.schedule is None else lr.item()

    # ----- variables -----
    def build(self, params, paths=None):
        """Creates the EMA averages and slot variables for the model's trainable tensors (in model order).
        paths: Keras's variable paths ("dense/kernel"), for optimizers that choose an update by path (Muon)."""
        self.params = list(params)
        self.paths = list(paths) if paths is not None else [f"variable_{i}" for i in range(len(self.params))]
        self.averages = [torch.zeros_like(p) for p in self.params] if self.use_ema else []
        self._build_slots()
        self.built = True

    def _build_slots(self):
        pass

    def slots(self):
        """The slot tensors in Keras's variable order."""
        return []

    def extra_variables(self):
        """Variables Keras creates after the slots (Nadam's u_product), as 0-dim float32 tensors."""
        return []

    def _tensors(self):
        return list(self.averages) + self.slots() + self.extra_variables()

    def _head(self):
        head = [np.array(self.iterations, dtype=np.int32)]
        if self.schedule is None:
            head.append(np.array(self._learning_rate, dtype=np.float32))
        return head

    def get_variables(self):
        """All optimizer variables as numpy arrays, in Keras's order. Like Keras, iteration and
        learning_rate exist (and are saved) even before the slots are built."""
        values = self._head()
        if self.built:
            values.extend(s.detach().cpu().numpy().copy() for s in self._tensors())
        return values

    def variable_count(self):
        """Number of scalars in the optimizer's variables (Keras's 'Optimizer params')."""
        return len(self._head()) + (sum(s.numel() for s in self._tensors()) if self.built else 0)

    def set_variables(self, values):
        """Loads variables saved by Keras; returns False (changing nothing) when they do not fit."""
        head = len(self._head())
        tensors = self._tensors()
        if len(values) != head + len(tensors):
            return False
        for tensor, value in zip(tensors, values[head:]):
            if tuple(np.shape(value)) != tuple(tensor.shape):
                return False
        self.iterations = int(np.asarray(values[0]))
        if self.schedule is None:
            self._learning_rate = float32_value(np.asarray(values[1]))
        with torch.no_grad():
            for tensor, value in zip(tensors, values[head:]):
                tensor.copy_(torch.as_tensor(np.asarray(value, dtype=np.float32), device=tensor.device))
        return True

    # ----- updating -----
    @torch.no_grad()
    def apply(self, grads):
        """One Keras optimizer step for self.params given their gradients."""
        grads = self._clip(list(grads))
        params = self.params
        lr = self.current_learning_rate()
        self._apply_weight_decay(params, lr)
        self._update(grads, params, lr)
        if self.use_ema:
            self._update_averages()
        self.iterations += 1

    def _apply_weight_decay(self, params, lr):
        if self.weight_decay is not None:
            # torch_optimizer._apply_weight_decay: w *= 1 - weight_decay * lr (a float32 tensor).
            factor = (1 - self.weight_decay * lr).to(params[0].device) if params else None
            torch._foreach_mul_(params, factor)

    def _update(self, grads, params, lr):
        """The optimizer's own step; lr is the 0-dim float32 learning-rate tensor of this iteration."""
        raise NotImplementedError(f"{type(self).__name__} must implement _update")

    def _clip(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            # base_optimizer.clip_by_global_norm
            norm = torch.sqrt(torch.sum(torch.stack([torch.sum(torch.square(g)) for g in grads])))
            scale = self.global_clipnorm * torch.minimum(1.0 / norm, torch.tensor(1.0 / self.global_clipnorm, dtype=_F32, device=norm.device))
            scale = scale + (norm - norm)
            return [g * scale for g in grads]
        if self.clipvalue and self.clipvalue > 0:
            return [torch.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        l2sum = torch.sum(torch.square(values)).reshape([1] * values.dim())
        pred = l2sum > 0
        l2sum_safe = torch.where(pred, l2sum, torch.ones_like(l2sum))
        l2norm = torch.where(pred, torch.sqrt(l2sum_safe), l2sum)
        intermediate = values * self.clipnorm
        return intermediate / torch.maximum(l2norm, torch.tensor(self.clipnorm, dtype=_F32, device=l2norm.device))

    def _update_averages(self):
        # base_optimizer._update_model_variables_moving_average (iterations not yet incremented).
        momentum = float(self.iterations != 0) * torch.tensor(self.ema_momentum, dtype=_F32)
        one_minus = 1 - momentum
        for param, average in zip(self.params, self.averages):
            average.copy_(momentum.to(param.device) * average + one_minus.to(param.device) * param)
        if self.ema_overwrite_frequency and (self.iterations + 1) % self.ema_overwrite_frequency == 0:
            self._overwrite_with_averages()

    def _overwrite_with_averages(self):
        for param, average in zip(self.params, self.averages):
            param.copy_(average)

    @torch.no_grad()
    def finalize_variable_values(self):
        """What Keras's fit does after the last epoch: with use_ema, the weights become their averages."""
        if self.use_ema and self.built:
            self._overwrite_with_averages()

    # ----- serialization -----
    def get_config(self):
        learning_rate = self.schedule.serialize() if self.schedule is not None else self._learning_rate
        config = {
            "name": self.name, "learning_rate": learning_rate, "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue,
            "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency, "loss_scale_factor": None,
            "gradient_accumulation_steps": None,
        }
        config.update({key: getattr(self, key) for key, _ in self.options})
        return config

    def serialize(self):
        return keras_object("keras.optimizers", self.class_name, self.get_config())


def interleave(*lists):
    """Keras's add_optimizer_variables(var_list, [names...]) creates the slots per weight, name by name."""
    out = []
    for group in zip(*lists):
        out.extend(group)
    return out
