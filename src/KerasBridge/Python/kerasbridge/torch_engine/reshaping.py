"""Reshaping layers on torch tensors: Reshape (with one -1), Permute, RepeatVector, UpSampling1D/2D/3D
(nearest; 2D also bilinear and bicubic), ZeroPadding1D/2D/3D and Cropping1D/2D/3D. Flatten is in
layers.py. None has variables; their get_config keys and order are Keras's.

Sources: keras/src/layers/reshaping/reshape.py, permute.py, repeat_vector.py, up_sampling1d.py,
up_sampling2d.py, up_sampling3d.py, zero_padding1d.py, zero_padding2d.py, zero_padding3d.py, cropping1d.py,
cropping2d.py, cropping3d.py,
keras/src/ops/operation_utils.py (compute_reshape_output_shape) and keras/src/backend/torch/image.py
(resize: F.interpolate with align_corners=False, no antialias).
"""

import math

import torch.nn.functional as F

from kerasbridge.torch_engine.conv_utils import int_tuple, positive_int, spatial_dims, to_channels_first, to_channels_last
from kerasbridge.torch_engine.layers import Layer, _check_data_format
from kerasbridge.torch_engine.serialization import shape_to_json


class Reshape(Layer):
    class_name = "Reshape"

    def __init__(self, config):
        super().__init__(config, {"target_shape": None})
        target = self.options["target_shape"]
        if not isinstance(target, (list, tuple)) or not all(isinstance(d, int) and not isinstance(d, bool) for d in target):
            raise ValueError(f"{self.label}: 'target_shape' must be a list of ints; got {target!r}.")
        if sum(1 for d in target if d == -1) > 1 or any(d == 0 or d < -1 for d in target):
            raise ValueError(
                f"{self.label}: 'target_shape' must hold positive sizes and at most one -1; got {list(target)}."
            )
        self.target_shape = tuple(target)

    def compute_output_shape(self, input_shape):
        dims = input_shape[1:]
        if -1 not in self.target_shape:
            known = None if any(d is None for d in dims) else math.prod(dims)
            if known is not None and known != math.prod(self.target_shape):
                raise ValueError(
                    f"{self.label}: cannot reshape an input of shape {shape_to_json(input_shape)} to "
                    f"{list(self.target_shape)}."
                )
            return (input_shape[0],) + self.target_shape
        if any(d is None for d in dims):
            return (input_shape[0],) + tuple(None if d == -1 else d for d in self.target_shape)
        rest = math.prod(d for d in self.target_shape if d != -1)
        total = math.prod(dims)
        if total % rest:
            raise ValueError(
                f"{self.label}: cannot reshape an input of shape {shape_to_json(input_shape)} to "
                f"{list(self.target_shape)}."
            )
        return (input_shape[0],) + tuple(total // rest if d == -1 else d for d in self.target_shape)

    def call(self, x, training):
        return x.reshape((x.shape[0],) + self.target_shape)

    def layer_config(self):
        return {"target_shape": list(self.target_shape)}


class Permute(Layer):
    class_name = "Permute"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"dims": None})
        dims = self.options["dims"]
        if not isinstance(dims, (list, tuple)) or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                f"{self.label}: 'dims' must be a permutation of 1..n (the batch axis is not permuted); got {dims!r}."
            )
        self.dims = tuple(dims)

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (len(self.dims) + 1,), "an")
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def call(self, x, training):
        return x.permute(0, *self.dims)

    def layer_config(self):
        return {"dims": list(self.dims)}


class RepeatVector(Layer):
    class_name = "RepeatVector"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"n": None})
        self.n = positive_int(self, "n", self.options["n"])

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (2,), "a 2D")
        return (input_shape[0], self.n, input_shape[1])

    def call(self, x, training):
        return x.unsqueeze(1).repeat_interleave(self.n, dim=1)

    def layer_config(self):
        return {"n": self.n}


class _Spatial(Layer):
    """Base of the padding, cropping and upsampling layers: rank and data_format handling."""

    has_build_config = True
    rank = 2
    has_data_format = True

    def _init_format(self):
        self.data_format = _check_data_format(self, self.options.get("data_format")) if self.has_data_format \
            else "channels_last"

    def _axis(self, i):
        return 1 + i if self.data_format == "channels_last" else 2 + i

    def _new_shape(self, input_shape, sizes):
        self._require_rank(input_shape, (self.rank + 2,), f"a {self.rank + 2}D")
        shape = list(input_shape)
        for i, size in enumerate(sizes):
            shape[self._axis(i)] = size
        return tuple(shape)


def _pairs(layer, key, value, rank):
    """((before, after), ...) per spatial axis from an int, a pair per axis, or (for rank 1) one pair."""
    if rank == 1:
        return (int_tuple(layer, key, value, 2, minimum=0),)
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value] * rank
    if not isinstance(value, (list, tuple)) or len(value) != rank:
        raise ValueError(f"{layer.label}: '{key}' must be an int or a list of {rank} pairs of ints; got {value!r}.")
    return tuple(int_tuple(layer, key, v, 2, minimum=0) for v in value)


class ZeroPadding(_Spatial):
    def __init__(self, config):
        super().__init__(config, {"padding": 1, "data_format": None})
        self._init_format()
        self.padding = _pairs(self, "padding", self.options["padding"], self.rank)

    def compute_output_shape(self, input_shape):
        dims = spatial_dims(input_shape, self.data_format)
        return self._new_shape(input_shape, [None if d is None else d + sum(p) for d, p in zip(dims, self.padding)])

    def call(self, x, training):
        pads = []
        for i in reversed(range(x.dim())):
            index = i - self._axis(0)
            pads.extend(self.padding[index] if 0 <= index < self.rank else (0, 0))
        return F.pad(x, pads)

    def layer_config(self):
        padding = list(self.padding[0]) if self.rank == 1 else [list(p) for p in self.padding]
        return {"padding": padding, "data_format": self.data_format}


