"""Keras's preprocessing layers on torch tensors: Rescaling, Normalization, Resizing, CenterCrop.

Sources: keras/src/layers/preprocessing/rescaling.py (`x * scale + offset`), normalization.py
(`(x - mean) / max(sqrt(variance), 1e-7)`, or `mean + x * max(...)` when invert; the statistics come
from the config's mean/variance, or from the variables mean, variance, count that `adapt` fills:
numpy's mean and variance over every axis but `axis`), image_preprocessing/resizing.py and
center_crop.py with the torch backend's image.resize (keras/src/backend/torch/image.py): NHWC is
permuted to NCHW, cropped or padded to the target aspect ratio with Keras's integer arithmetic, then
F.interpolate (bilinear with align_corners=False, "nearest" as torch's "nearest-exact", bicubic)
without antialiasing unless asked. CenterCrop crops when the input is at least the target size,
otherwise it is Keras's smart_resize (crop to the aspect ratio, then bilinear resize).
"""

import numpy as np
import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.layers import Layer, _check_data_format
from kerasbridge.torch_engine.serialization import shape_to_json, standardize_shape

_EPSILON = 1e-7  # keras.config.epsilon()
_INTERPOLATIONS = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}


def _number_or_array(layer, key, value):
    """A float, a list of floats, or Keras's {"class_name": "__numpy__", ...} encoding of an array."""
    raw = value
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        value = (value.get("config") or {}).get("value")
    try:
        array = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError):
        array = None
    if value is None or array is None or array.dtype.kind != "f":
        raise ValueError(f"{layer.label}: '{key}' must be a number or a list of numbers; got {raw!r}.")
    return raw, array


class Rescaling(Layer):
    class_name = "Rescaling"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"scale": None, "offset": 0.0})
        self.scale_config, scale = _number_or_array(self, "scale", self.options["scale"])
        self.offset_config, offset = _number_or_array(self, "offset", self.options["offset"])
        self.scale = torch.from_numpy(scale)
        self.offset = torch.from_numpy(offset)

    def call(self, x, training):
        if self.scale.device != x.device:
            self.scale, self.offset = self.scale.to(x.device), self.offset.to(x.device)
        return x * self.scale + self.offset

    def layer_config(self):
        return {"scale": self.scale_config, "offset": self.offset_config}


def _int_zeros(shape, device):
    return torch.zeros(shape, dtype=torch.int32, device=device)


