"""Keras losses with Keras's arithmetic (keras/src/losses/losses.py, losses/loss.py and the
crossentropy ops in keras/src/backend/torch/nn.py).

A loss computes one value per sample (Keras's loss function after squeeze_or_expand_to_same_rank)
and reduces them; the default reduction "sum_over_batch_size" is sum / number of values.
Probabilities are clipped to [1e-7, 1 - 1e-7] (keras.backend.epsilon()) before taking logs.
"""

import numpy as np
import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.masking import get_mask, output_mask_weights
from kerasbridge.torch_engine.serialization import keras_object, split_identifier
from kerasbridge.errors import InvalidArgumentError

EPSILON = 1e-7
_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """keras.src.losses.loss.squeeze_or_expand_to_same_rank: fix a rank difference of one trailing 1."""
    x1_rank = x1.dim()
    x2_rank = x2.dim()
    if x1_rank == x2_rank:
        return x1, x2
    if x1_rank == x2_rank + 1 and x1.shape[-1] == 1:
        if x2_rank == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if x2_rank == x1_rank + 1 and x2.shape[-1] == 1:
        if x1_rank == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


def reduce_values(values, reduction, sample_weight=None):
    """keras.src.losses.loss.reduce_values: sum, divided by the number of values ("sum_over_batch_size",
    "mean") or, for "mean_with_sample_weight" with weights, by their sum (divide_no_nan: 0 for 0)."""
    if reduction in (None, "none") or values.dim() == 0 or tuple(values.shape) == (0,):
        return values
    loss = values.sum()
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = sample_weight.sum().to(loss.dtype)
            return torch.where(divisor == 0, torch.zeros_like(loss), loss / divisor)
        count = values.numel()
        loss = loss / count if count else torch.zeros_like(loss)
    return loss


def reduce_weighted_values(values, sample_weight, reduction):
    """keras.src.losses.loss.reduce_weighted_values (no mask): values * sample_weight after matching ranks,
    then reduce_values. With "sum_over_batch_size" the weighted sum is divided by the number of values,
    not by the sum of the weights."""
    if sample_weight is not None:
        sample_weight = sample_weight.to(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, reduction, sample_weight)


class Loss:
    class_name = "Loss"
    default_name = "loss"
    # What the labels are: "values" (regression), "binary", "one_hot" or "class_ids".
    label_kind = "values"

    def __init__(self, reduction="sum_over_batch_size", name=None, dtype=None):
        if reduction not in _REDUCTIONS:
            raise InvalidArgumentError(
                f"Loss argument 'reduction' must be one of {list(_REDUCTIONS)}; got {reduction!r}."
            )
        if dtype not in (None, "float32"):
            raise InvalidArgumentError(f"Loss argument 'dtype' must be float32 in the PyTorch engine; got {dtype!r}.")
        self.reduction = reduction
        self.name = name or self.default_name

    def fn(self, y_true, y_pred):
        raise NotImplementedError

    def values(self, y_true, y_pred):
        """One loss value per sample (LossFunctionWrapper.call)."""
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred)

    def mask(self, values):
        """The mask Keras's loss function sets on its values (backend.set_keras_mask), or None."""
        return None

    def __call__(self, y_true, y_pred, sample_weight=None):
        # loss.py Loss.__call__: the output's mask (torch_engine/masking.py) and the mask the loss function sets on its
        # values (Circle's), joined, weigh the values.
        in_mask = get_mask(y_pred)
        values = self.values(y_true, y_pred)
        out_mask = self.mask(values)
        mask = in_mask & out_mask if in_mask is not None and out_mask is not None else (
            in_mask if in_mask is not None else out_mask)
        if mask is not None:
            sample_weight = output_mask_weights(sample_weight, mask, values.dtype, self.reduction)
        if sample_weight is None:
            return reduce_values(values, self.reduction)
        return reduce_weighted_values(values, sample_weight, self.reduction)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    def serialize(self):
        return keras_object("keras.losses", self.class_name, self.get_config())


class MeanSquaredError(Loss):
    class_name = "MeanSquaredError"
    default_name = "mean_squared_error"

    def fn(self, y_true, y_pred):
        return torch.mean(torch.square(y_true - y_pred), dim=-1)


class MeanAbsoluteError(Loss):
    class_name = "MeanAbsoluteError"
    default_name = "mean_absolute_error"

    def fn(self, y_true, y_pred):
        return torch.mean(torch.abs(y_true - y_pred), dim=-1)


def _number(loss, argument, value):
    """value as a float; a string or None is refused naming the argument (Keras takes it, then fails in its first
    call, where its ops cannot do arithmetic with it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"{type(loss).__name__}: argument '{argument}' must be a number; got {value!r}.")
    return float(value)


class Huber(Loss):
    class_name = "Huber"
    default_name = "huber_loss"

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.delta = _number(self, "delta", delta)
        # Keras computes 0.5 * square(delta) on float32 tensors.
        delta32 = np.float32(self.delta)
        self._half_delta_squared = float(np.float32(0.5) * (delta32 * delta32))

    def fn(self, y_true, y_pred):
        error = y_pred - y_true
        abs_error = torch.abs(error)
        quadratic = 0.5 * torch.square(error)
        linear = self.delta * abs_error - self._half_delta_squared
        return torch.mean(torch.where(abs_error <= self.delta, quadratic, linear), dim=-1)

    def get_config(self):
        # Keras 3.15's Huber.get_config omits delta; write it only when it is not the default so
        # the usual case matches Keras's file byte for byte and a custom delta is not lost.
        config = super().get_config()
        if self.delta != 1.0:
            config["delta"] = self.delta
        return config


class _Crossentropy(Loss):
    """What BinaryCrossentropy and CategoricalCrossentropy share: their arguments and config."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.from_logits = bool(from_logits)
        self.label_smoothing = _number(self, "label_smoothing", label_smoothing)
        self.axis = axis

    def get_config(self):
        config = super().get_config()
        config.update({"from_logits": self.from_logits, "label_smoothing": self.label_smoothing, "axis": self.axis})
        return config


