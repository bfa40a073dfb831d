"""Keras's GroupQueryAttention (class GroupedQueryAttention, keras/src/layers/attention/grouped_query_attention.py)
on torch tensors. Keras writes the class name "GroupQueryAttention" (its keras.layers export); "GroupedQueryAttention"
is read as an alias.

Called on [query, value] or [query, value, key] (positional tensors of a Functional node). EinsumDense projections
(Keras's sub-layers, weight-file groups _query_dense, _key_dense, [_gate_dense], _value_dense, _output_dense, built
in that order): query "bqm,muh->bquh" (kernel (features, query heads, head_dim), bias (query heads, head_dim)),
key and value "bkm,mvh->bkvh" (key/value heads), the optional sigmoid gate like the query, output
"bquh,uhm->bqm" (kernel (query heads, head_dim, query features), bias (query features,)). Key and value are
repeated num_query_heads / num_key_value_heads times along the heads (ops.repeat, axis 2); the attention core is
MultiHeadAttention's (attention.attend, scale 1/sqrt(head_dim)). use_causal_mask and return_attention_scores
(node arguments) as there; the output has the query's shape. Refused: sliding_window, inputs of other ranks.
"""

import math

import torch

from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.attention import EinsumAttention, positive_int
from kerasbridge.torch_engine.einsum_dense import kernel_bias_config
from kerasbridge.torch_engine.serialization import shape_to_json


class GroupQueryAttention(EinsumAttention):
    class_name = "GroupQueryAttention"
    _OPTIONS = {
        "head_dim": None, "num_query_heads": None, "num_key_value_heads": None, "use_bias": True,
        "use_gate": False, "sliding_window": None, "dropout": 0.0, "flash_attention": None,
        "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None, "seed": None,
    }

    def __init__(self, config):
        config = dict(config)
        if not config.get("name"):  # Keras names it after the Python class
            config["name"] = naming.auto_name("GroupedQueryAttention")
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.head_dim = positive_int(self, "head_dim", o["head_dim"])
        self.num_query_heads = positive_int(self, "num_query_heads", o["num_query_heads"])
        self.num_key_value_heads = positive_int(self, "num_key_value_heads", o["num_key_value_heads"])
        if self.num_query_heads % self.num_key_value_heads != 0:
            raise ValueError(f"{self.label}: 'num_query_heads' ({self.num_query_heads}) must be divisible by "
                             f"'num_key_value_heads' ({self.num_key_value_heads}).")
        self.num_repeats = self.num_query_heads // self.num_key_value_heads
        if o["flash_attention"] and self.dropout > 0.0:
            raise ValueError(f"{self.label}: dropout is not supported when flash attention is enabled; set "
                             "'dropout' to 0.0 to use flash attention.")
        self.scale = 1.0 / math.sqrt(float(self.head_dim))

    def build(self, input_shape, device):
        query, value, key = self._check(input_shape)
        qh, kvh, dim = self.num_query_heads, self.num_key_value_heads, self.head_dim
        self._add_dense("_query_dense", (query[-1], qh, dim), (qh, dim), device)
        self._add_dense("_key_dense", (key[-1], kvh, dim), (kvh, dim), device)
        if self.use_gate:
            self._add_dense("_gate_dense", (query[-1], qh, dim), (qh, dim), device)
        self._add_dense("_value_dense", (value[-1], kvh, dim), (kvh, dim), device)
        self._add_dense("_output_dense", (qh, dim, query[-1]), (query[-1],), device, (0, 1), (2,))
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape, return_attention_scores=False, use_causal_mask=False):
        query, value, key = self._split(input_shape)
        if query[-1] != value[-1]:
            raise ValueError(f"{self.label}: the last dimension of the query and the value must be equal; got "
                             f"{shape_to_json(query)} and {shape_to_json(value)}.")
        return self._with_scores(query, query, key[1], self.num_query_heads, return_attention_scores)

    def call(self, inputs, training, return_attention_scores=False, use_causal_mask=False, mask=None):
        query, value, key = self._inputs(inputs)
        attention_mask = self._attention_mask(inputs, mask)
        gate = self._project("_gate_dense", query, "bqm,muh->bquh", torch.sigmoid) if self.use_gate else None
        q = self._project("_query_dense", query, "bqm,muh->bquh")
        k = self._project("_key_dense", key, "bkm,mvh->bkvh")
        v = self._project("_value_dense", value, "bkm,mvh->bkvh")
        k = torch.repeat_interleave(k, self.num_repeats, dim=2)
        v = torch.repeat_interleave(v, self.num_repeats, dim=2)
        return self._attend(q, k, v, gate, training, use_causal_mask, return_attention_scores, "_output_dense",
                            "bquh,uhm->bqm", attention_mask)

    def layer_config(self):
        return {
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": None,
            "dropout": self.dropout,
            **kernel_bias_config(self),
            "seed": self.seed,
        }
