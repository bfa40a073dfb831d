"""Keras masking on the PyTorch engine: how a mask is made, travels between layers and reaches the loss.

Sources: keras/src/layers/layer.py (`__call__` step 6 "Populate mask argument(s)", `_set_mask_metadata`,
`supports_masking`, `compute_mask`), keras/src/backend/torch/core.py (`set_keras_mask`: the mask is the
attribute `_keras_mask` of the tensor it describes), models/functional.py and sequential.py (a layer's output
carries its mask to the next call), layers/merging/base_merge.py and concatenate.py (merged masks),
layers/core/masking.py (the Masking layer, here too), losses/loss.py (`apply_mask`) and
metrics/reduction_metrics.py (MeanMetricWrapper: the mask of y_pred weighs the values).

As in Keras a mask is a bool tensor (batch, timesteps) attached to the tensor it describes. A model whose
layers can make one (Embedding(mask_zero=True), Masking, a nested model with either) calls each layer through
`call` below: the layer gets the mask of its first argument when its `call` takes `mask` (the recurrent
layers, Bidirectional, GlobalAveragePooling1D), and, when it supports masking, its outputs get the masks its
`compute_mask` gives (by default the input's). A layer that does not support masking drops the mask, as Keras's
does (Keras only warns). Models without such layers run as before, without this module.
"""

import inspect

import torch

from kerasbridge.torch_engine.layers import Layer

_ATTRIBUTE = "_keras_mask"

# Keras layers whose __init__ sets supports_masking = True and that keep Layer.compute_mask: the mask passes on
# unchanged (listed from keras 3.15.1: `layer.supports_masking` of each class the engine runs).
_PASSES_MASK = frozenset((
    "Activation", "ActivityRegularization", "BatchNormalization", "Dense", "Dropout", "ELU", "GaussianDropout",
    "GaussianNoise", "LayerNormalization", "LeakyReLU", "Normalization", "PReLU", "ReLU", "Rescaling",
    "SpatialDropout1D", "SpatialDropout2D", "TimeDistributed",
))
# Merge layers (base_merge.py compute_mask): the OR of the inputs' masks when every input has one.
_MERGES_OR = frozenset(("Add", "Subtract", "Average", "Maximum", "Minimum", "Multiply"))


def get_mask(x):
    """The mask Keras attached to a tensor (backend.get_keras_mask), or None."""
    return getattr(x, _ATTRIBUTE, None) if isinstance(x, torch.Tensor) else None


def set_mask(x, mask):
    setattr(x, _ATTRIBUTE, mask)


def detached(x):
    """x.detach() keeping its mask (the metrics read it)."""
    y = x.detach()
    mask = get_mask(x)
    if mask is not None:
        set_mask(y, mask)
    return y


def produces_mask(layer):
    """Whether a layer can make a mask from unmasked inputs: Embedding(mask_zero=True), Masking, or a nested model
    holding one."""
    model = getattr(layer, "model", None)
    if model is not None and hasattr(model, "_masked"):
        return model._masked
    return bool(getattr(layer, "makes_mask", False))


def any_produces_mask(layers):
    return any(produces_mask(layer) for layer in layers)


def supports_masking(layer):
    """Keras's layer.supports_masking. Operations (ops in a Functional graph) and nested models make no output mask
    of their own: Keras's Operation.__call__ attaches none, and a nested model's output keeps the one its own layers
    gave it."""
    own = getattr(layer, "supports_masking", None)
    if own is not None:
        return own
    return isinstance(layer, Layer) and (layer.class_name in _PASSES_MASK or layer.class_name in _MERGES_OR
                                         or layer.class_name in ("Concatenate", "Dot"))


_TAKES_MASK = {}


def call_takes_mask(layer):
    """Keras's _call_has_mask_arg: whether the layer's call() has a `mask` parameter."""
    cls = type(layer)
    takes = _TAKES_MASK.get(cls)
    if takes is None:
        takes = _TAKES_MASK[cls] = "mask" in inspect.signature(cls.call).parameters
    return takes


def _input_mask(x):
    """Keras's previous_mask: the mask of the first argument (a list of masks for a list of tensors), None when
    no input carries one."""
    if isinstance(x, (list, tuple)):
        masks = [get_mask(t) for t in x]
        return masks if any(m is not None for m in masks) else None
    return get_mask(x)