class BinaryCrossentropy(_Crossentropy):
    class_name = "BinaryCrossentropy"
    default_name = "binary_crossentropy"
    label_kind = "binary"

    def fn(self, y_true, y_pred):
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        if self.from_logits:
            values = F.binary_cross_entropy_with_logits(y_pred, y_true, reduction="none")
        else:
            output = torch.clip(y_pred, EPSILON, 1.0 - EPSILON)
            values = F.binary_cross_entropy(output, y_true, reduction="none")
        return torch.mean(values, dim=self.axis)


class CategoricalCrossentropy(_Crossentropy):
    class_name = "CategoricalCrossentropy"
    default_name = "categorical_crossentropy"
    label_kind = "one_hot"

    def fn(self, y_true, y_pred):
        if self.label_smoothing:
            # Keras divides by the class count as a float32 tensor.
            share = float(np.float32(self.label_smoothing) / np.float32(y_true.shape[-1]))
            y_true = y_true * (1.0 - self.label_smoothing) + share
        if self.from_logits:
            log_prob = F.log_softmax(y_pred, dim=self.axis)
        else:
            # Keras renormalizes the probabilities, then clips them away from 0 and 1.
            output = y_pred / torch.sum(y_pred, dim=self.axis, keepdim=True)
            output = torch.clamp(output, EPSILON, 1.0 - EPSILON)  # torch.clip is an alias of clamp
            log_prob = torch.log(output)
        return -torch.sum(y_true * log_prob, dim=self.axis)


class SparseCategoricalCrossentropy(Loss):
    class_name = "SparseCategoricalCrossentropy"
    default_name = "sparse_categorical_crossentropy"
    label_kind = "class_ids"

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size", name=None,
                 dtype=None, axis=-1):
        super().__init__(reduction, name, dtype)
        if ignore_class is not None:
            raise ValueError("SparseCategoricalCrossentropy: 'ignore_class' is not supported by the PyTorch engine.")
        if axis != -1:
            raise ValueError("SparseCategoricalCrossentropy: only axis=-1 is supported by the PyTorch engine.")
        self.from_logits = bool(from_logits)

    def fn(self, y_true, y_pred):
        target = y_true.long()
        if target.dim() == y_pred.dim() and target.shape[-1] == 1:
            target = target.squeeze(-1)
        if y_pred.dim() > 2:
            # torch wants the class axis at position 1.
            y_pred = y_pred.movedim(-1, 1)
        if self.from_logits:
            return F.cross_entropy(y_pred, target, reduction="none")
        output = y_pred / torch.sum(y_pred, dim=1, keepdim=True)
        output = torch.clip(output, EPSILON, 1.0 - EPSILON)
        return F.nll_loss(torch.log(output), target, reduction="none")

    def get_config(self):
        config = super().get_config()
        config.update({"from_logits": self.from_logits, "ignore_class": None})
        return config


from kerasbridge.torch_engine import losses_ctc, losses_extra, losses_focal, losses_overlap  # noqa: E402  (subclasses of Loss)

_EXTRA = losses_extra.CLASSES + losses_focal.CLASSES + losses_overlap.CLASSES + losses_ctc.CLASSES
_CLASSES = [MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy] + _EXTRA
_BY_CLASS_NAME = {cls.class_name: cls for cls in _CLASSES}
# String names Keras's losses.get accepts for these losses: the loss functions' names and aliases.
_BY_FUNCTION_NAME = {
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "huber": Huber,
    "binary_crossentropy": BinaryCrossentropy, "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_BY_FUNCTION_NAME.update({alias: cls for cls in _EXTRA for alias in cls.function_names})


def names():
    return sorted(set(_BY_CLASS_NAME) | set(_BY_FUNCTION_NAME) | {"crossentropy", "ce"})


def is_auto_crossentropy(identifier):
    return isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce")


def get(identifier, argument="loss"):
    """A Loss from a Keras name or serialized dict. "crossentropy"/"ce" must go through resolve()."""
    name, config = split_identifier(identifier, argument)
    if config is None and name in _BY_FUNCTION_NAME:
        # A function name: Keras wraps the function, named after the string given.
        loss = _BY_FUNCTION_NAME[name]()
        loss.name = name
        return loss
    cls = _BY_CLASS_NAME.get(name)
    if cls is None:
        raise InvalidArgumentError(f"Unknown loss {identifier!r} in argument '{argument}'. Valid losses: {', '.join(names())}.")
    config = dict(config or {})
    config.pop("fn", None)
    try:
        return cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for loss {name} in argument '{argument}': {e}.") from None


def resolve(identifier, y_true_shape, y_pred_shape):
    """Keras's compile_utils.get_loss: "crossentropy"/"ce" becomes binary, sparse or categorical
    crossentropy from the shapes of the labels and the model output."""
    if not is_auto_crossentropy(identifier):
        return get(identifier)
    is_binary = y_pred_shape[-1] == 1
    is_sparse = len(y_true_shape) < len(y_pred_shape) or (y_true_shape[-1] == 1 and y_pred_shape[-1] != 1)
    if is_binary:
        loss = BinaryCrossentropy()
    elif is_sparse:
        loss = SparseCategoricalCrossentropy()
    else:
        loss = CategoricalCrossentropy()
    loss.name = identifier
    return loss
