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
The call arguments use_causal_mask and return_attention_scores (kept in the graph node) work as in Keras:
the causal mask keeps key positions j <= i (-inf on the fused path, -1e9 through the masked softmax on the
einsum path); the scores are (batch, heads, Tq, Tv), an extra output.
Masks (torch_engine/masking.py, e.g. from Embedding(mask_zero=True)): as MultiHeadAttention.call, the query's
and value's (and a separate key's) masks make the attention mask [B, T, 1] & [B, 1, S] (_compute_attention_mask,
with the causal mask when asked) and are removed from the input tensors; the output keeps the query's mask. The
dot-product path adds it as ops.dot_product_attention does (0 where kept, -0.7 * 3.38953e38 where masked, before
the softmax), the einsum path as the masked Softmax layer. A causal mask alone keeps the fused is_causal path.
Refused: inputs of other ranks, attention_axes other than the sequence axis, sliding_window, and the
attention_mask call argument (refused by the graph reader).
EinsumAttention (the projections, the attention core, the build config) is shared with GroupQueryAttention
(grouped_query_attention.py).
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.dot_attention import causal_mask, check_rate, split_inputs
from kerasbridge.torch_engine.einsum_dense import kernel_bias_config, kernel_initializer_for
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.masking import set_mask
from kerasbridge.torch_engine.regularizers import record_activity
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NEG_INF = float("-inf")
_MASKED = -1.0e9  # keras/src/layers/activations/softmax.py _large_negative_number (float32)


def positive_int(layer, key, value, optional=False):
    if optional and value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{layer.label}: '{key}' must be a positive int{' or null' if optional else ''}; got {value!r}.")
    return value


def attend(query, key, value, scale, dropout, training, causal=False, return_scores=False, mask=None):
    """Keras's _compute_attention on (batch, steps, heads, dim) projections: (output, scores or None).
    Without dropout and scores: ops.dot_product_attention (heads moved to axis 1, softmax(q k^T * scale) v; a
    causal mask alone as -inf, the is_causal kernel; a boolean attention mask as an additive one); else the einsum
    path: the query scaled first, scores (batch, heads, Tq, Tv) through the Softmax layer's masked softmax,
    attention weights dropped while training. mask: a boolean attention mask broadcastable to (batch, heads, Tq,
    Tv), or None; with causal it is combined with the causal mask, as _compute_attention_mask does."""
    tq, tv = query.shape[1], key.shape[1]
    if mask is not None and causal:
        mask = mask & causal_mask(tq, tv, mask.device)
    if dropout == 0.0 and not return_scores:
        qh, kh, vh = (t.transpose(1, 2) for t in (query, key, value))
        logits = torch.matmul(qh, kh.transpose(-2, -1)) * scale
        if mask is not None:  # backend/torch/nn.py dot_product_attention: a boolean mask made additive
            logits = logits + torch.where(mask, torch.zeros((), dtype=logits.dtype, device=logits.device),
                                          torch.tensor(3.38953e38 * -0.7, dtype=logits.dtype, device=logits.device))
        elif causal:
            logits = logits.masked_fill(~causal_mask(tq, tv, logits.device), _NEG_INF)
        weights = torch.softmax(logits, dim=-1)
        return torch.matmul(weights, vh).transpose(1, 2), None
    scores = torch.einsum("bquh,bkuh->buqk", query * scale, key)
    allowed = mask if mask is not None else causal_mask(tq, tv, scores.device) if causal else None
    if allowed is not None:
        scores = torch.where(allowed, torch.softmax(torch.where(allowed, scores, torch.full_like(scores, _MASKED)),
                                                    dim=-1), torch.zeros_like(scores))
    else:
        scores = torch.softmax(scores, dim=-1)
    dropped = F.dropout(scores, p=dropout, training=True) if training and dropout > 0.0 else scores
    return torch.einsum("buqk,bkuh->bquh", dropped, value), scores


