"""Convolution and pooling layers on torch tensors: Conv2D, MaxPooling2D, GlobalAveragePooling2D.

Sources: keras/src/layers/convolutional/base_conv.py, pooling/base_pooling.py,
pooling/base_global_pooling.py and the torch backend ops they call (keras/src/backend/torch/nn.py).
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers, naming
from kerasbridge.torch_engine.layers import (  # noqa: F401
    Layer,
    Variable,
    _check_data_format,
    _check_dtype,
    _check_padding,
    _conv_output_length,
    _regularizers_must_be_null,
    _same_padding,
)
from kerasbridge.torch_engine.serialization import (  # noqa: F401
    as_int_tuple,
    dtype_policy,
    keras_object,
    shape_to_json,
    split_identifier,
    standardize_shape,
)


class Conv2D(Layer):
    class_name = "Conv2D"
    has_build_config = True
    _OPTIONS = {
        "filters": None, "kernel_size": None, "strides": (1, 1), "padding": "valid",
        "data_format": None, "dilation_rate": (1, 1), "groups": 1, "activation": None,
        "use_bias": True, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None,
        "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        filters = self.options["filters"]
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{self.label}: 'filters' must be a positive int; got {filters!r}.")
        self.filters = filters
        if self.options["kernel_size"] is None:
            raise ValueError(f"{self.label}: 'kernel_size' is required.")
        self.kernel_size = as_int_tuple(self.options["kernel_size"], 2, f"{self.name}.kernel_size")
        self.strides = as_int_tuple(self.options["strides"], 2, f"{self.name}.strides")
        self.dilation_rate = as_int_tuple(self.options["dilation_rate"], 2, f"{self.name}.dilation_rate")
        self.padding = _check_padding(self, self.options["padding"])
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.groups = int(self.options["groups"])
        if self.groups <= 0 or filters % self.groups != 0:
            raise ValueError(f"{self.label}: 'filters' ({filters}) must be divisible by 'groups' ({self.groups}).")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"{self.label}: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras).")
        self.activation_name, self.activation = activations.get(self.options["activation"], f"{self.name}.activation")
        self.use_bias = bool(self.options["use_bias"])
        self.kernel_initializer = initializers.get(self.options["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(self.options["bias_initializer"], f"{self.name}.bias_initializer")
        _regularizers_must_be_null(self, ["kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"])
        self.kernel = None
        self.bias = None
        self._cached_kernel = None
        self._cached_version = None
        self._padding_cache = {}

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape, device):
        self._require_rank(input_shape, (4,), "image")
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError(f"{self.label} needs the number of input channels; got input shape {shape_to_json(input_shape)}.")
        if channels % self.groups != 0:
            raise ValueError(f"{self.label}: input channels ({channels}) must be divisible by 'groups' ({self.groups}).")
        shape = self.kernel_size + (channels // self.groups, self.filters)
        self.kernel = self._add_variable("kernel", shape, self.kernel_initializer, True, device)
        if self.use_bias:
            self.bias = self._add_variable("bias", (self.filters,), self.bias_initializer, True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        spatial = input_shape[1:3] if self.data_format == "channels_last" else input_shape[2:4]
        out = tuple(
            _conv_output_length(spatial[i], self.kernel_size[i], self.strides[i], self.padding, self.dilation_rate[i])
            for i in range(2)
        )
        for length in out:
            if length is not None and length <= 0:
                raise ValueError(
                    f"{self.label}: the input {shape_to_json(input_shape)} is too small for kernel_size "
                    f"{list(self.kernel_size)}; the output would have size {length}."
                )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (self.filters,)
        return (input_shape[0], self.filters) + out

    def _torch_kernel(self):
        """The kernel in torch's (out, in, kh, kw) layout. Without autograd (predict, evaluate) a
        contiguous copy is cached until the kernel changes (tracked by its version counter)."""
        if torch.is_grad_enabled():
            return self.kernel.permute(3, 2, 0, 1)
        version = self.kernel._version
        if self._cached_kernel is None or self._cached_version != version:
            self._cached_kernel = self.kernel.detach().permute(3, 2, 0, 1).contiguous()
            self._cached_version = version
        return self._cached_kernel

    def _padding_for(self, height, width):
        """(padding argument for conv2d, explicit F.pad tuple or None) for an input size."""
        key = (height, width)
        cached = self._padding_cache.get(key)
        if cached is None:
            if self.padding == "valid":
                cached = (0, None)
            else:
                pads = [_same_padding(length, self.kernel_size[i], self.strides[i], self.dilation_rate[i])
                        for i, length in enumerate(key)]
                if all(left == right for left, right in pads):
                    cached = (tuple(left for left, _ in pads), None)
                else:
                    # Asymmetric TF-style padding (extra pixel at the end) must be applied explicitly.
                    cached = (0, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
            self._padding_cache[key] = cached
        return cached

    def call(self, x, training):
        if self.data_format == "channels_last":
            x = x.permute(0, 3, 1, 2)
        padding, explicit = self._padding_for(x.shape[2], x.shape[3])
        if explicit is not None:
            x = F.pad(x, explicit)
        # Keras convolves without bias, then adds the bias in the output layout.
        y = F.conv2d(x, self._torch_kernel(), None, self.strides, padding, self.dilation_rate, self.groups)
        if self.data_format == "channels_last":
            y = y.permute(0, 2, 3, 1)
            if self.bias is not None:
                y = y + self.bias
        elif self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return self.activation(y)

    def layer_config(self):
        return {
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": list(self.dilation_rate),
            "groups": self.groups,
            "activation": self.activation_name,
            "use_bias": self.use_bias,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "activity_regularizer": None,
            "kernel_constraint": None,
            "bias_constraint": None,
        }


class MaxPooling2D(Layer):
    class_name = "MaxPooling2D"

    def __init__(self, config):
        super().__init__(config, {"pool_size": (2, 2), "strides": None, "padding": "valid", "data_format": None})
        self.pool_size = as_int_tuple(self.options["pool_size"], 2, f"{self.name}.pool_size")
        strides = self.options["strides"]
        self.strides = self.pool_size if strides is None else as_int_tuple(strides, 2, f"{self.name}.strides")
        self.padding = _check_padding(self, self.options["padding"])
        self.data_format = _check_data_format(self, self.options["data_format"])

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (4,), "image")
        spatial = input_shape[1:3] if self.data_format == "channels_last" else input_shape[2:4]
        out = tuple(_conv_output_length(spatial[i], self.pool_size[i], self.strides[i], self.padding) for i in range(2))
        for length in out:
            if length is not None and length <= 0:
                raise ValueError(
                    f"{self.label}: the input {shape_to_json(input_shape)} is too small for pool_size "
                    f"{list(self.pool_size)}."
                )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (input_shape[3],)
        return (input_shape[0], input_shape[1]) + out

    def call(self, x, training):
        if self.data_format == "channels_last":
            x = x.permute(0, 3, 1, 2)
        if self.padding == "same":
            # TF-style 'same': padded cells never win the max.
            pads = [_same_padding(x.shape[2 + i], self.pool_size[i], self.strides[i]) for i in range(2)]
            if any(p for pad in pads for p in pad):
                x = F.pad(x, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]), value=float("-inf"))
        y = F.max_pool2d(x, self.pool_size, self.strides)
        if self.data_format == "channels_last":
            y = y.permute(0, 2, 3, 1)
        return y

    def layer_config(self):
        return {
            "pool_size": list(self.pool_size),
            "padding": self.padding,
            "strides": list(self.strides),
            "data_format": self.data_format,
        }


class GlobalAveragePooling2D(Layer):
    class_name = "GlobalAveragePooling2D"

    def __init__(self, config):
        super().__init__(config, {"data_format": None, "keepdims": False})
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.keepdims = bool(self.options["keepdims"])

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (4,), "image")
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def call(self, x, training):
        return x.mean(dim=self._axes(), keepdim=self.keepdims)

    def layer_config(self):
        return {"data_format": self.data_format, "keepdims": self.keepdims}


