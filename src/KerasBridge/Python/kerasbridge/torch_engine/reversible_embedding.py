"""Keras's ReversibleEmbedding on torch tensors (keras/src/layers/core/reversible_embedding.py).

call(inputs) is Embedding's lookup (torch_engine/embedding.py), its mask (mask_zero) set on the output by call
itself (compute_mask returns None). call(inputs, reverse=True) projects vectors back to the vocabulary:
inputs @ embeddings^T (tie_weights) or @ reverse_embeddings (output_dim, input_dim), a variable of its own created
after the embeddings with the same initializer; logit_soft_cap c gives tanh(logits / c) * c. A Functional node
records the flag in its kwargs (model_files/graph.py LAYER_CALL_FLAGS).
"""

import torch

from kerasbridge.torch_engine.embedding import Embedding
from kerasbridge.torch_engine.masking import set_mask


class ReversibleEmbedding(Embedding):
    class_name = "ReversibleEmbedding"
    _OPTIONS = dict(Embedding._OPTIONS, tie_weights=True, reverse_dtype=None, logit_soft_cap=None)

    def __init__(self, config):
        super().__init__(config)
        self.tie_weights = bool(self.options["tie_weights"])
        self.reverse_dtype = self.options["reverse_dtype"]
        if self.reverse_dtype not in (None, "float32"):
            raise ValueError(f"{self.label}: 'reverse_dtype' must be null or 'float32' (the PyTorch engine computes in "
                             f"float32); got {self.reverse_dtype!r}.")
        cap = self.options["logit_soft_cap"]
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, (int, float)) or cap == 0):
            raise ValueError(f"{self.label}: 'logit_soft_cap' must be a non-zero number or null; got {cap!r}.")
        self.logit_soft_cap = cap
        # The forward call sets its mask itself; a reverse call makes none (compute_mask returns None).
        self.makes_mask = self.mask_zero
        self.supports_masking = False
        self.reverse_embeddings = None

    def build(self, input_shape, device):
        super().build(input_shape, device)
        if not self.tie_weights:
            self.reverse_embeddings = self._add_variable("reverse_embeddings", (self.output_dim, self.input_dim),
                                                         self.embeddings_initializer, True, device)

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return tuple(input_shape[:-1]) + (self.input_dim,)
        return tuple(input_shape) + (self.output_dim,)

    def call(self, x, training, reverse=False):
        if not reverse:
            y = super().call(x, training)
            if self.mask_zero:
                set_mask(y, x != 0)
            return y
        kernel = self.embeddings.t() if self.tie_weights else self.reverse_embeddings
        logits = torch.matmul(x, kernel)
        if self.logit_soft_cap is not None:
            logits = torch.tanh(logits / self.logit_soft_cap) * self.logit_soft_cap
        return logits

    def compute_mask(self, x, mask):
        return None

    def layer_config(self):
        return dict(super().layer_config(), tie_weights=self.tie_weights, reverse_dtype=self.reverse_dtype,
                    logit_soft_cap=self.logit_soft_cap)