class Normalization(Layer):
    class_name = "Normalization"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"axis": -1, "mean": None, "variance": None, "invert": False})
        axis = self.options["axis"]
        axis = () if axis is None else ((axis,) if isinstance(axis, int) else tuple(axis))
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            raise ValueError(f"{self.label}: 'axis' must be an int, a list of ints or null; got {self.options['axis']!r}.")
        self.axis = axis
        self.invert = bool(self.options["invert"])
        self.input_mean, self.input_variance = self.options["mean"], self.options["variance"]
        if (self.input_mean is None) != (self.input_variance is None):
            raise ValueError(f"{self.label}: 'mean' and 'variance' must both be given or both be null; got "
                             f"mean={self.input_mean!r}, variance={self.input_variance!r}.")
        if self.input_mean is not None:
            if np.shape(self.input_mean) != np.shape(self.input_variance):
                raise ValueError(f"{self.label}: 'mean' and 'variance' must have the same shape; got "
                                 f"{list(np.shape(self.input_mean))} and {list(np.shape(self.input_variance))}.")
            if len(np.shape(self.input_mean)) > len(self.axis):
                raise ValueError(f"{self.label}: 'mean' has more dimensions than 'axis' has axes.")
        self.file_build_shape = None
        self.adapt_mean = self.adapt_variance = self.count = None
        self._mean = self._variance = None

    def read_build_config(self, build_config):
        """Keras writes the shape the layer was built with, which may be adapt()'s data shape."""
        shape = (build_config or {}).get("input_shape")
        self.file_build_shape = standardize_shape(shape, "build_config.input_shape") if shape else None

    def build(self, input_shape, device):
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(f"{self.label}: axis {list(self.axis)} is out of range for input shape "
                             f"{shape_to_json(input_shape)}.")
        self._keep = tuple(sorted(a % ndim for a in self.axis))
        for a in self._keep:
            if input_shape[a] is None:
                raise ValueError(f"{self.label}: the kept axes must have known sizes; got input shape "
                                 f"{shape_to_json(input_shape)}.")
        self._reduce = tuple(d for d in range(ndim) if d not in self._keep)
        self._broadcast = [input_shape[d] if d in self._keep else 1 for d in range(ndim)]
        shape = tuple(input_shape[d] for d in self._keep)
        if self.input_mean is None:
            self.adapt_mean = self._add_variable("mean", shape, lambda s, d: torch.zeros(s, device=d), False, device)
            self.adapt_variance = self._add_variable("variance", shape, lambda s, d: torch.ones(s, device=d), False,
                                                     device)
            self.count = self._add_variable("count", (), _int_zeros, False, device)
        else:
            # Normalization.build: a scalar broadcasts; otherwise the trailing kept axes take the values.
            mean = torch.as_tensor(np.asarray(self.input_mean, dtype=np.float32), device=device)
            variance = torch.as_tensor(np.asarray(self.input_variance, dtype=np.float32), device=device)
            if mean.dim() > 0:
                expanded = [1] * ndim
                for i in range(1, mean.dim() + 1):
                    expanded[self._keep[-i]] = mean.shape[-i]
                mean, variance = mean.reshape(expanded), variance.reshape(expanded)
            self._mean = mean.expand(self._broadcast)
            self._variance = variance.expand(self._broadcast)
        super().build(input_shape, device)

    def adapt(self, data):
        """Normalization.adapt on an array: numpy's mean and (biased) variance over the reduced axes."""
        data = np.asarray(data, dtype=np.float32)
        if not self.built:
            raise ValueError(f"{self.label}: build the model before adapt.")
        if self.input_mean is not None:
            raise ValueError(f"{self.label}: adapt needs a layer without mean/variance in its config.")
        expected = self.input_shape
        if data.ndim != len(expected) or any(data.shape[a] != expected[a] for a in self._keep):
            raise ValueError(f"{self.label}: adapt data must have shape {shape_to_json(expected)} on the kept axes; "
                             f"got {list(data.shape)}.")
        with torch.no_grad():
            self.adapt_mean.copy_(torch.from_numpy(np.asarray(np.mean(data, axis=self._reduce), dtype=np.float32)))
            self.adapt_variance.copy_(torch.from_numpy(np.asarray(np.var(data, axis=self._reduce), dtype=np.float32)))

    def call(self, x, training):
        if self.input_mean is None:
            mean, variance = self.adapt_mean.reshape(self._broadcast), self.adapt_variance.reshape(self._broadcast)
        else:
            mean, variance = self._mean, self._variance
        spread = torch.clamp(torch.sqrt(variance), min=_EPSILON)
        if self.invert:
            return mean + x * spread
        return (x - mean) / spread

    def serialize(self):
        entry = super().serialize()
        if self.built and self.file_build_shape is not None:
            entry["build_config"] = {"input_shape": shape_to_json(self.file_build_shape)}
        return entry

    def layer_config(self):
        return {"axis": list(self.axis), "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(), "variance": np.array(self.input_variance).tolist()}


def _positive_int(layer, key):
    value = layer.options[key]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{layer.label}: '{key}' must be a positive int; got {value!r}.")
    return value


class _ImageLayer(Layer):
    has_build_config = True

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def build(self, input_shape, device):
        self._require_rank(input_shape, (4,), "a batch of images (batch, height, width, channels)")
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h, w = self._axes()
        shape[h], shape[w] = self.height, self.width
        return tuple(shape)

    def _resize(self, images, interpolation, crop, pad, fill_value=0.0, antialias=False):
        """keras/src/backend/torch/image.py resize for a float batch."""
        if self.data_format == "channels_last":
            images = images.permute(0, 3, 1, 2)
        height, width = images.shape[-2], images.shape[-1]
        th, tw = self.height, self.width
        if crop:
            ch = max(min(height, int(float(width * th) / tw)), 1)
            cw = max(min(width, int(float(height * tw) / th)), 1)
            hs, ws = int(float(height - ch) / 2), int(float(width - cw) / 2)
            images = images[:, :, hs:hs + ch, ws:ws + cw]
        elif pad:
            ph = max(height, int(float(width * th) / tw))
            pw = max(width, int(float(height * tw) / th))
            hs, ws = int(float(ph - height) / 2), int(float(pw - width) / 2)
            batch, channels = images.shape[0], images.shape[1]
            if hs > 0:
                band = torch.ones((batch, channels, hs, width), dtype=images.dtype, device=images.device) * fill_value
                images = torch.cat([band, images, band], 2)
            if ws > 0:
                band = torch.ones((batch, channels, height, ws), dtype=images.dtype, device=images.device) * fill_value
                images = torch.cat([band, images, band], 3)
        if antialias and interpolation not in ("bilinear", "bicubic"):
            antialias = False
        align = False if interpolation in ("bilinear", "bicubic") else None
        out = F.interpolate(images, size=(th, tw), mode=_INTERPOLATIONS[interpolation], align_corners=align,
                            antialias=antialias)
        return out.permute(0, 2, 3, 1) if self.data_format == "channels_last" else out


class Resizing(_ImageLayer):
    class_name = "Resizing"
    _OPTIONS = {
        "height": None, "width": None, "interpolation": "bilinear", "crop_to_aspect_ratio": False,
        "pad_to_aspect_ratio": False, "fill_mode": "constant", "fill_value": 0.0, "antialias": False,
        "data_format": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.height, self.width = _positive_int(self, "height"), _positive_int(self, "width")
        if o["interpolation"] not in _INTERPOLATIONS:
            raise ValueError(f"{self.label}: 'interpolation' must be one of {', '.join(_INTERPOLATIONS)} on the "
                             f"PyTorch engine; got {o['interpolation']!r}.")
        self.interpolation = o["interpolation"]
        self.crop_to_aspect_ratio = bool(o["crop_to_aspect_ratio"])
        self.pad_to_aspect_ratio = bool(o["pad_to_aspect_ratio"])
        if self.crop_to_aspect_ratio and self.pad_to_aspect_ratio:
            raise ValueError(f"{self.label}: only one of 'pad_to_aspect_ratio' and 'crop_to_aspect_ratio' can be true.")
        if o["fill_mode"] != "constant":
            raise ValueError(f"{self.label}: 'fill_mode' must be 'constant'; got {o['fill_mode']!r}.")
        fill = o["fill_value"]
        if not isinstance(fill, (int, float)) or isinstance(fill, bool):
            raise ValueError(f"{self.label}: 'fill_value' must be a number; got {fill!r}.")
        self.fill_value = fill
        self.antialias = bool(o["antialias"])
        self.data_format = _check_data_format(self, o["data_format"])

    def call(self, x, training):
        return self._resize(x, self.interpolation, self.crop_to_aspect_ratio, self.pad_to_aspect_ratio,
                            self.fill_value, self.antialias)

    def layer_config(self):
        return {
            "data_format": self.data_format, "height": self.height, "width": self.width,
            "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": "constant",
            "fill_value": self.fill_value, "antialias": self.antialias,
        }


class CenterCrop(_ImageLayer):
    class_name = "CenterCrop"

    def __init__(self, config):
        super().__init__(config, {"height": None, "width": None, "data_format": None})
        self.height, self.width = _positive_int(self, "height"), _positive_int(self, "width")
        self.data_format = _check_data_format(self, self.options["data_format"])

    def call(self, x, training):
        h, w = self._axes()
        h_diff, w_diff = x.shape[h] - self.height, x.shape[w] - self.width
        if h_diff >= 0 and w_diff >= 0:
            hs, ws = h_diff // 2, w_diff // 2
            if self.data_format == "channels_last":
                return x[:, hs:hs + self.height, ws:ws + self.width, :]
            return x[:, :, hs:hs + self.height, ws:ws + self.width]
        # image_utils.smart_resize: the centered crop with the target aspect ratio, resized bilinearly.
        return self._resize(x, "bilinear", True, False)

    def layer_config(self):
        return {"data_format": self.data_format, "height": self.height, "width": self.width}


PREPROCESSING_CLASSES = (Rescaling, Normalization, Resizing, CenterCrop)