def call(layer, x, training, mask=None, **kwargs):
    """layer.call(x, training, **kwargs) as Keras's Layer.__call__ runs it: the mask (`mask` when given, as a
    Functional node's recorded mask keyword, else the input's) into call(mask=...) when the layer takes one, then
    the output masks from compute_mask when the layer supports masking. kwargs: the node's call flags
    (use_causal_mask, ...)."""
    if mask is None:
        mask = _input_mask(x)
    elif mask.dtype != torch.bool:
        mask = mask.bool()
    if mask is not None and call_takes_mask(layer):
        y = layer.call(x, training, mask=mask, **kwargs)
    else:
        y = layer.call(x, training, **kwargs)
    if (mask is not None or produces_mask(layer)) and supports_masking(layer):
        _set_output_masks(layer, x, y, mask)
    return y


def _set_output_masks(layer, x, y, mask):
    """Layer._set_mask_metadata: masks only for outputs that have none yet."""
    outputs = y if isinstance(y, (list, tuple)) else [y]
    if all(get_mask(t) is not None for t in outputs):
        return
    masks = compute_mask(layer, x, mask)
    if masks is None:
        return
    masks = masks if isinstance(masks, (list, tuple)) else [masks]
    for tensor, m in zip(outputs, masks):
        if m is not None and get_mask(tensor) is None:
            set_mask(tensor, m)


def compute_mask(layer, x, mask):
    """The layer's compute_mask(inputs, previous_mask)."""
    own = getattr(layer, "compute_mask", None)
    if own is not None:
        return own(x, mask)
    name = layer.class_name
    if name in _MERGES_OR:
        if mask is None or any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = torch.logical_or(out, m)
        return out
    if name == "Concatenate":
        return _concatenate_mask(layer, x, mask)
    if name == "Dot":
        return None
    return mask


def _concatenate_mask(layer, inputs, mask):
    """concatenate.py compute_mask: ones for unmasked inputs, masks widened to their input's rank, concatenated
    along the layer's axis, then any() over the last axis."""
    if mask is None or all(m is None for m in mask):
        return None
    masks = []
    for tensor, m in zip(inputs, mask):
        if m is None:
            masks.append(torch.ones_like(tensor, dtype=torch.bool))
        elif m.dim() < tensor.dim():
            masks.append(torch.logical_or(m.unsqueeze(-1), torch.zeros_like(tensor, dtype=torch.bool)))
        else:
            masks.append(m)
    return torch.any(torch.cat(masks, dim=layer.axis), dim=-1)


def output_mask_weights(sample_weight, mask, dtype, reduction):
    """losses/loss.py apply_mask: the mask merged into the sample weights. For a mean reduction the kept entries
    weigh total / valid (so the mean runs over the kept ones), else 1."""
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = torch.tensor(float(mask.numel()), dtype=dtype, device=mask.device)
        valid = mask.to(dtype).sum()
        weight = torch.where(valid == 0, torch.zeros_like(total), total / valid)  # divide_no_nan
        float_mask = torch.where(mask.bool(), weight, torch.zeros_like(weight))
    else:
        float_mask = mask.to(dtype)
    if sample_weight is None:
        return float_mask
    from kerasbridge.torch_engine.losses import squeeze_or_expand_to_same_rank

    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight.to(dtype))
    if float_mask.dim() != sample_weight.dim() and sample_weight.shape[0] != float_mask.shape[-1]:
        raise ValueError(f"a sample weight of shape {tuple(sample_weight.shape)} cannot weigh the output mask of shape "
                         f"{tuple(mask.shape)} (Keras multiplies them; they do not broadcast).")
    return sample_weight * float_mask


class Masking(Layer):
    """layers/core/masking.py: a timestep whose features all equal mask_value is masked; its outputs are zeros."""

    class_name = "Masking"
    supports_masking = True
    makes_mask = True

    def __init__(self, config):
        super().__init__(config, {"mask_value": 0.0})
        value = self.options["mask_value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{self.label}: 'mask_value' must be a number; got {value!r}.")
        self.mask_value = value

    def call(self, x, training):
        keep = torch.any(x != self.mask_value, dim=-1, keepdim=True)
        y = torch.where(keep, x, torch.zeros((), dtype=x.dtype, device=x.device))
        set_mask(y, keep.squeeze(-1))
        return y

    def compute_mask(self, x, mask):
        return torch.any(x != self.mask_value, dim=-1)

    def layer_config(self):
        return {"mask_value": self.mask_value}


MASKING_CLASSES = (Masking,)
