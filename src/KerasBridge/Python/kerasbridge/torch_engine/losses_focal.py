"""Keras's focal and generalized crossentropies (keras/src/losses/losses.py: BinaryFocalCrossentropy,
CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy and the functions they wrap). Each `fn`
repeats Keras's function op for op on the rank-matched float32 tensors; registered in losses.py."""

import numpy as np
import torch
import torch.nn.functional as F

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import EPSILON, Loss


def number(owner, argument, value, low=None, high=None, open_low=False, open_high=False):
    """A real number (not a bool) within the given bounds, or a clear InvalidArgumentError."""
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.floating, np.integer)) and np.isfinite(value)
    if ok and low is not None:
        ok = value > low if open_low else value >= low
    if ok and high is not None:
        ok = value < high if open_high else value <= high
    if not ok:
        lo = "" if low is None else f"{'>' if open_low else '>='} {low}"
        hi = "" if high is None else f"{'<' if open_high else '<='} {high}"
        bounds = " and ".join(b for b in (lo, hi) if b)
        raise InvalidArgumentError(
            f"{owner}: argument '{argument}' must be a number{' ' + bounds if bounds else ''}; got {value!r}.",
            argument=argument)
    return value


def flag(owner, argument, value):
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidArgumentError(f"{owner}: argument '{argument}' must be true or false; got {value!r}.", argument=argument)
    return bool(value)


def int_axis(owner, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidArgumentError(f"{owner}: argument 'axis' must be an integer; got {value!r}.", argument="axis")
    return int(value)


class _FocalBase(Loss):
    def _common(self, alpha, gamma, from_logits, label_smoothing, axis):
        owner = self.class_name
        self.alpha = alpha
        self.gamma = number(owner, "gamma", gamma, low=0)
        self.from_logits = flag(owner, "from_logits", from_logits)
        self.label_smoothing = number(owner, "label_smoothing", label_smoothing, low=0, high=1)
        self.axis = int_axis(owner, axis)

    def get_config(self):
        config = super().get_config()
        config.update({"from_logits": self.from_logits, "label_smoothing": self.label_smoothing, "axis": self.axis})
        return config


class BinaryFocalCrossentropy(_FocalBase):
    class_name = "BinaryFocalCrossentropy"
    default_name = "binary_focal_crossentropy"
    function_names = ("binary_focal_crossentropy",)
    label_kind = "binary"

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                 axis=-1, reduction="sum_over_batch_size", name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self._common(number(self.class_name, "alpha", alpha, low=0, high=1), gamma, from_logits, label_smoothing, axis)
        self.apply_class_balancing = flag(self.class_name, "apply_class_balancing", apply_class_balancing)

    def fn(self, y_true, y_pred):
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        if self.from_logits:
            y_pred = torch.sigmoid(y_pred)
        # ops.binary_crossentropy(from_logits=False): clipped probabilities.
        bce = F.binary_cross_entropy(torch.clip(y_pred, EPSILON, 1.0 - EPSILON), y_true, reduction="none")
        p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
        focal_bce = torch.pow(1.0 - p_t, self.gamma) * bce
        if self.apply_class_balancing:
            weight = y_true * self.alpha + (1 - y_true) * (1 - self.alpha)
            focal_bce = weight * focal_bce
        return torch.mean(focal_bce, dim=self.axis)

    def get_config(self):
        config = super().get_config()
        config.update({"apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha, "gamma": self.gamma})
        return config


class CategoricalFocalCrossentropy(_FocalBase):
    class_name = "CategoricalFocalCrossentropy"
    default_name = "categorical_focal_crossentropy"
    function_names = ("categorical_focal_crossentropy",)
    label_kind = "one_hot"

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        # Keras's function takes one alpha or one per class (broadcast over the class axis).
        if isinstance(alpha, (list, tuple)):
            if not alpha:
                raise InvalidArgumentError(f"{self.class_name}: argument 'alpha' must be a number or a non-empty list of "
                                           "numbers (one per class); got [].", argument="alpha")
            alpha = [number(self.class_name, "alpha", a) for a in alpha]
        else:
            number(self.class_name, "alpha", alpha)
        self._common(alpha, gamma, from_logits, label_smoothing, axis)

    def fn(self, y_true, y_pred):
        if self.label_smoothing:
            share = float(np.float32(self.label_smoothing) / np.float32(y_true.shape[-1]))
            y_true = y_true * (1.0 - self.label_smoothing) + share
        if self.from_logits:
            y_pred = torch.softmax(y_pred, dim=self.axis)
        output = y_pred / torch.sum(y_pred, dim=self.axis, keepdim=True)
        output = torch.clip(output, EPSILON, 1.0 - EPSILON)
        cce = -y_true * torch.log(output)
        alpha = self.alpha
        if isinstance(alpha, list):
            # Keras's ops.multiply broadcasts the list over the last axis: one entry, or one per class there.
            if len(alpha) not in (1, output.shape[-1]):
                raise InvalidArgumentError(
                    f"{self.class_name}: argument 'alpha' has {len(alpha)} entries; expected one per class "
                    f"({output.shape[-1]}, the last axis of y_pred) or a single one.", argument="alpha")
            alpha = torch.tensor(alpha, dtype=output.dtype, device=output.device)
        focal_cce = torch.pow(1.0 - output, self.gamma) * alpha * cce
        return torch.sum(focal_cce, dim=self.axis)

    def get_config(self):
        config = super().get_config()
        config.update({"alpha": self.alpha, "gamma": self.gamma})
        return config


class CategoricalGeneralizedCrossEntropy(Loss):
    """(1 - p^q) / q for p the predicted probability of the integer class id. Keras 3.15.1 has no string name
    for it and its losses.get cannot rebuild it (it is missing from ALL_OBJECTS); only the class name works here."""

    class_name = "CategoricalGeneralizedCrossEntropy"
    default_name = "categorical_generalized_cross_entropy"
    function_names = ()
    label_kind = "class_ids"

    def __init__(self, q=0.5, reduction="sum_over_batch_size", name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.q = number(self.class_name, "q", q, low=0, high=1, open_low=True, open_high=True)

    def fn(self, y_true, y_pred):
        # ops.one_hot: negative ids give zero rows.
        ids = y_true.long()
        one_hot = F.one_hot(torch.clamp(ids, min=0), y_pred.shape[-1])
        one_hot = torch.where((ids >= 0).unsqueeze(-1), one_hot, torch.zeros_like(one_hot)).to(y_pred.dtype)
        p = torch.sum(y_pred * one_hot, dim=-1)
        return (1 - torch.pow(p, self.q)) / self.q

    def get_config(self):
        config = super().get_config()
        config["q"] = self.q
        return config


CLASSES = [BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy]