class EinsumAttention(Layer):
    """What MultiHeadAttention and GroupQueryAttention share: options, EinsumDense projections (Keras's
    sub-layers: kernel and bias in a group of the weight file each), the call on [query, value(, key)] and the
    build config of their shapes."""

    has_build_config = True
    # Keras hands kernel/bias regularizers and constraints to every projection's kernel and bias, and its
    # activity_regularizer to the projections (their outputs are penalized), not to the layer's own output.
    base_activity_regularizer = False

    def __init__(self, config, options):
        super().__init__(config, options)
        o = self.options
        self.dropout = check_rate(self, "dropout", o["dropout"])
        self.use_bias = bool(o["use_bias"])
        self.use_gate = bool(o["use_gate"])
        if o["sliding_window"] is not None:
            raise ValueError(f"{self.label}: 'sliding_window' is not supported by the PyTorch engine; only null is.")
        self.seed = o["seed"]
        self.kernel_initializer = initializers.get(o["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.variable_paths = []
        self._dense = {}
        self._shapes = None

    def _split(self, shapes):
        return split_inputs(self, shapes)

    def _check(self, input_shape):
        query, value, key = self._split(input_shape)
        for shape, what in ((query, "query"), (value, "value"), (key, "key")):
            self._require_rank(shape, (3,), f"a (batch, sequence, features) {what}")
            if shape[-1] is None:
                raise ValueError(f"{self.label}: the {what}'s feature size must be known; got {shape_to_json(shape)}.")
        if value[1:-1] != key[1:-1]:
            raise ValueError(f"{self.label}: value and key must have the same shape except the last axis; got "
                             f"{shape_to_json(value)} and {shape_to_json(key)}.")
        self._shapes = [query, value] + ([key] if len(input_shape) == 3 else [])
        self.input_shape = list(self._shapes)
        return query, value, key

    def _add_dense(self, path, kernel_shape, bias_shape, device, input_axes=(0,), output_axes=(1, 2)):
        # EinsumDense.build gives a VarianceScaling kernel initializer the kernel's input/output axes (its fans).
        init = kernel_initializer_for(self.kernel_initializer, input_axes, output_axes)
        kernel = self._add_variable("kernel", kernel_shape, init, True, device)
        bias = self._add_variable("bias", bias_shape, self.bias_initializer, True, device) if self.use_bias else None
        self.variable_paths += [path] * (2 if self.use_bias else 1)
        self._dense[path] = (kernel, bias)

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
        """_compute_attention_mask from the inputs' masks (query [B, T, 1], value and key [B, 1, S]) with a heads
        axis ([B, 1, T, S]), or None; the call then removes the masks from the input tensors, as Keras's does."""
        if mask is None:
            return None
        masks = list(mask) if isinstance(mask, (list, tuple)) else [mask]
        masks += [None] * (len(inputs) - len(masks))
        for tensor in inputs:
            set_mask(tensor, None)
        attention = None
        for i, m in enumerate(masks):
            if m is not None:
                m = m.bool().unsqueeze(-1 if i == 0 else -2)
                attention = m if attention is None else attention & m
        return None if attention is None else attention.unsqueeze(-3)

    def _attend(self, q, k, v, gate, training, use_causal_mask, return_attention_scores, output_path, output_equation,
                mask=None):
        """The attention core on the projections, the gate, the output projection; [output, scores] with the scores."""
        attended, scores = attend(q, k, v, self.scale, self.dropout, training, use_causal_mask, return_attention_scores,
                                  mask)
        if gate is not None:
            attended = attended * gate
        output = self._project(output_path, attended, output_equation)
        return [output, scores] if return_attention_scores else output

    def _inputs(self, inputs):
        return split_inputs(self, inputs, tensors=True)

    def _with_scores(self, output, query, steps, heads, return_attention_scores):
        """The output shape, and with return_attention_scores the scores' (batch, heads, Tq, steps) too."""
        if not return_attention_scores:
            return output
        return [output, (query[0], heads, query[1], steps)]

    def serialize(self):
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.built:
            names = ["query_shape", "value_shape", "key_shape"]
            entry["build_config"] = {"shapes_dict": {n: shape_to_json(s) for n, s in zip(names, self._shapes)}}
        return entry



class MultiHeadAttention(EinsumAttention):
    class_name = "MultiHeadAttention"
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
        self.num_heads = positive_int(self, "num_heads", o["num_heads"])
        self.key_dim = positive_int(self, "key_dim", o["key_dim"])
        self.value_dim = positive_int(self, "value_dim", o["value_dim"], optional=True) or self.key_dim
        output_shape = o["output_shape"]
        if output_shape:
            output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
            for d in output_shape:
                positive_int(self, "output_shape", d)
        self.output_shape_option = output_shape or None
        axes = o["attention_axes"]
        axes = (axes,) if isinstance(axes, int) else (tuple(axes) if axes else None)
        if axes is not None and axes not in ((1,), (-2,)):
            raise ValueError(f"{self.label}: attention over axes {list(axes)} is not supported by the PyTorch engine; "
                             "only the sequence axis of (batch, sequence, features) inputs is.")
        self.attention_axes = axes
        self.scale = 1.0 / math.sqrt(float(self.key_dim))

    def build(self, input_shape, device):
        query, value, key = self._check(input_shape)
        heads = self.num_heads
        # Keras builds query, key, (gate), value, then the output projection.
        self._add_dense("query_dense", (query[-1], heads, self.key_dim), (heads, self.key_dim), device)
        self._add_dense("key_dense", (key[-1], heads, self.key_dim), (heads, self.key_dim), device)
        if self.use_gate:
            self._add_dense("_gate_dense", (query[-1], heads, self.value_dim), (heads, self.value_dim), device)
        self._add_dense("value_dense", (value[-1], heads, self.value_dim), (heads, self.value_dim), device)
        out = self.output_shape_option or (query[-1],)
        self._add_dense("output_dense", (heads, self.value_dim) + tuple(out), tuple(out), device,
                        (0, 1), tuple(range(2, 2 + len(out))))
        letters = _LETTERS[4:4 + len(out)]
        self._output_equation = f"abcd,cd{letters}->ab{letters}"
        self.attention_axes = (1,)
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape, return_attention_scores=False, use_causal_mask=False):
        query, value, key = self._split(input_shape)
        output = tuple(query[:-1]) + tuple(self.output_shape_option or query[-1:])
        # Keras's compute_output_spec gives the scores (batch, heads, Tq, Tq) whatever the key's length (the tensor
        # itself is (batch, heads, Tq, Tv)); the graph's shapes are Keras's.
        return self._with_scores(output, query, query[1], self.num_heads, return_attention_scores)

    def call(self, inputs, training, return_attention_scores=False, use_causal_mask=False, mask=None):
        query, value, key = self._inputs(inputs)
        attention_mask = self._attention_mask(inputs, mask)
        gate = self._project("_gate_dense", query, "abc,cde->abde", torch.sigmoid) if self.use_gate else None
        q = self._project("query_dense", query, "abc,cde->abde")
        k = self._project("key_dense", key, "abc,cde->abde")
        v = self._project("value_dense", value, "abc,cde->abde")
        return self._attend(q, k, v, gate, training, use_causal_mask, return_attention_scores, "output_dense",
                            self._output_equation, attention_mask)

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
            **kernel_bias_config(self),
            "seed": self.seed,
        }
