"""Activation layers on torch tensors: ReLU (max_value, negative_slope, threshold), LeakyReLU, ELU,
PReLU (a learned alpha, shared_axes) and Softmax (an axis or a list of axes). Activation itself is
in layers.py.

Sources: keras/src/layers/activations/relu.py, leaky_relu.py, elu.py, prelu.py, softmax.py,
keras/src/activations/activations.py (ReLU.static_call) and the torch backend ops they reach
(keras/src/backend/torch/nn.py: relu, relu6, leaky_relu, elu, softmax; math.py: logsumexp).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import dtype_policy, shape_to_json


def _number(layer, key, value, allow_none=False):
    if value is None and allow_none:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        expected = "a number >= 0" + (" or null" if allow_none else "")
        raise ValueError(f"{layer.label}: '{key}' must be {expected}; got {value!r}.")
    return value


def keras_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """keras.activations.relu with its options, step by step as ReLU.static_call computes it."""
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return F.leaky_relu(x, negative_slope)
        negative_part = F.relu(-x + threshold) if threshold != 0 else F.relu(-x)
    else:
        negative_part = 1
    clip_max = max_value is not None
    if threshold != 0:
        x = torch.where(x > threshold, x, torch.zeros((), dtype=x.dtype, device=x.device))
    elif max_value == 6:
        x = F.relu6(x)
        clip_max = False
    else:
        x = F.relu(x)
    if clip_max:
        x = torch.clip(x, 0.0, float(max_value))
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


class ReLU(Layer):
    class_name = "ReLU"

    def __init__(self, config):
        super().__init__(config, {"max_value": None, "negative_slope": 0.0, "threshold": 0.0})
        self.max_value = _number(self, "max_value", self.options["max_value"], allow_none=True)
        self.negative_slope = _number(self, "negative_slope", self.options["negative_slope"])
        self.threshold = _number(self, "threshold", self.options["threshold"])

    def call(self, x, training):
        return keras_relu(x, self.negative_slope, self.max_value, self.threshold)

    def layer_config(self):
        return {"max_value": self.max_value, "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(Layer):
    class_name = "LeakyReLU"

    def __init__(self, config):
        config = dict(config)
        if "alpha" in config:  # Keras 2's name for negative_slope (Keras 3 still accepts it)
            config.setdefault("negative_slope", config.pop("alpha"))
        super().__init__(config, {"negative_slope": 0.3})
        self.negative_slope = _number(self, "negative_slope", self.options["negative_slope"])

    def call(self, x, training):
        return F.leaky_relu(x, self.negative_slope)

    def layer_config(self):
        return {"negative_slope": self.negative_slope}


class ELU(Layer):
    class_name = "ELU"

    def __init__(self, config):
        super().__init__(config, {"alpha": 1.0})
        alpha = self.options["alpha"]
        if not isinstance(alpha, (int, float)) or isinstance(alpha, bool):
            raise ValueError(f"{self.label}: 'alpha' must be a number; got {alpha!r}.")
        self.alpha = alpha

    def call(self, x, training):
        return F.elu(x, self.alpha)

    def get_config(self):
        # ELU has no get_config of its own: Keras's automatic config puts its argument after the name.
        return {"name": self.name, "alpha": self.alpha, "trainable": self.trainable, "dtype": dtype_policy()}


class PReLU(Layer):
    class_name = "PReLU"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"alpha_initializer": "Zeros", "alpha_regularizer": None,
                                  "alpha_constraint": None, "shared_axes": None})
        self.alpha_initializer = initializers.get(self.options["alpha_initializer"], f"{self.name}.alpha_initializer")
        shared = self.options["shared_axes"]
        if shared is not None and not isinstance(shared, (list, tuple)):
            shared = [shared]
        if shared is not None and not all(isinstance(a, int) and not isinstance(a, bool) and a >= 1 for a in shared):
            raise ValueError(f"{self.label}: 'shared_axes' must be null or a list of axes >= 1; got {shared!r}.")
        self.shared_axes = None if shared is None else list(shared)
        self.alpha = None

    def build(self, input_shape, device):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            if axis > len(shape):
                raise ValueError(f"{self.label}: 'shared_axes' must name axes 1 to {len(shape)} of the input "
                                 f"{list(input_shape)}; got {self.shared_axes}.")
            shape[axis - 1] = 1
        if any(d is None for d in shape):
            raise ValueError(f"{self.label} needs every non-shared input dimension known; got {list(input_shape)}.")
        self.alpha = self._add_variable("alpha", tuple(shape), self.alpha_initializer, True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        return F.relu(x) + (-self.alpha * F.relu(-x))

    def layer_config(self):
        return {"alpha_initializer": self.alpha_initializer.serialize(), "alpha_regularizer": None,
                "alpha_constraint": None, "shared_axes": self.shared_axes}


class Softmax(Layer):
    class_name = "Softmax"

    def __init__(self, config):
        super().__init__(config, {"axis": -1})
        axis = self.options["axis"]
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if not axes or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(f"{self.label}: 'axis' must be an int or a list of ints; got {axis!r}.")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis

    def build(self, input_shape, device):
        # Keras fails only when called (an IndexError from torch); the axes count the batch axis.
        rank = len(input_shape)
        if not all(-rank <= a < rank for a in (self.axis if isinstance(self.axis, list) else [self.axis])):
            raise ValueError(f"{self.label}: 'axis' must be in [-{rank}, {rank}) for an input of rank {rank} (batch axis "
                             f"included), shape {shape_to_json(input_shape)}; got {self.axis!r}.")
        super().build(input_shape, device)

    def _softmax(self, x):
        if isinstance(self.axis, list):
            if len(self.axis) > 1:
                return torch.exp(x - torch.logsumexp(x, dim=tuple(self.axis), keepdim=True))
            return F.softmax(x, dim=self.axis[0])
        return F.softmax(x, dim=self.axis)

    def call(self, x, training, mask=None):
        if mask is None:
            return self._softmax(x)
        # softmax.py with a mask (torch_engine/masking.py): it must broadcast to the inputs as they stand.
        if mask.dim() > x.dim() or any(m != 1 and m != i for m, i in zip(mask.shape[::-1], x.shape[::-1])):
            raise ValueError(f"{self.label}: the mask must be broadcastable to the inputs (each of its trailing dimensions "
                             f"1 or the input's); got mask shape {tuple(mask.shape)} for inputs of shape {tuple(x.shape)}.")
        return masked_softmax(x, mask, self._softmax)

    def layer_config(self):
        return {"axis": self.axis}


def masked_softmax(x, mask, softmax):
    """softmax.py's masked softmax: masked positions set to -1e9 before, to 0 after (a fully masked axis gives 0s)."""
    mask = mask.bool()
    zero = torch.zeros((), dtype=x.dtype, device=x.device)
    return torch.where(mask, softmax(torch.where(mask, x, zero - 1e9)), zero)


ACTIVATION_LAYER_CLASSES = (ReLU, LeakyReLU, ELU, PReLU, Softmax)
