"""Normalization layers on torch tensors: BatchNormalization, LayerNormalization.

Sources: keras/src/layers/normalization/batch_normalization.py, layer_normalization.py.
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers, naming
from kerasbridge.torch_engine.layers import Layer, Variable, _check_dtype  # noqa: F401
from kerasbridge.torch_engine.serialization import (  # noqa: F401
    as_int_tuple,
    dtype_policy,
    keras_object,
    shape_to_json,
    split_identifier,
    standardize_shape,
)


class BatchNormalization(Layer):
    class_name = "BatchNormalization"
    has_build_config = True
    _OPTIONS = {
        "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
        "beta_initializer": "zeros", "gamma_initializer": "ones",
        "moving_mean_initializer": "zeros", "moving_variance_initializer": "ones",
        "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
        "gamma_constraint": None, "synchronized": False, "renorm": False, "renorm_clipping": None,
        "renorm_momentum": 0.99,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        axis = self.options["axis"]
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(f"{self.label}: only a single int 'axis' is supported; got {axis!r}.")
        self.axis = axis
        self.momentum = float(self.options["momentum"])
        self.epsilon = float(self.options["epsilon"])
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        if self.options["renorm"]:
            raise ValueError(f"{self.label}: renorm=True is not supported by the PyTorch engine.")
        self.renorm_momentum = self.options["renorm_momentum"]
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        self.moving_mean_initializer = initializers.get(self.options["moving_mean_initializer"], f"{self.name}.moving_mean_initializer")
        self.moving_variance_initializer = initializers.get(self.options["moving_variance_initializer"], f"{self.name}.moving_variance_initializer")
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    def build(self, input_shape, device):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(f"{self.label}: axis {self.axis} is out of range for input shape {shape_to_json(input_shape)}.")
        self._axis = self.axis % rank
        features = input_shape[self._axis]
        if features is None:
            raise ValueError(f"{self.label}: the normalized axis must have a known size; got input shape {shape_to_json(input_shape)}.")
        self._reduction_axes = tuple(i for i in range(rank) if i != self._axis)
        self._broadcast_shape = tuple(features if i == self._axis else 1 for i in range(rank))
        # Keras creates gamma, beta, moving_mean, moving_variance in this order.
        if self.scale:
            self.gamma = self._add_variable("gamma", (features,), self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", (features,), self.beta_initializer, True, device)
        self.moving_mean = self._add_variable("moving_mean", (features,), self.moving_mean_initializer, False, device)
        self.moving_variance = self._add_variable("moving_variance", (features,), self.moving_variance_initializer, False, device)
        super().build(input_shape, device)

    def _masked_moments(self, x, mask):
        """BatchNormalization._moments with a mask (torch_engine/masking.py): the statistics of the kept positions,
        sum / (count + epsilon), the variance from the differences to that mean."""
        if mask.dim() != x.dim() - 1:
            raise ValueError(f"{self.label}: the mask must have one dimension less than the inputs; got mask shape "
                             f"{tuple(mask.shape)} for inputs of shape {tuple(x.shape)}.")
        keep = torch.broadcast_to(mask.bool().unsqueeze(-1), x.shape)
        zero = torch.zeros((), dtype=x.dtype, device=x.device)
        weights = torch.sum(keep.to(x.dtype), dim=self._reduction_axes, keepdim=True) + 1e-7  # backend.epsilon()
        mean = torch.sum(torch.where(keep, x, zero), dim=self._reduction_axes, keepdim=True) / weights
        difference = torch.where(keep, x - mean, zero)
        return mean, torch.sum(torch.square(difference), dim=self._reduction_axes, keepdim=True) / weights

    def call(self, x, training, mask=None):
        shape = self._broadcast_shape
        if training and self.trainable:
            if mask is not None:
                mean, variance = self._masked_moments(x, mask)
            else:
                # Keras's torch moments: biased variance computed as E[x^2] - E[x]^2.
                mean = torch.mean(x, dim=self._reduction_axes, keepdim=True)
                variance = torch.mean(torch.square(x), dim=self._reduction_axes, keepdim=True) - torch.square(mean)
            with torch.no_grad():
                # moving = moving * momentum + batch_stat * (1 - momentum), with the biased variance.
                self.moving_mean.copy_(self.moving_mean * self.momentum + mean.detach().reshape(-1) * (1.0 - self.momentum))
                self.moving_variance.copy_(
                    self.moving_variance * self.momentum + variance.detach().reshape(-1) * (1.0 - self.momentum)
                )
        else:
            mean = self.moving_mean.reshape(shape)
            variance = self.moving_variance.reshape(shape)
        # Keras's torch batch_normalization: (x - mean) * (rsqrt(var + eps) * gamma) + beta.
        inv = torch.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inv = inv * self.gamma.reshape(shape)
        y = (x - mean) * inv
        if self.beta is not None:
            y = y + self.beta.reshape(shape)
        return y

    def layer_config(self):
        return {
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": self.beta_initializer.serialize(),
            "gamma_initializer": self.gamma_initializer.serialize(),
            "moving_mean_initializer": self.moving_mean_initializer.serialize(),
            "moving_variance_initializer": self.moving_variance_initializer.serialize(),
            "beta_regularizer": None,
            "gamma_regularizer": None,
            "beta_constraint": None,
            "gamma_constraint": None,
            "synchronized": False,
            "renorm": False,
            "renorm_clipping": None,
            "renorm_momentum": self.renorm_momentum,
        }


class LayerNormalization(Layer):
    """keras/src/layers/normalization/layer_normalization.py; the torch backend's ops.layer_normalization
    calls F.layer_norm for contiguous trailing axes, which is what runs here."""

    class_name = "LayerNormalization"
    has_build_config = True
    _OPTIONS = {
        "axis": -1, "epsilon": 1e-3, "center": True, "scale": True, "rms_scaling": False,
        "beta_initializer": "zeros", "gamma_initializer": "ones", "beta_regularizer": None,
        "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        axis = self.options["axis"]
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        if not axes or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(f"{self.label}: 'axis' must be an int or a list of ints; got {axis!r}.")
        self.axis = axis if isinstance(axis, int) else list(axis)
        self.epsilon = float(self.options["epsilon"])
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        if self.options["rms_scaling"]:
            raise ValueError(f"{self.label}: rms_scaling=True is not supported by the PyTorch engine.")
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        self.gamma = None
        self.beta = None

    def build(self, input_shape, device):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if not all(-rank <= a < rank for a in axes):
            raise ValueError(f"{self.label}: axis {self.axis} is out of range for input shape {shape_to_json(input_shape)}.")
        axes = sorted(a % rank for a in axes)
        if axes != list(range(rank - len(axes), rank)) or 0 in axes:
            raise ValueError(
                f"{self.label}: only normalizing over the trailing axes is supported by the PyTorch engine; got axis "
                f"{self.axis} for input shape {shape_to_json(input_shape)}.")
        self._normalized_shape = tuple(input_shape[a] for a in axes)
        if None in self._normalized_shape:
            raise ValueError(f"{self.label}: the normalized axes must have known sizes; got input shape {shape_to_json(input_shape)}.")
        if self.scale:
            self.gamma = self._add_variable("gamma", self._normalized_shape, self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", self._normalized_shape, self.beta_initializer, True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        return F.layer_norm(x, self._normalized_shape, self.gamma, self.beta, self.epsilon)

    def layer_config(self):
        return {
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": False,
            "beta_initializer": self.beta_initializer.serialize(),
            "gamma_initializer": self.gamma_initializer.serialize(),
            "beta_regularizer": None,
            "gamma_regularizer": None,
            "beta_constraint": None,
            "gamma_constraint": None,
        }


