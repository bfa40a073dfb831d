"""Keras's MultiHeadAttention on torch tensors (keras/src/layers/attention/multi_head_attention.py).

The layer is called on a list [query, value] or [query, value, key] (a Functional node with several
positional tensors). Its projections are Keras's EinsumDense sub-layers (layers/core/einsum_dense.py:
`einsum(equation, x, kernel) + bias`) with the equations `_build_proj_equation` makes for
(batch, sequence, features) inputs: query/key/value "abc,cde->abde" (kernel (features, heads, dim),
bias (heads, dim)), output "abcd,cde->abe" (kernel (heads, value_dim, out), bias (out,)); the optional
gate (use_gate) is a sigmoid EinsumDense like the query's, multiplied into the attention output.
Attention: without dropout Keras calls ops.dot_product_attention (backend/torch/nn.py), i.e.
softmax(q k^T * 1/sqrt(key_dim)) v over the heads in (batch, heads, seq, dim) layout; with dropout it
scales the query first and uses einsum "aecd,abcd->acbe" / "acbe,aecd->abcd", dropping attention
weights while training. Variables live in the sub-layers' groups of Keras's weight file
(query_dense, key_dense, [_gate_dense], value_dense, output_dense), in that order.
Masks (torch_engine/masking.py, e.g. from Embedding(mask_zero=True)): as MultiHeadAttention.call, the query's
and value's (and a separate key's) masks make the attention mask [B, T, 1] & [B, 1, S] (_compute_attention_mask)
and are removed from the input tensors; the output keeps the query's mask. The dot-product path adds it as
ops.dot_product_attention does (0 where kept, -0.7 * 3.38953e38 where masked, before the softmax), the einsum
path as the masked Softmax layer (-1e9 where masked, then zeros there after the softmax).
Refused: inputs of other ranks, attention_axes other than the sequence axis, sliding_window, and call
arguments other than the tensors (attention_mask, use_causal_mask, ...: refused by the graph reader).
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.activation_layers import masked_softmax
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.masking import set_mask
from kerasbridge.torch_engine.regularizers import record_activity
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _positive_int(layer, key, value, optional=False):
    if optional and value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{layer.label}: '{key}' must be a positive int{' or null' if optional else ''}; got {value!r}.")
    return value


class MultiHeadAttention(Layer):
    class_name = "MultiHeadAttention"
    has_build_config = True
    # Keras hands kernel/bias regularizers and constraints to every projection's kernel and bias, and its
    # activity_regularizer to the projections (their outputs are penalized), not to the layer's own output.
    base_activity_regularizer = False
    _OPTIONS = {
        "num_heads": None, "key_dim": None, "value_dim": None, "dropout": 0.0, "use_bias": True,
        "use_gate": False, "output_shape": None, "attention_axes": None, "sliding_window": None,
        "flash_attention": None, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None, "seed": None,
    }

    def __init__(self, config):
        config = dict(config)
        for key in ("query_shape", "key_shape", "value_shape"):  # Keras 2 wrote the build shapes here
            config.pop(key, None)
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.num_heads = _positive_int(self, "num_heads", o["num_heads"])
        self.key_dim = _positive_int(self, "key_dim", o["key_dim"])
        self.value_dim = _positive_int(self, "value_dim", o["value_dim"], optional=True) or self.key_dim
        dropout = o["dropout"]
        if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError(f"{self.label}: 'dropout' must be a number in [0, 1]; got {dropout!r}.")
        self.dropout = dropout
        self.use_bias = bool(o["use_bias"])
        self.use_gate = bool(o["use_gate"])
        output_shape = o["output_shape"]
        if output_shape:
            output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
            for d in output_shape:
                _positive_int(self, "output_shape", d)
        self.output_shape_option = output_shape or None
        axes = o["attention_axes"]
        axes = (axes,) if isinstance(axes, int) else (tuple(axes) if axes else None)
        if axes is not None and axes not in ((1,), (-2,)):
            raise ValueError(f"{self.label}: attention over axes {list(axes)} is not supported by the PyTorch engine; "
                             "only the sequence axis of (batch, sequence, features) inputs is.")
        self.attention_axes = axes
        if o["sliding_window"] is not None:
            raise ValueError(f"{self.label}: 'sliding_window' is not supported by the PyTorch engine; only null is.")
        self.seed = o["seed"]
        self.kernel_initializer = initializers.get(o["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.scale = 1.0 / math.sqrt(float(self.key_dim))
        self.variable_paths = []
        self._dense = {}
        self._shapes = None

    # ----- building -----
    def _split(self, shapes):
        if not isinstance(shapes, (list, tuple)) or not shapes or not isinstance(shapes[0], (list, tuple)) \
                or len(shapes) not in (2, 3):
            raise ValueError(f"{self.label} must be called on [query, value] or [query, value, key]; "
                             f"got {shapes!r}.")
        query, value = tuple(shapes[0]), tuple(shapes[1])
        key = tuple(shapes[2]) if len(shapes) == 3 else value
        return query, value, key

    def _add_dense(self, path, kernel_shape, bias_shape, device):
        kernel = self._add_variable("kernel", kernel_shape, self.kernel_initializer, True, device)
        bias = self._add_variable("bias", bias_shape, self.bias_initializer, True, device) if self.use_bias else None
        self.variable_paths += [path] * (2 if self.use_bias else 1)
        self._dense[path] = (kernel, bias)

    def build(self, input_shape, device):
        query, value, key = self._split(input_shape)
        for shape, what in ((query, "query"), (value, "value"), (key, "key")):
            self._require_rank(shape, (3,), f"a (batch, sequence, features) {what}")
            if shape[-1] is None:
                raise ValueError(f"{self.label}: the {what}'s feature size must be known; got {shape_to_json(shape)}.")
        if value[1:-1] != key[1:-1]:
            raise ValueError(f"{self.label}: value and key must have the same shape except the last axis; got "
                             f"{shape_to_json(value)} and {shape_to_json(key)}.")
        heads = self.num_heads
        # Keras builds query, key, (gate), value, then the output projection.
        self._add_dense("query_dense", (query[-1], heads, self.key_dim), (heads, self.key_dim), device)
        self._add_dense("key_dense", (key[-1], heads, self.key_dim), (heads, self.key_dim), device)
        if self.use_gate:
            self._add_dense("_gate_dense", (query[-1], heads, self.value_dim), (heads, self.value_dim), device)
        self._add_dense("value_dense", (value[-1], heads, self.value_dim), (heads, self.value_dim), device)
        out = self.output_shape_option or (query[-1],)
        self._add_dense("output_dense", (heads, self.value_dim) + tuple(out), tuple(out), device)
        letters = _LETTERS[4:4 + len(out)]
        self._output_equation = f"abcd,cd{letters}->ab{letters}"
        self.attention_axes = (1,)
        self._shapes = [query, value] + ([key] if len(input_shape) == 3 else [])
        self.input_shape = list(self._shapes)
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        query, value, key = self._split(input_shape)
        if self.output_shape_option:
            return tuple(query[:-1]) + tuple(self.output_shape_option)
        return tuple(query)

    # ----- running -----
    def _project(self, path, x, equation, activation=None):
        kernel, bias = self._dense[path]
        y = torch.einsum(equation, x, kernel)
        y = y if bias is None else y + bias
        y = y if activation is None else activation(y)
        record_activity(self.config_objects["activity_regularizer"], y)  # each EinsumDense's own penalty
        return y

    supports_masking = True

    def compute_mask(self, inputs, mask):
        """Layer.compute_mask with the mask Keras cached before the call: the query's."""
        return mask[0] if isinstance(mask, (list, tuple)) else mask

    @staticmethod
    def _attention_mask(inputs, mask):
        """_compute_attention_mask from the inputs' masks (query [B, T, 1], value and key [B, 1, S]), which the call
        then removes from the input tensors as Keras's does."""
        masks = list(mask) + [None] * (len(inputs) - len(mask))
        for tensor in inputs:
            set_mask(tensor, None)
        attention = None
        for i, m in enumerate(masks):
            if m is not None:
                m = m.bool().unsqueeze(-1 if i == 0 else -2)
                attention = m if attention is None else attention & m
        return None if attention is None else attention.unsqueeze(-3)  # the heads axis: [B, 1, T, S]

    def call(self, inputs, training, mask=None):
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(f"{self.label} must be called on [query, value] or [query, value, key].")
        attention_mask = None if mask is None else self._attention_mask(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) == 3 else value
        gate = self._project("_gate_dense", query, "abc,cde->abde", torch.sigmoid) if self.use_gate else None
        q = self._project("query_dense", query, "abc,cde->abde")
        k = self._project("key_dense", key, "abc,cde->abde")
        v = self._project("value_dense", value, "abc,cde->abde")
        if self.dropout > 0.0:
            # MultiHeadAttention._compute_attention's einsum path (taken whenever dropout > 0).
            q = q * self.scale
            scores = torch.einsum("aecd,abcd->acbe", k, q)
            if attention_mask is None:
                scores = torch.softmax(scores, dim=-1)
            else:  # the Softmax layer with a mask (layers/activations/softmax.py)
                scores = masked_softmax(scores, attention_mask, lambda t: torch.softmax(t, dim=-1))
            if training:
                scores = F.dropout(scores, p=self.dropout, training=True)
            attended = torch.einsum("acbe,aecd->abcd", scores, v)
        else:
            # ops.dot_product_attention: heads moved to axis 1, softmax(q k^T * scale) v, moved back.
            qh, kh, vh = (t.transpose(1, 2) for t in (q, k, v))
            logits = torch.matmul(qh, kh.transpose(-2, -1)) * self.scale
            if attention_mask is not None:  # backend/torch/nn.py dot_product_attention: an additive mask
                logits = logits + torch.where(attention_mask, torch.zeros((), dtype=logits.dtype, device=logits.device),
                                              torch.tensor(3.38953e38 * -0.7, dtype=logits.dtype, device=logits.device))
            weights = torch.softmax(logits, dim=-1)
            attended = torch.matmul(weights, vh).transpose(1, 2)
        if gate is not None:
            attended = attended * gate
        return self._project("output_dense", attended, self._output_equation)

    # ----- serialization -----
    def serialize(self):
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.built:
            names = ["query_shape", "value_shape", "key_shape"]
            entry["build_config"] = {"shapes_dict": {n: shape_to_json(s) for n, s in zip(names, self._shapes)}}
        return entry

    def layer_config(self):
        return {
            "num_heads": self.num_heads,
            "key_dim": self.key_dim,
            "value_dim": self.value_dim,
            "dropout": self.dropout,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "output_shape": list(self.output_shape_option) if self.output_shape_option else None,
            "attention_axes": list(self.attention_axes) if self.attention_axes else None,
            "sliding_window": None,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "activity_regularizer": None,
            "kernel_constraint": None,
            "bias_constraint": None,
            "seed": self.seed,
        }
