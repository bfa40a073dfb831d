"""Keras's Embedding layer on torch tensors (keras/src/layers/core/embedding.py).

`call` casts non-integer inputs to integers (truncating, as ops.cast to int32 does) and looks the rows
up with ops.take, which the torch backend runs as F.embedding after mapping negative indices -k to
input_dim - k (keras/src/backend/torch/numpy.py take). Indices out of range are refused with a
message instead of an index error. mask_zero=True makes the mask `inputs != 0` (compute_mask), which later
layers take as Keras's do (torch_engine/masking.py).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.layers import Layer, _options_must_be_null


def _positive_int(layer, key):
    value = layer.options[key]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{layer.label}: '{key}' must be a positive int; got {value!r}.")
    return value


class Embedding(Layer):
    class_name = "Embedding"
    has_build_config = True
    _OPTIONS = {
        "input_dim": None, "output_dim": None, "embeddings_initializer": "uniform",
        "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
        "mask_zero": False, "lora_rank": None, "lora_alpha": None, "quantization_config": None,
    }

    def __init__(self, config):
        config = dict(config)
        config.pop("input_length", None)  # Keras 3 accepts and ignores Keras 2's input_length
        super().__init__(config, self._OPTIONS)
        # The base class reads Keras 2's dense-layer shape hint `input_dim`; here it is the vocabulary size.
        self.options["input_dim"] = config.get("input_dim")
        if all(config.get(k) is None for k in ("batch_input_shape", "batch_shape", "input_shape")):
            self.input_shape_hint = None
        self.input_dim = _positive_int(self, "input_dim")
        self.output_dim = _positive_int(self, "output_dim")
        self.embeddings_initializer = initializers.get(self.options["embeddings_initializer"],
                                                       f"{self.name}.embeddings_initializer")
        _options_must_be_null(self, ["lora_rank", "quantization_config"])
        self.mask_zero = bool(self.options["mask_zero"])
        # Keras: supports_masking = mask_zero (without it an incoming mask is dropped).
        self.supports_masking = self.makes_mask = self.mask_zero
        self.embeddings = None

    def build(self, input_shape, device):
        self.embeddings = self._add_variable("embeddings", (self.input_dim, self.output_dim),
                                             self.embeddings_initializer, True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def call(self, x, training):
        indices = x if x.dtype in (torch.int32, torch.int64) else x.to(torch.int32)
        indices = indices.long()
        indices = torch.where(indices < 0, indices + self.input_dim, indices)
        if indices.numel() and (int(indices.min()) < 0 or int(indices.max()) >= self.input_dim):
            raise ValueError(f"{self.label}: input indices must be in [-{self.input_dim}, {self.input_dim}) "
                             f"(input_dim={self.input_dim}); got values from {int(x.min())} to {int(x.max())}.")
        return F.embedding(indices, self.embeddings)

    def compute_mask(self, x, mask):
        return (x != 0) if self.mask_zero else None

    def layer_config(self):
        return {
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": self.embeddings_initializer.serialize(),
            "embeddings_regularizer": None,
            "activity_regularizer": None,
            "embeddings_constraint": None,
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
