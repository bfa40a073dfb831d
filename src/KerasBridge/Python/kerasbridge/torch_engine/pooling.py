"""Pooling layers on torch tensors: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D, the global poolings
GlobalMaxPooling1D/2D/3D, GlobalAveragePooling1D/2D/3D and the adaptive poolings AdaptiveMaxPooling1D/2D/3D,
AdaptiveAveragePooling1D/2D/3D. The base classes own the options, checks, output shape, call and
get_config order; a concrete layer only names itself, its rank and its mode.

'same' padding follows Keras's torch backend: an even split goes to the torch op (average pooling
then leaves the padded cells out of the count), an uneven one is applied first by replicating the
edge cells (which average pooling then counts, unlike TensorFlow).

Sources: keras/src/layers/pooling/base_pooling.py, base_global_pooling.py, base_adaptive_pooling.py,
max_pooling2d.py, max_pooling3d.py, average_pooling1d.py, average_pooling3d.py, global_max_pooling3d.py,
global_average_pooling1d.py, adaptive_average_pooling1d.py, adaptive_max_pooling3d.py and
keras/src/backend/torch/nn.py (max_pool, average_pool, _apply_same_padding, adaptive_average_pool,
adaptive_max_pool).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.conv_utils import (
    apply_same_padding,
    channel_count,
    check_padding,
    check_positive_output,
    int_tuple,
    output_length,
    spatial_dims,
    to_channels_first,
    to_channels_last,
    with_spatial,
)
from kerasbridge.torch_engine.layers import Layer, _check_data_format

_MAX_OPS = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_OPS = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE_OPS = {
    "max": {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d},
    "average": {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d},
}


class BasePooling(Layer):
    rank = 2
    mode = "max"  # or "average"
    default_pool_size = 2  # AveragePooling*D has no default: None makes pool_size required

    def __init__(self, config):
        super().__init__(config, {"pool_size": self.default_pool_size, "strides": None, "padding": "valid",
                                  "data_format": None})
        self.pool_size = int_tuple(self, "pool_size", self.options["pool_size"], self.rank)
        strides = self.options["strides"]
        self.strides = self.pool_size if strides is None else int_tuple(self, "strides", strides, self.rank)
        self.padding = check_padding(self, self.options["padding"])
        self.data_format = _check_data_format(self, self.options["data_format"])

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D pooling")
        out = tuple(output_length(n, self.pool_size[i], self.strides[i], self.padding)
                    for i, n in enumerate(spatial_dims(input_shape, self.data_format)))
        check_positive_output(self, input_shape, out, f"pool_size {list(self.pool_size)}")
        channels = channel_count(input_shape, self.data_format)
        return with_spatial(input_shape, out, channels, self.data_format)

    def call(self, x, training):
        x = to_channels_first(x, self.data_format)
        padding = 0
        if self.padding == "same":
            x, padding = apply_same_padding(x, self.pool_size, self.strides, None, pooling=True)
        if self.mode == "max":
            y = _MAX_OPS[self.rank](x, self.pool_size, self.strides, padding)
        else:
            y = _AVG_OPS[self.rank](x, self.pool_size, self.strides, padding, count_include_pad=False)
        return to_channels_last(y, self.data_format)

    def layer_config(self):
        return {
            "pool_size": list(self.pool_size),
            "padding": self.padding,
            "strides": list(self.strides),
            "data_format": self.data_format,
        }


class MaxPooling1D(BasePooling):
    class_name = "MaxPooling1D"
    rank = 1


class MaxPooling2D(BasePooling):
    class_name = "MaxPooling2D"
    rank = 2


class MaxPooling3D(BasePooling):
    class_name = "MaxPooling3D"
    rank = 3


class AveragePooling1D(BasePooling):
    class_name = "AveragePooling1D"
    rank = 1
    mode = "average"
    default_pool_size = None


class AveragePooling2D(BasePooling):
    class_name = "AveragePooling2D"
    rank = 2
    mode = "average"
    default_pool_size = None


class AveragePooling3D(BasePooling):
    class_name = "AveragePooling3D"
    rank = 3
    mode = "average"
    default_pool_size = None


class BaseGlobalPooling(Layer):
    rank = 2
    mode = "max"

    def __init__(self, config):
        super().__init__(config, {"data_format": None, "keepdims": False})
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.keepdims = bool(self.options["keepdims"])

    def _axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D pooling")
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def call(self, x, training):
        if self.mode == "max":
            return torch.amax(x, dim=self._axes(), keepdim=self.keepdims)
        return torch.mean(x, dim=self._axes(), keepdim=self.keepdims)

    def layer_config(self):
        return {"data_format": self.data_format, "keepdims": self.keepdims}


class GlobalMaxPooling1D(BaseGlobalPooling):
    class_name = "GlobalMaxPooling1D"
    rank = 1


class GlobalMaxPooling2D(BaseGlobalPooling):
    class_name = "GlobalMaxPooling2D"
    rank = 2


class GlobalMaxPooling3D(BaseGlobalPooling):
    class_name = "GlobalMaxPooling3D"
    rank = 3


class GlobalAveragePooling1D(BaseGlobalPooling):
    """global_average_pooling1d.py: with a mask, the mean over the unmasked steps (masked steps set to 0, summed,
    divided by the number kept); the output has no mask (torch_engine/masking.py)."""

    class_name = "GlobalAveragePooling1D"
    rank = 1
    mode = "average"
    supports_masking = True

    def call(self, x, training, mask=None):
        if mask is None:
            return super().call(x, training)
        steps = 1 if self.data_format == "channels_last" else 2
        keep = mask.bool().unsqueeze(2 if self.data_format == "channels_last" else 1)
        x = torch.where(keep, x, torch.zeros((), dtype=x.dtype, device=x.device))
        return torch.sum(x, dim=steps, keepdim=self.keepdims) / torch.sum(keep.to(x.dtype), dim=steps,
                                                                           keepdim=self.keepdims)

    def compute_mask(self, x, mask):
        return None


class GlobalAveragePooling2D(BaseGlobalPooling):
    class_name = "GlobalAveragePooling2D"
    rank = 2
    mode = "average"


class GlobalAveragePooling3D(BaseGlobalPooling):
    class_name = "GlobalAveragePooling3D"
    rank = 3
    mode = "average"


class BaseAdaptivePooling(Layer):
    """keras.layers.Adaptive{Max,Average}Pooling{1,2,3}D (base_adaptive_pooling.py): torch's adaptive pooling to
    `output_size`, on a channels-first view as Keras's torch backend runs it. Keras builds these lazily, so they
    carry a build_config."""

    has_build_config = True
    rank = 2
    mode = "max"

    def __init__(self, config):
        super().__init__(config, {"output_size": None, "data_format": None})
        self.output_size = int_tuple(self, "output_size", self.options["output_size"], self.rank)
        self.data_format = _check_data_format(self, self.options["data_format"])

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D pooling")
        channels = channel_count(input_shape, self.data_format)
        return with_spatial(input_shape, self.output_size, channels, self.data_format)

    def call(self, x, training):
        y = _ADAPTIVE_OPS[self.mode][self.rank](to_channels_first(x, self.data_format), self.output_size)
        return to_channels_last(y, self.data_format)

    def layer_config(self):
        return {"output_size": list(self.output_size), "data_format": self.data_format}


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    class_name = "AdaptiveMaxPooling1D"
    rank = 1


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    class_name = "AdaptiveMaxPooling2D"
    rank = 2


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    class_name = "AdaptiveMaxPooling3D"
    rank = 3


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    class_name = "AdaptiveAveragePooling1D"
    rank = 1
    mode = "average"


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    class_name = "AdaptiveAveragePooling2D"
    rank = 2
    mode = "average"


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    class_name = "AdaptiveAveragePooling3D"
    rank = 3
    mode = "average"


POOLING_CLASSES = (MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
                   GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, GlobalAveragePooling1D,
                   GlobalAveragePooling2D, GlobalAveragePooling3D, AdaptiveMaxPooling1D, AdaptiveMaxPooling2D,
                   AdaptiveMaxPooling3D, AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D)
