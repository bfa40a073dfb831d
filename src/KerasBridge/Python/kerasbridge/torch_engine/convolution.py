"""Convolution layers on torch tensors: Conv1D, Conv2D, Conv3D (dilation_rate, groups, Conv1D's 'causal'
padding), DepthwiseConv1D/2D and SeparableConv1D/2D. The transposed convolutions are in
conv_transpose.py, the pooling layers in pooling.py.

Kernels keep Keras's layout, (*kernel_size, in_channels // groups, filters) (depthwise:
(*kernel_size, in_channels, depth_multiplier); pointwise: (1, ..., in * depth_multiplier, filters)),
and are permuted to torch's (out, in, *kernel_size) for each call, as Keras's torch backend does.

Sources: keras/src/layers/convolutional/base_conv.py, conv1d.py, conv2d.py, conv3d.py, base_depthwise_conv.py,
base_separable_conv.py and the torch backend ops they call (keras/src/backend/torch/nn.py: conv,
depthwise_conv, separable_conv).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers
from kerasbridge.torch_engine.conv_utils import (
    apply_same_padding,
    channel_count,
    check_padding,
    check_positive_output,
    int_tuple,
    output_length,
    positive_int,
    spatial_dims,
    with_spatial,
)
from kerasbridge.torch_engine.layers import Layer, _check_data_format
from kerasbridge.torch_engine.serialization import shape_to_json

_CONV_OPS = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def torch_kernel(kernel):
    """Keras's _transpose_conv_kernel: (*k, in, out) -> (out, in, *k)."""
    rank = kernel.dim() - 2
    return kernel.permute(rank + 1, rank, *range(rank))


