"""Helpers the convolution, pooling and reshaping layers share: option checks, layout changes and
Keras's 'same' padding, written as Keras's torch backend does them.

Sources: keras/src/backend/torch/nn.py (_compute_padding_length, _apply_same_padding,
_transpose_spatial_inputs/_outputs, _transpose_conv_kernel), keras/src/ops/operation_utils.py
(compute_conv_output_shape, compute_pooling_output_shape).
"""

import torch.nn.functional as F

from kerasbridge.torch_engine.serialization import shape_to_json


def check_padding(layer, value, allowed=("valid", "same")):
    text = str(value).lower()
    if text not in allowed:
        raise ValueError(
            f"{layer.label}: 'padding' must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}."
        )
    return text


def positive_int(layer, key, value):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{layer.label}: '{key}' must be a positive int; got {value!r}.")
    return value


def int_tuple(layer, key, value, rank, minimum=1):
    if value is None:
        raise ValueError(f"{layer.label}: '{key}' is required.")
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * rank
    elif (isinstance(value, (list, tuple)) and len(value) == rank
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        values = tuple(value)
    else:
        raise ValueError(f"{layer.label}: '{key}' must be an int or a list of {rank} ints; got {value!r}.")
    if any(v < minimum for v in values):
        raise ValueError(f"{layer.label}: '{key}' values must be >= {minimum}; got {list(values)}.")
    return values


def spatial_dims(input_shape, data_format):
    """The spatial sizes of a (batch, ..., channels) or (batch, channels, ...) shape."""
    return tuple(input_shape[1:-1]) if data_format == "channels_last" else tuple(input_shape[2:])


def channel_count(input_shape, data_format):
    """The channels of a (batch, ..., channels) or (batch, channels, ...) shape."""
    return input_shape[-1] if data_format == "channels_last" else input_shape[1]


def with_spatial(input_shape, spatial, channels, data_format):
    if data_format == "channels_last":
        return (input_shape[0],) + tuple(spatial) + (channels,)
    return (input_shape[0], channels) + tuple(spatial)


def output_length(length, kernel, stride, padding, dilation=1):
    """Keras's compute_conv_output_shape along one axis ('same' and 'causal' give ceil(n / stride))."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return (length - 1) // stride + 1
    return (length - dilation * (kernel - 1) - 1) // stride + 1


def check_positive_output(layer, input_shape, out, what):
    for length in out:
        if length is not None and length <= 0:
            raise ValueError(
                f"{layer.label}: the input {shape_to_json(input_shape)} is too small for {what}; "
                f"the output would have size {length}."
            )


def to_channels_first(x, data_format):
    """Keras's _transpose_spatial_inputs: torch ops take channels first."""
    if data_format == "channels_first":
        return x
    return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


def to_channels_last(y, data_format):
    if data_format == "channels_first":
        return y
    return y.permute(0, *range(2, y.dim()), 1)


def same_padding(length, kernel, stride, dilation=1):
    """Keras's _compute_padding_length: TensorFlow-style 'same' padding (left, right) along one axis,
    the extra cell at the end."""
    effective = (kernel - 1) * dilation + 1
    if stride == 1:
        total = effective - 1
    else:
        output = (length + stride - 1) // stride
        total = max(0, (output - 1) * stride + effective - length)
    left = total // 2
    return left, total - left


def apply_same_padding(x, kernel_size, strides, dilation, pooling):
    """Keras's _apply_same_padding on a channels-first tensor: (tensor, padding for the torch op).
    Even padding goes to the op; uneven padding (the extra cell at the end) is applied here, with
    zeros for convolutions and edge replication for pooling, as Keras's torch backend does."""
    pads = [same_padding(x.shape[2 + i], kernel_size[i], strides[i], 1 if pooling else dilation[i])
            for i in range(len(kernel_size))]
    if all(left == right for left, right in pads):
        return x, tuple(left for left, _ in pads)
    flat = []
    for left, right in reversed(pads):
        flat.extend((left, right))
    return F.pad(x, tuple(flat), mode="replicate" if pooling else "constant"), 0
