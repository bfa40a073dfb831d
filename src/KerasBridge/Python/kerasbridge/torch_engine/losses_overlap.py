"""Keras's overlap and metric-learning losses (keras/src/losses/losses.py: Dice, Tversky, Circle and the
functions dice, tversky, circle; build_pos_neg_masks from keras/src/utils/numerical_utils.py), op for op.

Dice and Tversky sum over `axis` (None: every axis, so the loss is one number per batch). Circle compares
every pair of embeddings in the batch and masks the samples whose loss is 0 out of the reduction
(backend.set_keras_mask(circle_loss, circle_loss > 0))."""

import numpy as np
import torch
import torch.nn.functional as F

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import EPSILON, Loss
from kerasbridge.torch_engine.losses_focal import flag, number


def _axes(owner, axis):
    """None, an int or a list of ints (Keras writes a tuple as a list)."""
    if axis is None:
        return None
    values = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not values or any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in values):
        raise InvalidArgumentError(f"{owner}: argument 'axis' must be null, an integer or a list of integers; got {axis!r}.",
                                   argument="axis")
    return axis if not isinstance(axis, tuple) else list(axis)


def _sum(x, axis):
    if axis is None:
        return torch.sum(x)
    return torch.sum(x, dim=tuple(axis) if isinstance(axis, list) else axis)


class Dice(Loss):
    class_name = "Dice"
    default_name = "dice"
    function_names = ("dice",)

    def __init__(self, reduction="sum_over_batch_size", name=None, axis=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.axis = _axes(self.class_name, axis)

    def fn(self, y_true, y_pred):
        intersection = _sum(y_true * y_pred, self.axis)
        dice = 2.0 * intersection / (_sum(y_true, self.axis) + _sum(y_pred, self.axis) + EPSILON)
        return 1 - dice

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


class Tversky(Loss):
    class_name = "Tversky"
    default_name = "tversky"
    function_names = ("tversky",)

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name=None, axis=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.alpha = number(self.class_name, "alpha", alpha)
        self.beta = number(self.class_name, "beta", beta)
        self.axis = _axes(self.class_name, axis)

    def fn(self, y_true, y_pred):
        intersection = _sum(y_true * y_pred, self.axis)
        fp = _sum((1 - y_pred) * y_true, self.axis)
        fn = _sum(y_pred * (1 - y_true), self.axis)
        return 1 - intersection / (intersection + fp * self.alpha + fn * self.beta + EPSILON)

    def get_config(self):
        config = super().get_config()
        config.update({"alpha": self.alpha, "beta": self.beta, "axis": self.axis})
        return config


def _pos_neg_masks(query_labels, key_labels, remove_diagonal):
    if query_labels.dim() == 1:
        query_labels = query_labels.reshape(-1, 1)
    if key_labels.dim() == 1:
        key_labels = key_labels.reshape(-1, 1)
    positive = query_labels == key_labels.T
    negative = torch.logical_not(positive)
    if remove_diagonal:
        eye = torch.eye(query_labels.numel(), key_labels.numel(), dtype=torch.bool, device=positive.device)
        positive = torch.logical_and(positive, ~eye)
    return positive, negative


class Circle(Loss):
    """Circle loss of L2-normalized embeddings against integer group labels (any integers: samples with the same
    label are positives of each other)."""

    class_name = "Circle"
    default_name = "circle"
    function_names = ("circle",)
    label_kind = "ids"

    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True, reduction="sum_over_batch_size", name=None,
                 dtype=None):
        super().__init__(reduction, name, dtype)
        self.gamma = number(self.class_name, "gamma", gamma)
        self.margin = number(self.class_name, "margin", margin)
        self.remove_diagonal = flag(self.class_name, "remove_diagonal", remove_diagonal)

    def fn(self, y_true, y_pred):
        # Keras casts the labels to float32 (Loss.__call__), then to int32.
        labels = y_true.to(torch.float32).to(torch.int32)
        zero = torch.zeros((), dtype=y_pred.dtype, device=y_pred.device)
        margin, gamma = self.margin, self.gamma
        distances = torch.maximum(1 - torch.matmul(y_pred, y_pred.T), zero)
        positive_mask, negative_mask = _pos_neg_masks(labels, labels, self.remove_diagonal)
        positive_mask = positive_mask.to(distances.dtype)
        negative_mask = negative_mask.to(distances.dtype)
        pos_weights = torch.maximum((margin + distances) * positive_mask, zero)
        neg_weights = torch.maximum(((1 + margin) - distances) * negative_mask, zero)
        pos_wdists = -1 * gamma * pos_weights * (margin - distances)
        neg_wdists = gamma * neg_weights * ((1 - margin) - distances)
        minus_inf = torch.tensor(float("-inf"), dtype=distances.dtype, device=distances.device)
        p_loss = torch.logsumexp(torch.where(positive_mask.bool(), pos_wdists, minus_inf), dim=1)
        n_loss = torch.logsumexp(torch.where(negative_mask.bool(), neg_wdists, minus_inf), dim=1)
        return F.softplus(p_loss + n_loss)

    def mask(self, values):
        return values > 0

    def get_config(self):
        config = super().get_config()
        config.update({"gamma": self.gamma, "margin": self.margin, "remove_diagonal": self.remove_diagonal})
        return config


CLASSES = [Dice, Tversky, Circle]
