"""Keras's Attention (Luong-style) and AdditiveAttention (Bahdanau-style) on torch tensors
(keras/src/layers/attention/attention.py, additive_attention.py).

Called on a list [query, value] or [query, value, key] (key defaults to value), shapes (batch, Tq, dim) and
(batch, Tv, dim). Scores (batch, Tq, Tv):
- Attention "dot": matmul(query, key^T), times the scalar `scale` when use_scale;
- Attention "concat": concat_score_weight * sum(tanh(scale * (query[:, :, None] + key[:, None]))) over dim
  (without `scale` when use_scale is off);
- AdditiveAttention: sum(scale * tanh(query[:, :, None] + key[:, None])) over dim, `scale` a (dim,) vector
  (glorot_uniform) when use_scale (the default), else 1.
With use_causal_mask (a call argument Keras keeps in the graph node) the scores above the diagonal get
-1e9 added (ops.where(padding_mask, scores - 1e9, scores)); then softmax over Tv, dropout on the weights while
training, matmul with value. return_attention_scores=True (also a node argument) gives [output, weights].
Variables: Attention's `scale` and `concat_score_weight` are scalars initialized to ones, in that order.
Keras masks (torch_engine/masking.py; the call's mask=[query_mask, value_mask]): the value's mask joins the score
mask (positions not kept get the same -1e9), the output is 0 where the query's mask is False, and the output
keeps the query's mask (Attention.compute_mask).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json

# The value Keras subtracts from masked scores (float32; attention.py _apply_scores).
_MASKED = 1.0e9


def check_rate(layer, key, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ValueError(f"{layer.label}: '{key}' must be a number in [0, 1]; got {value!r}.")
    return value


def split_inputs(layer, inputs, tensors=False):
    """(query, value, key) of a call on [query, value] or [query, value, key] (shapes, or with tensors=True the
    tensors); the key defaults to the value (Attention._validate_inputs' checks)."""
    item = torch.Tensor if tensors else (list, tuple)
    if not isinstance(inputs, (list, tuple)) or not inputs or not isinstance(inputs[0], item):
        raise ValueError(f"{layer.label} must be called on a list of inputs, namely [query, value] or "
                         f"[query, value, key]; got {inputs!r:.200}.")
    if len(inputs) not in (2, 3):
        raise ValueError(f"{layer.label} accepts an inputs list of length 2 or 3, namely [query, value] or "
                         f"[query, value, key]; got length {len(inputs)}.")
    fix = (lambda x: x) if tensors else tuple
    query, value = fix(inputs[0]), fix(inputs[1])
    return query, value, fix(inputs[2]) if len(inputs) == 3 else value


def causal_mask(tq, tv, device):
    """Keras's causal mask, True where query position i may attend to key position j (j <= i)."""
    return torch.ones((tq, tv), dtype=torch.bool, device=device).tril()


class Attention(Layer):
    class_name = "Attention"
    has_build_config = True
    _OPTIONS = {"use_scale": False, "score_mode": "dot", "dropout": 0.0, "seed": None}

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        if not isinstance(o["use_scale"], bool):
            raise ValueError(f"{self.label}: 'use_scale' must be true or false; got {o['use_scale']!r}.")
        self.use_scale = o["use_scale"]
        if o["score_mode"] not in ("dot", "concat"):
            raise ValueError(f"{self.label}: invalid value for argument score_mode. Expected one of "
                             f"{{'dot', 'concat'}}; got score_mode={o['score_mode']!r}.")
        self.score_mode = o["score_mode"]
        self.dropout = check_rate(self, "dropout", o["dropout"])
        self.seed = o["seed"]
        self.scale = None
        self.concat_score_weight = None
        self._shapes = None

    # ----- building -----
    def _split(self, shapes):
        return split_inputs(self, shapes)

    def _check(self, shapes):
        query, value, key = self._split(shapes)
        if len({len(query), len(value), len(key)}) != 1 or len(query) < 3:
            raise ValueError(f"{self.label}: query, value and key must be (batch, ..., steps, features) tensors of "
                             f"one rank (3 or more); got shapes {', '.join(str(shape_to_json(s)) for s in shapes)}.")
        if None not in (query[-1], key[-1]) and query[-1] != key[-1]:
            raise ValueError(f"{self.label}: query and key must have the same feature size; got "
                             f"{shape_to_json(query)} and {shape_to_json(key)}.")
        if None not in (value[-2], key[-2]) and value[-2] != key[-2]:
            raise ValueError(f"{self.label}: value and key must have the same number of steps; got "
                             f"{shape_to_json(value)} and {shape_to_json(key)}.")
        return query, value, key

    def build(self, input_shape, device):
        self._check(input_shape)
        self._build_scores(input_shape, device)
        self._shapes = [tuple(s) for s in input_shape]
        self.input_shape = list(self._shapes)
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def _build_scores(self, input_shape, device):
        if self.use_scale:
            self.scale = self._add_variable("scale", (), initializers.Ones(), True, device)
        if self.score_mode == "concat":
            self.concat_score_weight = self._add_variable("concat_score_weight", (), initializers.Ones(), True, device)

    def compute_output_shape(self, input_shape, return_attention_scores=False, use_causal_mask=False):
        query, value, key = self._split(input_shape)
        output = tuple(query[:-1]) + (value[-1],)
        if return_attention_scores:
            return [output, tuple(query[:-1]) + (key[-2],)]
        return output

    # ----- running -----
    def _scores(self, query, key):
        if self.score_mode == "dot":
            scores = torch.matmul(query, key.transpose(-2, -1))
            return scores if self.scale is None else scores * self.scale
        summed = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.scale is not None:
            summed = self.scale * summed
        return self.concat_score_weight * torch.tanh(summed).sum(-1)

    supports_masking = True

    def compute_mask(self, inputs, mask):
        return None if not mask or mask[0] is None else mask[0]

    def call(self, inputs, training, return_attention_scores=False, use_causal_mask=False, mask=None):
        query, value, key = split_inputs(self, inputs, tensors=True)
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask and len(mask) > 1 else None
        scores = self._scores(query, key)
        # _calculate_score_mask: the value's mask [B, 1, Tv], and with use_causal_mask the causal one [1, Tq, Tv].
        allowed = None if value_mask is None else value_mask.bool().unsqueeze(-2)
        if use_causal_mask:
            causal = causal_mask(scores.shape[-2], scores.shape[-1], scores.device).unsqueeze(0)
            allowed = causal if allowed is None else allowed & causal
        if allowed is not None:
            scores = torch.where(allowed, scores, scores - _MASKED)
        weights = torch.softmax(scores, dim=-1)
        if training and self.dropout > 0:
            weights = F.dropout(weights, p=self.dropout, training=True)
        output = torch.matmul(weights, value)
        if query_mask is not None:
            output = torch.where(query_mask.bool().unsqueeze(-1), output, torch.zeros((), dtype=output.dtype,
                                                                                      device=output.device))
        return [output, weights] if return_attention_scores else output

    # ----- serialization -----
    def serialize(self):
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.built:
            entry["build_config"] = {"input_shape": [shape_to_json(s) for s in self._shapes]}
        return entry

    def layer_config(self):
        return {"use_scale": self.use_scale, "score_mode": self.score_mode, "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    class_name = "AdditiveAttention"
    # score_mode is Attention's option: AdditiveAttention takes it, ignores it and does not write it.
    _OPTIONS = {"use_scale": True, "score_mode": "dot", "dropout": 0.0, "seed": None}

    def _build_scores(self, input_shape, device):
        dim = input_shape[0][-1]
        if self.use_scale:
            if dim is None:
                raise ValueError(f"{self.label}: the query's feature size must be known; got "
                                 f"{shape_to_json(input_shape[0])}.")
            self.scale = self._add_variable("scale", (dim,), initializers.GlorotUniform(), True, device)

    def _scores(self, query, key):
        tanh = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        return (tanh if self.scale is None else self.scale * tanh).sum(-1)

    def layer_config(self):
        return {"use_scale": self.use_scale, "dropout": self.dropout, "seed": self.seed}


DOT_ATTENTION_CLASSES = (Attention, AdditiveAttention)
