"""Keras's weight and activity regularizers on torch tensors (keras/src/regularizers/regularizers.py).

A regularizer maps a tensor to a scalar penalty with the same float32 ops Keras's torch backend runs.
Layers attach one to a variable (its penalty is added to the training loss, keras/src/layers/layer.py
_get_regularization_losses) or to their outputs (activity_regularizer, divided by the batch size in
Layer.__call__); the trainer adds them to the compiled loss as Trainer.compute_loss does.

Activity penalties are gathered per forward pass through `collecting()`: a thread-local list that the
models' forward loops (and wrappers that call sub-layers the way Keras calls them) append to.
"""

import math
import threading

import torch

from kerasbridge.torch_engine.serialization import float32_value, keras_object, option_object

_EPSILON = 1e-7  # keras.config.epsilon()


def _float_arg(value, name, owner):
    # regularizers.py validate_float_arg: a finite, non-negative number.
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isinf(value) or math.isnan(value) \
            or value < 0:
        raise ValueError(f"{owner}: '{name}' must be a non-negative float; got {value!r}.")
    return float(value)


def _scalar(value, x):
    # ops.cast(factor, x.dtype): a float32 scalar tensor on x's device.
    return torch.tensor(value, dtype=x.dtype, device=x.device)


class Regularizer:
    class_name = "Regularizer"

    def __call__(self, x):
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError

    def serialize(self):
        return keras_object("keras.regularizers", self.class_name, self.get_config())


class L1L2(Regularizer):
    class_name = "L1L2"

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _float_arg(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = _float_arg(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x):
        regularization = _scalar(0.0, x)
        if self.l1 != 0.0:
            regularization = regularization + _scalar(self.l1, x) * torch.sum(torch.abs(x))
        if self.l2 != 0.0:
            regularization = regularization + _scalar(self.l2, x) * torch.sum(torch.square(x))
        return regularization

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    class_name = "L1"

    def __init__(self, l1=0.01):
        # Keras keeps l1 (and OrthogonalRegularizer's factor) in a float32 tensor: get_config reports 0.01 as
        # 0.009999999776482582.
        self.l1 = float32_value(_float_arg(0.01 if l1 is None else l1, "l1", "L1"))

    def __call__(self, x):
        return _scalar(self.l1, x) * torch.sum(torch.abs(x))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    class_name = "L2"

    def __init__(self, l2=0.01):
        self.l2 = _float_arg(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x):
        return _scalar(self.l2, x) * torch.sum(torch.square(x))

    def get_config(self):
        return {"l2": self.l2}


def _normalize(x, axis):
    # keras/src/ops/nn.py _normalize with order 2: x * min(rsqrt(sum(x^2)), 1 / epsilon).
    inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
    return x * torch.minimum(inv_norm, _scalar(1.0 / _EPSILON, x))


class OrthogonalRegularizer(Regularizer):
    class_name = "OrthogonalRegularizer"

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = float32_value(_float_arg(factor, "factor", "OrthogonalRegularizer"))
        if mode not in ("rows", "columns"):
            raise ValueError(f"OrthogonalRegularizer: 'mode' must be rows or columns; got {mode!r}.")
        self.mode = mode

    def __call__(self, x):
        if x.dim() != 2:
            raise ValueError(f"OrthogonalRegularizer needs a rank-2 weight; got shape {list(x.shape)}.")
        if self.mode == "rows":
            x = _normalize(x, 1)
            product = torch.matmul(x, x.t())
            size = x.shape[0]
        else:
            x = _normalize(x, 0)
            product = torch.matmul(x.t(), x)
            size = x.shape[1]
        off_diagonal = product * (1.0 - torch.eye(size, dtype=x.dtype, device=x.device))
        num_pairs = size * (size - 1.0) / 2.0
        return _scalar(self.factor, x) * 0.5 * torch.sum(torch.abs(off_diagonal)) / num_pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


_CLASSES = (L1, L2, L1L2, OrthogonalRegularizer)


def get(identifier, label, argument):
    """A Regularizer (or None) from a layer option (null, a Keras name or a serialized dict); others are refused."""
    return option_object(identifier, _CLASSES, "regularizer", label, argument)


# ----- activity penalties -----
_state = threading.local()


class collecting:  # noqa: N801  (used like a function: `with collecting() as losses`)
    """Gathers the activity penalties of the forward passes run inside (Keras's layer losses, cleared at
    each top-level call); `as` gives the list. A class rather than a contextlib generator: it is entered
    once per training step, and this is cheaper."""

    __slots__ = ("_previous",)

    def __enter__(self):
        self._previous = getattr(_state, "losses", None)
        _state.losses = []
        return _state.losses

    def __exit__(self, *exc):
        _state.losses = self._previous
        return False


def record_activity(regularizer, outputs):
    """Layer.__call__'s activity regularization: the penalty of each output tensor divided by its batch
    size, kept when a `collecting()` block is open (training and evaluation; predict skips it)."""
    losses = getattr(_state, "losses", None)
    if losses is None or regularizer is None:
        return
    for output in outputs if isinstance(outputs, (list, tuple)) else [outputs]:
        if isinstance(output, (list, tuple)):
            record_activity(regularizer, output)
            continue
        loss = regularizer(output)
        if output.dim() > 0 and output.shape[0] > 0:  # ops.divide_no_nan by the batch size
            loss = loss / float(output.shape[0])
        losses.append(loss)