class ZeroPadding1D(ZeroPadding):
    class_name = "ZeroPadding1D"
    rank = 1


class ZeroPadding2D(ZeroPadding):
    class_name = "ZeroPadding2D"
    rank = 2


class ZeroPadding3D(ZeroPadding):
    class_name = "ZeroPadding3D"
    rank = 3


class Cropping(_Spatial):
    default_cropping = ((0, 0), (0, 0))  # Cropping1D's is (1, 1), Cropping3D's ((1, 1),) * 3

    def __init__(self, config):
        options = {"cropping": self.default_cropping}
        if self.has_data_format:
            options["data_format"] = None
        super().__init__(config, options)
        self._init_format()
        self.cropping = _pairs(self, "cropping", self.options["cropping"], self.rank)

    def compute_output_shape(self, input_shape):
        dims = spatial_dims(input_shape, self.data_format)
        for d, c in zip(dims, self.cropping):
            if d is not None and sum(c) >= d:
                raise ValueError(
                    f"{self.label}: cropping {[list(c) for c in self.cropping]} removes the whole input "
                    f"{shape_to_json(input_shape)}."
                )
        return self._new_shape(input_shape, [None if d is None else d - sum(c) for d, c in zip(dims, self.cropping)])

    def call(self, x, training):
        index = [slice(None)] * x.dim()
        for i, (before, after) in enumerate(self.cropping):
            index[self._axis(i)] = slice(before, x.shape[self._axis(i)] - after)
        return x[tuple(index)]

    def layer_config(self):
        if self.rank == 1:
            return {"cropping": list(self.cropping[0])}
        return {"cropping": [list(c) for c in self.cropping], "data_format": self.data_format}


class Cropping1D(Cropping):
    class_name = "Cropping1D"
    rank = 1
    has_data_format = False
    default_cropping = (1, 1)


class Cropping2D(Cropping):
    class_name = "Cropping2D"
    rank = 2


class Cropping3D(Cropping):
    class_name = "Cropping3D"
    rank = 3
    default_cropping = ((1, 1),) * 3


class UpSampling1D(_Spatial):
    class_name = "UpSampling1D"
    rank = 1
    has_data_format = False

    def __init__(self, config):
        super().__init__(config, {"size": 2})
        self._init_format()
        self.size = positive_int(self, "size", self.options["size"])

    def compute_output_shape(self, input_shape):
        d = input_shape[1] if len(input_shape) == 3 else None
        return self._new_shape(input_shape, [None if d is None else d * self.size])

    def call(self, x, training):
        return _repeat_each(x, self.size, 1)

    def layer_config(self):
        return {"size": self.size}


_RESIZE_MODES = {"bilinear": "bilinear", "bicubic": "bicubic"}


class _UpSampling(_Spatial):
    """UpSampling2D / 3D: a factor per spatial axis; 'nearest' repeats each row (Keras's ops.repeat per axis)."""

    _EXTRA_OPTIONS = {}

    def __init__(self, config):
        super().__init__(config, {"size": (2,) * self.rank, "data_format": None, **self._EXTRA_OPTIONS})
        self._init_format()
        self.size = int_tuple(self, "size", self.options["size"], self.rank)

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"a {self.rank + 2}D")
        dims = spatial_dims(input_shape, self.data_format)
        return self._new_shape(input_shape, [None if d is None else d * s for d, s in zip(dims, self.size)])

    def call(self, x, training):
        for i, times in enumerate(self.size):
            x = _repeat_each(x, times, self._axis(i))
        return x

    def layer_config(self):
        return {"size": list(self.size), "data_format": self.data_format}


class UpSampling2D(_UpSampling):
    class_name = "UpSampling2D"
    rank = 2
    _EXTRA_OPTIONS = {"interpolation": "nearest"}

    def __init__(self, config):
        super().__init__(config)
        interpolation = str(self.options["interpolation"]).lower()
        if interpolation != "nearest" and interpolation not in _RESIZE_MODES:
            raise ValueError(
                f"{self.label}: 'interpolation' must be one of 'nearest', 'bilinear', 'bicubic' on the PyTorch "
                f"engine; got {self.options['interpolation']!r}."
            )
        self.interpolation = interpolation

    def call(self, x, training):
        if self.interpolation == "nearest":
            return super().call(x, training)
        # Keras resizes channels-last images, which its torch backend permutes to channels first.
        x = to_channels_first(x, self.data_format)
        size = (x.shape[2] * self.size[0], x.shape[3] * self.size[1])
        y = F.interpolate(x, size=size, mode=_RESIZE_MODES[self.interpolation], align_corners=False)
        return to_channels_last(y, self.data_format)

    def layer_config(self):
        return {**super().layer_config(), "interpolation": self.interpolation}


class UpSampling3D(_UpSampling):
    """keras.layers.UpSampling3D (up_sampling3d.py): nearest only, as in Keras."""

    class_name = "UpSampling3D"
    rank = 3


def _repeat_each(x, times, dim):
    """x.repeat_interleave(times, dim) (Keras's nearest upsampling: ops.repeat) written as unsqueeze/expand/flatten:
    the same values, and torch 1.13's ONNX export keeps the batch dimension dynamic (its repeat_interleave export
    bakes in the traced batch size)."""
    if times == 1:
        return x
    shape = [-1] * (x.dim() + 1)
    shape[dim + 1] = times
    return x.unsqueeze(dim + 1).expand(*shape).flatten(dim, dim + 1)


RESHAPING_CLASSES = (Reshape, Permute, RepeatVector, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D,
                     Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D)
