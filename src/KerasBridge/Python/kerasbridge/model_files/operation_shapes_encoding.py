"""Output shapes of the encoding ops (ops.one_hot, ops.multi_hot): OneHot/MultiHot.compute_output_spec of
keras/src/ops/nn.py, beside the other ops' rules in operation_shapes.py."""

from __future__ import annotations

from typing import Any, Dict, Sequence

from .operation_shapes import tensors
from .specs import ConfigError, Shape


def one_hot(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """OneHot.compute_output_spec: a new axis of num_classes at `axis` (-1: last)."""
    shape = list(tensors(cls, args, 1, who)[0])
    axis = config["axis"]
    if config["sparse"]:
        raise ConfigError(f"{who}: sparse=True is not supported (Keras's torch backend refuses it too)")
    if axis == -1:
        return tuple(shape + [config["num_classes"]])
    if not 0 <= axis < len(shape):
        raise ConfigError(f"{who}: axis must be -1 or in [0, {len(shape)}); got {axis}")
    shape.insert(axis, config["num_classes"])
    return tuple(shape)


def multi_hot(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """MultiHot.compute_output_spec: num_classes inserted at `axis`, then axis 1 reduced (rank 2: the classes)."""
    if config["sparse"]:
        raise ConfigError(f"{who}: sparse=True is not supported (Keras's torch backend refuses it too)")
    shape = list(one_hot(cls, args, config, who))
    return (shape[-1],) if len(shape) == 2 else tuple([shape[0]] + shape[2:])
