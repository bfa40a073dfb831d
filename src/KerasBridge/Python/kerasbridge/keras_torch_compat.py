"""Keeps Keras 3's torch backend working on torch 1.x where Keras relies on torch 2 behaviour.

keras/src/backend/torch/image.py map_coordinates (behind RandomRotation, RandomZoom, RandomTranslation and
keras.ops.image.affine_transform / map_coordinates) indexes tensors with int32 index tensors, which torch 2 accepts
and torch 1.13 refuses ("tensors used as indices must be long, byte or bool tensors"): those layers fail while
training. On torch < 2 this wraps Keras's two index helpers so their indices are int64; the values and weights,
so the results, are unchanged. Applied once, by the Keras engine (keras_engine.py) when it is imported.
"""

_applied = False


def _long_indices(helper):
    def wrapped(coordinate):
        return [(index.long(), weight) for index, weight in helper(coordinate)]

    wrapped.__wrapped__ = helper
    return wrapped


def apply():
    global _applied
    if _applied:
        return
    _applied = True
    try:
        import torch
        from keras import backend
        if backend.backend() != "torch" or int(torch.__version__.split(".")[0]) >= 2:
            return
        from keras.src.backend.torch import image
    except Exception:  # no torch backend here: nothing to patch
        return
    image._nearest_indices_and_weights = _long_indices(image._nearest_indices_and_weights)
    image._linear_indices_and_weights = _long_indices(image._linear_indices_and_weights)
