"""Normalization layers on torch tensors: BatchNormalization, LayerNormalization, GroupNormalization,
UnitNormalization, RMSNormalization.

Sources: keras/src/layers/normalization/batch_normalization.py, layer_normalization.py, group_normalization.py,
unit_normalization.py, rms_normalization.py and the torch backend ops they call (keras/src/backend/torch/nn.py
moments, keras/src/ops/nn.py normalize and rms_normalization).
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


def _moments(x, axes):
    """Keras's torch moments (keras/src/backend/torch/nn.py): the biased variance computed as E[x^2] - E[x]^2."""
    mean = torch.mean(x, dim=axes, keepdim=True)
    return mean, torch.mean(torch.square(x), dim=axes, keepdim=True) - torch.square(mean)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _axis_option(layer, axis):
    """Keras's `axis` option of the layers normalizing over one or several axes: an int or a list of ints."""
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not axes or not all(_is_int(a) for a in axes):
        raise ValueError(f"{layer.label}: 'axis' must be an int or a list of ints; got {axis!r}.")
    return axis if isinstance(axis, int) else list(axis)


def _number(layer, option, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"{layer.label}: '{option}' must be a number; got {value!r}.")
    return float(value)


def _epsilon(layer, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < math.inf:
        raise ValueError(f"{layer.label}: 'epsilon' must be a number >= 0; got {value!r}.")
    return float(value)


def _positions(layer, axis, input_shape):
    """`axis` (an int or a list) as non-negative positions in its order, each in range and named once."""
    rank = len(input_shape)
    axes = axis if isinstance(axis, list) else [axis]
    if not all(-rank <= a < rank for a in axes):
        raise ValueError(f"{layer.label}: axis {axis} is out of range for input shape {shape_to_json(input_shape)}.")
    positions = [a % rank for a in axes]
    if len(set(positions)) != len(positions):
        raise ValueError(f"{layer.label}: axis {axis} names an axis twice for input shape {shape_to_json(input_shape)}.")
    return positions


def _trailing_shape(layer, positions, input_shape):
    """The sizes of the axes at `positions` (in that order), which must be the input's trailing axes, as
    F.layer_norm and F.rms_norm (what Keras's torch backend calls) normalize over."""
    rank = len(input_shape)
    if positions != list(range(rank - len(positions), rank)) or 0 in positions:
        raise ValueError(
            f"{layer.label}: only normalizing over the trailing axes is supported by the PyTorch engine; got axis "
            f"{layer.axis} for input shape {shape_to_json(input_shape)}.")
    shape = tuple(input_shape[p] for p in positions)
    if None in shape:
        raise ValueError(f"{layer.label}: the normalized axes must have known sizes; got input shape {shape_to_json(input_shape)}.")
    return shape


def _beta_gamma_config(layer):
    """The initializer, regularizer and constraint entries of beta and gamma, in Keras's order (LayerNormalization,
    GroupNormalization); the base Layer.get_config fills the regularizers and constraints in."""
    return {
        "beta_initializer": layer.beta_initializer.serialize(),
        "gamma_initializer": layer.gamma_initializer.serialize(),
        "beta_regularizer": None,
        "gamma_regularizer": None,
        "beta_constraint": None,
        "gamma_constraint": None,
    }


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
        self.momentum = _number(self, "momentum", self.options["momentum"])
        self.epsilon = _number(self, "epsilon", self.options["epsilon"])  # any number, as Keras takes
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
                mean, variance = _moments(x, self._reduction_axes)
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
        self.axis = _axis_option(self, self.options["axis"])
        self.epsilon = _number(self, "epsilon", self.options["epsilon"])  # any number, as Keras takes
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        if self.options["rms_scaling"]:
            raise ValueError(f"{self.label}: rms_scaling=True is not supported by the PyTorch engine.")
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        self.gamma = None
        self.beta = None

    def build(self, input_shape, device):
        self._normalized_shape = _trailing_shape(self, sorted(_positions(self, self.axis, input_shape)), input_shape)
        if self.scale:
            self.gamma = self._add_variable("gamma", self._normalized_shape, self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", self._normalized_shape, self.beta_initializer, True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        return F.layer_norm(x, self._normalized_shape, self.gamma, self.beta, self.epsilon)

    def layer_config(self):
        return {"axis": self.axis, "epsilon": self.epsilon, "center": self.center, "scale": self.scale,
                "rms_scaling": False, **_beta_gamma_config(self)}




class GroupNormalization(Layer):
    """keras/src/layers/normalization/group_normalization.py: the channels of `axis` split into `groups`; each
    sample's group normalized with Keras's torch moments, then gamma and beta per channel, in Keras's order of
    operations: inv = rsqrt(var + eps) * gamma; x * inv + (beta - mean * inv)."""

    class_name = "GroupNormalization"
    has_build_config = True
    _OPTIONS = {
        "groups": 32, "axis": -1, "epsilon": 1e-3, "center": True, "scale": True,
        "beta_initializer": "zeros", "gamma_initializer": "ones", "beta_regularizer": None,
        "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        groups = self.options["groups"]
        if not _is_int(groups) or (groups <= 0 and groups != -1):
            raise ValueError(
                f"{self.label}: 'groups' must be a positive int, or -1 for one group per channel; got {groups!r}.")
        self.groups = groups
        if not _is_int(self.options["axis"]):
            raise ValueError(f"{self.label}: 'axis' must be an int (Keras groups the channels of one axis); "
                             f"got {self.options['axis']!r}.")
        self.axis = self.options["axis"]
        self.epsilon = _epsilon(self, self.options["epsilon"])
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        self.gamma = None
        self.beta = None

    def build(self, input_shape, device):
        (position,) = _positions(self, self.axis, input_shape)
        if position == 0:
            raise ValueError(f"{self.label}: axis {self.axis} is the batch axis; group the channels of another axis.")
        channels = input_shape[position]
        if channels is None:
            raise ValueError(f"{self.label}: axis {self.axis} must have a known size; got input shape {shape_to_json(input_shape)}.")
        groups = channels if self.groups == -1 else self.groups
        if channels % groups:
            raise ValueError(f"{self.label}: the number of channels on axis {self.axis} ({channels}) must be a multiple "
                             f"of 'groups' ({groups}).")
        # Keras's build resolves groups=-1 to the channel count, which get_config then writes.
        self.groups = groups
        rank = len(input_shape)
        self._position = position
        # The grouped input has the groups at `position` and the channels of a group after them.
        self._reduction_axes = tuple(i for i in range(1, rank + 1) if i != position)
        self._broadcast_shape = (1,) * position + (groups, channels // groups) + (1,) * (rank - position - 1)
        if self.scale:
            self.gamma = self._add_variable("gamma", (channels,), self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", (channels,), self.beta_initializer, True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        p = self._position
        grouped = x.reshape(x.shape[:p] + (self.groups, x.shape[p] // self.groups) + x.shape[p + 1:])
        mean, variance = _moments(grouped, self._reduction_axes)
        inv = torch.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inv = inv * self.gamma.reshape(self._broadcast_shape)
        res = -mean * inv
        if self.beta is not None:
            res = res + self.beta.reshape(self._broadcast_shape)
        return (grouped * inv + res).reshape(x.shape)

    def layer_config(self):
        return {"groups": self.groups, "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, **_beta_gamma_config(self)}


class UnitNormalization(Layer):
    """keras/src/layers/normalization/unit_normalization.py: ops.normalize(x, axis, order=2, epsilon=1e-12), which
    keras/src/ops/nn.py computes as x * minimum(rsqrt(sum(square(x), axis)), 1 / epsilon). Built at construction
    (no build_config)."""

    class_name = "UnitNormalization"
    _EPSILON = 1e-12

    def __init__(self, config):
        super().__init__(config, {"axis": -1})
        self.axis = _axis_option(self, self.options["axis"])

    def build(self, input_shape, device):
        self._dims = tuple(_positions(self, self.axis, input_shape))
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        _positions(self, self.axis, input_shape)
        return tuple(input_shape)

    def call(self, x, training):
        inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=self._dims, keepdim=True))
        return x * torch.clamp(inv_norm, max=1.0 / self._EPSILON)

    def layer_config(self):
        return {"axis": self.axis}


# torch >= 2.4; Keras's torch backend calls it for trailing axes, older torch runs Keras's generic formula.
_RMS_NORM = getattr(F, "rms_norm", None)


class RMSNormalization(Layer):
    """keras/src/layers/normalization/rms_normalization.py with ops.rms_normalization (keras/src/ops/nn.py):
    x * rsqrt(mean(square(x), axis) + epsilon) * scale. Keras's torch backend runs F.rms_norm, which normalizes over
    the trailing axes, so only trailing axes are taken. The `scale` weight has the normalized axes' shape."""

    class_name = "RMSNormalization"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"axis": -1, "epsilon": 1e-6})
        self.axis = _axis_option(self, self.options["axis"])
        epsilon = self.options["epsilon"]
        self.epsilon = None if epsilon is None else _epsilon(self, epsilon)
        # epsilon None is backend.epsilon() in ops.rms_normalization.
        self._eps = 1e-7 if epsilon is None else self.epsilon
        self.scale = None

    def build(self, input_shape, device):
        # Keras sorts the axes as given and keeps them as a list, which get_config then writes.
        axes = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        self._normalized_shape = _trailing_shape(self, _positions(self, axes, input_shape), input_shape)
        self._dims = tuple(range(-len(axes), 0))
        self.axis = axes
        self.scale = self._add_variable("scale", self._normalized_shape, initializers.get("ones", f"{self.name}.scale"),
                                        True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        _positions(self, self.axis, input_shape)
        return tuple(input_shape)

    def call(self, x, training):
        if _RMS_NORM is not None:
            return _RMS_NORM(x, self._normalized_shape, self.scale, self._eps)
        rrms = torch.rsqrt(torch.mean(torch.square(x), dim=self._dims, keepdim=True) + self._eps)
        return x * rrms * self.scale

    def layer_config(self):
        return {"axis": self.axis, "epsilon": self.epsilon}


NORMALIZATION_CLASSES = (BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization)
