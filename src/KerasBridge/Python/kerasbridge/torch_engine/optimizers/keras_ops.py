"""What the per-weight optimizers (Lamb, Adafactor) share: Keras's ops on its torch backend reduced to the torch
calls they make (keras/src/backend/torch/numpy.py: a Python number becomes a 0-dim tensor first, int32 for an
int, float32 for a float), so an update written with them has Keras's bits."""

import torch

from kerasbridge.errors import InvalidArgumentError

_F32 = torch.float32


def f32(value):
    """convert_to_tensor of a Python float (or a cast to float32 of an int), as Keras's ops make it."""
    return torch.tensor(value, dtype=_F32)


def pow_int(x, exponent):
    """ops.power(x, 2): the exponent becomes an int32 tensor."""
    return torch.pow(x, torch.tensor(exponent, dtype=torch.int32))


def mean(x, axis=None, keepdims=False):
    """ops.mean on float32: torch.mean with a float32 accumulator (over everything when axis is None)."""
    if axis is None:
        return torch.mean(x, dtype=_F32)
    return torch.mean(x, (axis,), keepdims, dtype=_F32)


def rms_free_norm_ratio(variable, update):
    """Lamb's trust ratio: ||w|| / ||update||, or 1 when either norm is 0."""
    w_norm = torch.sqrt(torch.sum(pow_int(variable, 2)))
    g_norm = torch.sqrt(torch.sum(pow_int(update, 2)))
    one = f32(1.0)
    return torch.where(w_norm > 0, torch.where(g_norm > 0, w_norm / g_norm, one), one)


def unit_interval(optimizer, key):
    value = getattr(optimizer, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidArgumentError(f"{optimizer.class_name}: argument '{key}' must be a number in [0, 1]; got {value!r}.")
