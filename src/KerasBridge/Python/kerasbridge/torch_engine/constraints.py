"""Keras's weight constraints on torch tensors (keras/src/constraints/constraints.py).

A constraint maps a variable's value to its projection; the trainer assigns it to the variable after
each optimizer step, as BaseOptimizer.apply does (keras/src/optimizers/base_optimizer.py: after
_backend_apply_gradients, so after the EMA update, for the variables that had a gradient).
"""

import torch

from kerasbridge.torch_engine.serialization import keras_object, option_object

_EPSILON = 1e-7  # keras.config.epsilon()


def _dims(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _norms(w, axis):
    return torch.sqrt(torch.sum(torch.square(w), dim=_dims(axis), keepdim=True))


def _check_axis(axis, owner):
    values = axis if isinstance(axis, (list, tuple)) else [axis]
    if not values or not all(isinstance(a, int) and not isinstance(a, bool) for a in values):
        raise ValueError(f"{owner}: 'axis' must be an int or a list of ints; got {axis!r}.")
    return list(axis) if isinstance(axis, tuple) else axis


def _number(value, name, owner):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{owner}: '{name}' must be a number; got {value!r}.")
    return value


class Constraint:
    class_name = "Constraint"

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    def serialize(self):
        return keras_object("keras.constraints", self.class_name, self.get_config())


class MaxNorm(Constraint):
    class_name = "MaxNorm"

    def __init__(self, max_value=2, axis=0):
        self.max_value = _number(max_value, "max_value", "MaxNorm")
        self.axis = _check_axis(axis, "MaxNorm")

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = torch.clip(norms, 0, self.max_value)
        return w * (desired / (_EPSILON + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    class_name = "NonNeg"

    def __call__(self, w):
        return torch.maximum(w, torch.zeros((), dtype=w.dtype, device=w.device))


class UnitNorm(Constraint):
    class_name = "UnitNorm"

    def __init__(self, axis=0):
        self.axis = _check_axis(axis, "UnitNorm")

    def __call__(self, w):
        return w / (_EPSILON + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    class_name = "MinMaxNorm"

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = _number(min_value, "min_value", "MinMaxNorm")
        self.max_value = _number(max_value, "max_value", "MinMaxNorm")
        self.rate = _number(rate, "rate", "MinMaxNorm")
        self.axis = _check_axis(axis, "MinMaxNorm")

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = self.rate * torch.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (_EPSILON + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}


_CLASSES = (MaxNorm, MinMaxNorm, NonNeg, UnitNorm)


def get(identifier, label, argument):
    """A Constraint (or None) from a layer option (null, a Keras name or a serialized dict); others are refused."""
    return option_object(identifier, _CLASSES, "constraint", label, argument)


def constrained(variables):
    """[(index, variable)] of the variables (the trainable ones, in the optimizer's order) with a constraint."""
    return [(i, v) for i, v in enumerate(variables) if v.constraint is not None]


@torch.no_grad()
def apply_after_step(pairs, grads):
    """BaseOptimizer.apply's last step: each trainable variable that had a gradient is assigned its
    constraint's projection (`pairs` from constrained(), indexing the gradients)."""
    for index, variable in pairs:
        if grads[index] is not None:
            variable.value.copy_(variable.constraint(variable.value))
