"""Transposed convolutions on torch tensors: Conv1DTranspose, Conv2DTranspose, Conv3DTranspose.

The kernel keeps Keras's layout (*kernel_size, filters, in_channels). As Keras's torch backend does,
torch's conv_transpose runs with padding 0 (the largest output, (n - 1) * stride + effective kernel)
and the result is cropped (or zero-padded) per side to the window Keras's 'same'/'valid' and
output_padding define.

Sources: keras/src/layers/convolutional/base_conv_transpose.py, conv2d_transpose.py,
conv3d_transpose.py,
keras/src/backend/torch/nn.py (conv_transpose), keras/src/backend/common/backend_utils.py
(_convert_conv_transpose_padding_args_from_keras_to_jax, compute_conv_transpose_output_crops_for_torch,
_get_output_shape_given_tf_padding).
"""

import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.conv_utils import (
    check_positive_output,
    int_tuple,
    positive_int,
    spatial_dims,
    with_spatial,
)
from kerasbridge.torch_engine.convolution import _BIAS_AND_ACTIVATION, BaseConv, torch_kernel

_TRANSPOSE_OPS = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def _keras_pads(kernel, stride, dilation, padding, output_padding):
    """(left, right) padding of Keras's transposed convolution along one axis (its JAX form)."""
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(kernel, stride) - kernel
        return kernel - 1, kernel - 1 + output_padding
    if output_padding is None:
        pad_len = stride + kernel - 2
    else:
        pad_len = kernel + kernel % 2 - 2 + output_padding
    left = min(pad_len // 2 + pad_len % 2, kernel - 1)
    return left, pad_len - left


def _output_length(length, kernel, stride, padding, output_padding, dilation):
    if length is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(kernel, stride) - kernel
        return (length - 1) * stride + kernel + output_padding
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + kernel % 2 + output_padding


class ConvTranspose(BaseConv):
    _OPTIONS = {
        "filters": None, "kernel_size": None, "strides": 1, "padding": "valid", "output_padding": None,
        "data_format": None, "dilation_rate": 1, **_BIAS_AND_ACTIVATION, "kernel_initializer": "glorot_uniform",
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config)
        self.filters = positive_int(self, "filters", self.options["filters"])
        output_padding = self.options["output_padding"]
        self.output_padding = None if output_padding is None else int_tuple(
            self, "output_padding", output_padding, self.rank, minimum=0)
        if self.output_padding is not None and any(p >= s for p, s in zip(self.output_padding, self.strides)):
            raise ValueError(
                f"{self.label}: each 'output_padding' value must be less than the matching 'strides' value; "
                f"got output_padding={list(self.output_padding)}, strides={list(self.strides)}."
            )
        self.kernel_initializer = initializers.get(self.options["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.kernel = None

    def _padding_at(self, i):
        return None if self.output_padding is None else self.output_padding[i]

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D convolution")
        out = tuple(_output_length(n, self.kernel_size[i], self.strides[i], self.padding, self._padding_at(i),
                                   self.dilation_rate[i])
                    for i, n in enumerate(spatial_dims(input_shape, self.data_format)))
        check_positive_output(self, input_shape, out, f"kernel_size {list(self.kernel_size)}")
        return with_spatial(input_shape, out, self.filters, self.data_format)

    def _kernels(self, channels):
        return [("kernel", self.kernel_size + (self.filters, channels), self.kernel_initializer)]

    def _convolve(self, x):
        kernel = self._torch_weight(self.kernel, torch_kernel)  # (in, filters, *k): torch's transposed layout
        y = _TRANSPOSE_OPS[self.rank](x, kernel, None, self.strides, 0, 0, 1, self.dilation_rate)
        crops = []
        for i in range(self.rank):
            left, right = _keras_pads(self.kernel_size[i], self.strides[i], self.dilation_rate[i],
                                      self.padding, self._padding_at(i))
            effective = (self.kernel_size[i] - 1) * self.dilation_rate[i] + 1
            crops.append((effective - 1 - left, effective - 1 - right))
        index = [slice(None), slice(None)]
        for left, right in crops:
            index.append(slice(max(0, left), -right if right > 0 else None))
        y = y[tuple(index)]
        if any(left < 0 or right < 0 for left, right in crops):
            pads = []
            for left, right in reversed(crops):
                pads.extend((max(0, -left), max(0, -right)))
            y = F.pad(y, pads)
        return y

    def layer_config(self):
        return {
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "output_padding": None if self.output_padding is None else list(self.output_padding),
            "data_format": self.data_format,
            "dilation_rate": list(self.dilation_rate),
            "activation": self.activation_name,
            "use_bias": self.use_bias,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None,
        }


class Conv1DTranspose(ConvTranspose):
    class_name = "Conv1DTranspose"
    rank = 1


class Conv2DTranspose(ConvTranspose):
    class_name = "Conv2DTranspose"
    rank = 2


class Conv3DTranspose(ConvTranspose):
    class_name = "Conv3DTranspose"
    rank = 3


CONV_TRANSPOSE_CLASSES = (Conv1DTranspose, Conv2DTranspose, Conv3DTranspose)