class BaseConv(Layer):
    """Options, checks, output shape, bias and activation every convolution shares. A subclass sets
    rank, its variable names (`_kernels`) and `_convolve` (channels-first tensor in and out)."""

    has_build_config = True
    rank = 2
    _PADDINGS = ("valid", "same")
    # Options in Keras's get_config order; the subclass adds its own before or after.
    _OPTIONS = {}

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.kernel_size = int_tuple(self, "kernel_size", o["kernel_size"], self.rank)
        self.strides = int_tuple(self, "strides", o["strides"], self.rank)
        self.dilation_rate = int_tuple(self, "dilation_rate", o["dilation_rate"], self.rank)
        self.padding = check_padding(self, o["padding"], self._PADDINGS)
        self.data_format = _check_data_format(self, o["data_format"])
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{self.label}: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras); got "
                f"strides={list(self.strides)}, dilation_rate={list(self.dilation_rate)}."
            )
        self.activation_name, self.activation = activations.get(o["activation"], f"{self.name}.activation")
        self.use_bias = bool(o["use_bias"])
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.bias = None
        self._kernel_cache = {}
        # Keras's _transpose_spatial_inputs / _outputs as permutations (channels_last only).
        self._to_first = (0, self.rank + 1) + tuple(range(1, self.rank + 1))
        self._to_last = (0,) + tuple(range(2, self.rank + 2)) + (1,)

    # ----- shapes and variables -----
    def _in_channels(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D convolution")
        channels = channel_count(input_shape, self.data_format)
        if channels is None:
            raise ValueError(
                f"{self.label} needs the number of input channels; got input shape {shape_to_json(input_shape)}."
            )
        return channels

    def _out_channels(self, input_shape):
        return self.filters

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D convolution")
        out = tuple(output_length(n, self.kernel_size[i], self.strides[i], self.padding, self.dilation_rate[i])
                    for i, n in enumerate(spatial_dims(input_shape, self.data_format)))
        check_positive_output(self, input_shape, out, f"kernel_size {list(self.kernel_size)}")
        return with_spatial(input_shape, out, self._out_channels(input_shape), self.data_format)

    def build(self, input_shape, device):
        channels = self._in_channels(input_shape)
        self.compute_output_shape(input_shape)  # checks the sizes before any variable is made
        for attribute, shape, initializer in self._kernels(channels):
            setattr(self, attribute, self._add_variable(attribute, shape, initializer, True, device))
        if self.use_bias:
            self.bias = self._add_variable("bias", (self._out_channels(input_shape),), self.bias_initializer, True, device)
        super().build(input_shape, device)

    # ----- running -----
    def _torch_weight(self, value, transform):
        """`transform(value)`; without autograd (predict, evaluate) the contiguous result is cached
        until the variable changes (tracked by its version counter)."""
        if torch.is_grad_enabled():
            return transform(value)
        key = id(value)
        cached = self._kernel_cache.get(key)
        if cached is None or cached[0] is not value or cached[1] != value._version:
            cached = (value, value._version, transform(value.detach()).contiguous())
            self._kernel_cache[key] = cached
        return cached[2]

    def _conv(self, x, kernel, strides, padding, groups):
        """Keras's backend conv on a channels-first tensor with a torch-layout kernel."""
        if padding == "same":
            x, pad = apply_same_padding(x, kernel.shape[2:], strides, self.dilation_rate, pooling=False)
        else:
            pad = 0
        return _CONV_OPS[self.rank](x, kernel, None, strides, pad, self.dilation_rate, groups)

    def call(self, x, training):
        channels_last = self.data_format == "channels_last"
        if channels_last:
            x = x.permute(self._to_first)
        if self.padding == "causal":
            # Conv1D: pad dilation * (kernel - 1) zeros on the left, then a valid convolution.
            x = F.pad(x, (self.dilation_rate[0] * (self.kernel_size[0] - 1), 0))
        y = self._convolve(x)
        if channels_last:
            y = y.permute(self._to_last)
            if self.bias is not None:
                y = y + self.bias  # Keras adds the bias reshaped to (1, ..., filters): the same sums
        elif self.bias is not None:
            y = y + self.bias.reshape((1, -1) + (1,) * self.rank)
        return self.activation(y)

    # ----- serialization -----
    def _common_config(self):
        return {
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": list(self.dilation_rate),
        }


_BIAS_AND_ACTIVATION = {"activation": None, "use_bias": True, "bias_initializer": "zeros"}


class Conv(BaseConv):
    """keras.layers.Conv1D / Conv2D / Conv3D (base_conv.py): a kernel (*k, in // groups, filters) and a bias."""

    _OPTIONS = {
        "filters": None, "kernel_size": None, "strides": 1, "padding": "valid", "data_format": None,
        "dilation_rate": 1, "groups": 1, **_BIAS_AND_ACTIVATION, "kernel_initializer": "glorot_uniform",
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config)
        self.filters = positive_int(self, "filters", self.options["filters"])
        self.groups = positive_int(self, "groups", self.options["groups"])
        if self.filters % self.groups:
            raise ValueError(f"{self.label}: 'filters' ({self.filters}) must be divisible by 'groups' ({self.groups}).")
        self.kernel_initializer = initializers.get(self.options["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.kernel = None

    def _kernels(self, channels):
        if channels % self.groups:
            raise ValueError(f"{self.label}: input channels ({channels}) must be divisible by 'groups' ({self.groups}).")
        return [("kernel", self.kernel_size + (channels // self.groups, self.filters), self.kernel_initializer)]

    def _convolve(self, x):
        padding = "valid" if self.padding == "causal" else self.padding
        return self._conv(x, self._torch_weight(self.kernel, torch_kernel), self.strides, padding, self.groups)

    def layer_config(self):
        return {
            "filters": self.filters, **self._common_config(), "groups": self.groups,
            "activation": self.activation_name, "use_bias": self.use_bias,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None,
        }


class Conv1D(Conv):
    class_name = "Conv1D"
    rank = 1
    _PADDINGS = ("valid", "same", "causal")


class Conv2D(Conv):
    class_name = "Conv2D"
    rank = 2


class Conv3D(Conv):
    class_name = "Conv3D"
    rank = 3


def _depthwise_torch_kernel(kernel):
    # Keras's depthwise_conv: (*k, in, mult) -> (*k, 1, in * mult), then the usual permutation.
    return torch_kernel(kernel.reshape(kernel.shape[:-2] + (1, kernel.shape[-2] * kernel.shape[-1])))


class _Depthwise(BaseConv):
    """Shared by DepthwiseConv and SeparableConv: the per-channel convolution (groups = channels)."""

    def _init_depthwise(self):
        self.depth_multiplier = positive_int(self, "depth_multiplier", self.options["depth_multiplier"])
        self.depthwise_initializer = initializers.get(
            self.options["depthwise_initializer"], f"{self.name}.depthwise_initializer")

    def _depthwise(self, x, kernel):
        return self._conv(x, self._torch_weight(kernel, _depthwise_torch_kernel), self.strides, self.padding, x.shape[1])


class DepthwiseConv(_Depthwise):
    """keras.layers.DepthwiseConv1D / 2D (base_depthwise_conv.py): variable 'kernel'
    (*k, in, depth_multiplier) and a bias of in * depth_multiplier."""

    _OPTIONS = {
        "depth_multiplier": 1, "kernel_size": None, "strides": 1, "padding": "valid", "data_format": None,
        "dilation_rate": 1, **_BIAS_AND_ACTIVATION, "depthwise_initializer": "glorot_uniform",
        "depthwise_regularizer": None, "bias_regularizer": None, "depthwise_constraint": None, "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config)
        self._init_depthwise()
        self.kernel = None

    def _out_channels(self, input_shape):
        channels = channel_count(input_shape, self.data_format)
        return None if channels is None else channels * self.depth_multiplier

    def _kernels(self, channels):
        return [("kernel", self.kernel_size + (channels, self.depth_multiplier), self.depthwise_initializer)]

    def _convolve(self, x):
        return self._depthwise(x, self.kernel)

    def layer_config(self):
        return {
            "depth_multiplier": self.depth_multiplier, **self._common_config(),
            "activation": self.activation_name, "use_bias": self.use_bias,
            "depthwise_initializer": self.depthwise_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "depthwise_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "depthwise_constraint": None, "bias_constraint": None,
        }


class DepthwiseConv1D(DepthwiseConv):
    class_name = "DepthwiseConv1D"
    rank = 1


class DepthwiseConv2D(DepthwiseConv):
    class_name = "DepthwiseConv2D"
    rank = 2


class SeparableConv(_Depthwise):
    """keras.layers.SeparableConv1D / 2D (base_separable_conv.py): depthwise_kernel (*k, in, mult),
    pointwise_kernel (1, ..., in * mult, filters), bias (filters,). The pointwise convolution runs
    with stride 1 and valid padding on the depthwise output, as Keras's separable_conv does."""

    _OPTIONS = {
        "depth_multiplier": 1, "filters": None, "kernel_size": None, "strides": 1, "padding": "valid",
        "data_format": None, "dilation_rate": 1, **_BIAS_AND_ACTIVATION,
        "depthwise_initializer": "glorot_uniform", "pointwise_initializer": "glorot_uniform",
        "depthwise_regularizer": None, "pointwise_regularizer": None, "bias_regularizer": None,
        "depthwise_constraint": None, "pointwise_constraint": None, "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config)
        self._init_depthwise()
        self.filters = positive_int(self, "filters", self.options["filters"])
        self.pointwise_initializer = initializers.get(
            self.options["pointwise_initializer"], f"{self.name}.pointwise_initializer")
        self.depthwise_kernel = None
        self.pointwise_kernel = None

    def _kernels(self, channels):
        return [
            ("depthwise_kernel", self.kernel_size + (channels, self.depth_multiplier), self.depthwise_initializer),
            ("pointwise_kernel", (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
             self.pointwise_initializer),
        ]

    def _convolve(self, x):
        y = self._depthwise(x, self.depthwise_kernel)
        pointwise = self._torch_weight(self.pointwise_kernel, torch_kernel)
        return _CONV_OPS[self.rank](y, pointwise, None, 1, 0, self.dilation_rate, 1)

    def layer_config(self):
        return {
            "depth_multiplier": self.depth_multiplier, "filters": self.filters, **self._common_config(),
            "activation": self.activation_name, "use_bias": self.use_bias,
            "depthwise_initializer": self.depthwise_initializer.serialize(),
            "pointwise_initializer": self.pointwise_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "depthwise_regularizer": None, "pointwise_regularizer": None, "bias_regularizer": None,
            "activity_regularizer": None, "depthwise_constraint": None, "pointwise_constraint": None,
            "bias_constraint": None,
        }


class SeparableConv1D(SeparableConv):
    class_name = "SeparableConv1D"
    rank = 1


class SeparableConv2D(SeparableConv):
    class_name = "SeparableConv2D"
    rank = 2


CONV_CLASSES = (Conv1D, Conv2D, Conv3D, DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D)
