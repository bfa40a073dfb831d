"""Keras's model.get_layer(name).adapt(data) for both engines: the one place that finds the layer, checks it adapts
and turns a bad name or bad data into InvalidArgumentError naming the argument."""

import numpy as np

from kerasbridge.errors import InvalidArgumentError


def adapt_layer(find_layer, name, data):
    """find_layer(name, method) returns the layer or raises ValueError listing the model's layers."""
    try:
        layer = find_layer(name, "adapt_layer")
    except ValueError as e:
        raise InvalidArgumentError(str(e), argument="layer_name") from None
    if not hasattr(layer, "adapt"):
        kind = getattr(layer, "class_name", None) or type(layer).__name__
        raise InvalidArgumentError(f"adapt_layer: argument 'layer_name' must name a layer that adapts "
                                   f"(Normalization, IntegerLookup, StringLookup, TextVectorization); got {name!r} ({kind}).")
    try:
        # A lookup layer counts tokens: its data keeps its integer dtype.
        layer.adapt(np.asarray(data) if getattr(layer, "adapts_raw_data", False) else np.asarray(data, dtype=np.float32))
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"adapt_layer: argument 'data' does not fit: {e}", argument="data") from None
