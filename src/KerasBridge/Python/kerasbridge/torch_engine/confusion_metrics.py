"""Keras's confusion-matrix metrics: the counts (TruePositives, ...), Precision, Recall, AUC and the rates at a
target rate (PrecisionAtRecall, SensitivityAtSpecificity, ...) (keras/src/metrics/confusion_metrics.py,
counting as keras/src/metrics/metrics_utils.update_confusion_matrix_variables does).

Counts are float32 per threshold, kept on the device. A prediction is positive at a threshold when
pred > threshold. AUC's default thresholds are evenly spaced, so Keras counts with buckets
(ceil(pred * (n - 1)) - 1, then reversed cumulative sums); this does the same. AUC's result is the
Riemann sum with Keras's interpolation (ROC: trapezoids; PR: Davis & Goadrich interpolation).
"""


import numpy as np
import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import EPSILON, squeeze_or_expand_to_same_rank
from kerasbridge.torch_engine.metrics import Metric

_F32 = torch.float32
NEG_INF = -1e10


def _thresholds_list(thresholds, default, owner):
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple)) else [thresholds]
    for t in values:
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 1:
            raise InvalidArgumentError(f"{owner}: argument 'thresholds' must hold numbers in [0, 1]; got {thresholds!r}.")
    return values


def is_evenly_distributed(thresholds):
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=EPSILON))


def _evenly_spaced_inner(num_thresholds):
    """Keras's default thresholds between 0 and 1 (both left out): (i + 1) / (num_thresholds - 1)."""
    return [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]


def _divide_no_nan(a, b):
    return torch.where(b == 0, torch.zeros_like(a), a / torch.where(b == 0, torch.ones_like(b), b))


class _ConfusionMetric(Metric):
    direction = "up"
    counts = ("tp", "fp")

    def _setup(self, thresholds, top_k=None, class_id=None, evenly=None):
        self.thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        self.evenly = is_evenly_distributed(thresholds) if evenly is None else evenly
        self.with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
        self.state = {}

    def reset(self, device):
        self.device = device
        self.state = {k: torch.zeros(len(self.thresholds), dtype=_F32, device=device) for k in self.counts}
        self._thresholds_t = torch.tensor(np.asarray(self.thresholds, dtype=np.float64), dtype=_F32, device=device)

    def _prepare(self, y_true, y_pred):
        y_true = y_true.to(_F32)
        y_pred = y_pred.to(_F32)
        y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
        if self.top_k is not None:
            _, index = torch.topk(y_pred, self.top_k, dim=-1)
            mask = torch.zeros_like(y_pred).scatter_(-1, index, 1.0)
            y_pred = y_pred * mask + NEG_INF * (1 - mask)
        if self.class_id is not None:
            if y_pred.dim() == 1:
                raise InvalidArgumentError(
                    f"{self.class_name}: with class_id, predictions must have shape (samples, classes); "
                    f"got shape {tuple(y_pred.shape)}.")
            y_true = y_true[..., self.class_id, None]
            y_pred = y_pred[..., self.class_id, None]
        return y_true, y_pred

    def update(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._prepare(y_true, y_pred)
        # metrics_utils.update_confusion_matrix_variables: each sample's weight over all its predictions.
        weight = None if sample_weight is None else _per_prediction(sample_weight, y_pred)
        if self.evenly:
            self._update_buckets(y_true, y_pred, weight)
            return
        labels = (y_true.reshape(1, -1) != 0)
        preds = y_pred.reshape(1, -1)
        pred_is_pos = preds > self._thresholds_t.reshape(-1, 1)
        weight = None if weight is None else weight.reshape(1, -1)
        for key, cond in (("tp", lambda: labels & pred_is_pos), ("fp", lambda: ~labels & pred_is_pos),
                          ("fn", lambda: labels & ~pred_is_pos), ("tn", lambda: ~labels & ~pred_is_pos)):
            if key in self.state:
                hits = cond()
                self.state[key] += (hits.to(_F32) if weight is None else torch.where(hits, weight, 0.0)).sum(1)

    def _update_buckets(self, y_true, y_pred, weight=None):
        # metrics_utils._update_confusion_matrix_variables_optimized (not multi_label).
        n = len(self.thresholds)
        y_pred = torch.clip(y_pred, 0.0, 1.0).reshape(-1)
        y_true = (y_true != 0).to(_F32).reshape(-1)
        weights = 1.0 if weight is None else weight.reshape(-1)
        true_labels = y_true * weights
        false_labels = (1.0 - y_true) * weights
        buckets = torch.ceil(y_pred * (torch.tensor(float(n), dtype=_F32) - 1)) - 1
        if self.with_epsilon:
            buckets = torch.relu(buckets)
        # Keras's torch segment_sum drops the ids outside [0, n): without the epsilon thresholds a prediction
        # of exactly 0 lands in bucket -1 and counts only in the totals (tn, fn) below.
        buckets = torch.where(buckets < 0, torch.full_like(buckets, n), buckets).to(torch.int64)
        tp_bucket = torch.zeros(n + 1, dtype=_F32, device=y_pred.device).index_add_(0, buckets, true_labels)[:n]
        fp_bucket = torch.zeros(n + 1, dtype=_F32, device=y_pred.device).index_add_(0, buckets, false_labels)[:n]
        tp = torch.flip(torch.cumsum(torch.flip(tp_bucket, [0]), 0), [0])
        fp = torch.flip(torch.cumsum(torch.flip(fp_bucket, [0]), 0), [0])
        if "tp" in self.state:
            self.state["tp"] += tp
        if "fp" in self.state:
            self.state["fp"] += fp
        if "tn" in self.state:
            self.state["tn"] += torch.sum(false_labels) - fp
        if "fn" in self.state:
            self.state["fn"] += torch.sum(true_labels) - tp


def _per_prediction(sample_weight, y_pred):
    """One weight per sample (batch,) spread over that sample's predictions (y_pred's shape)."""
    weight = sample_weight.to(_F32)
    weight = weight.reshape(weight.shape + (1,) * (y_pred.dim() - weight.dim()))
    return torch.broadcast_to(weight, y_pred.shape)


class _ConditionCount(_ConfusionMetric):
    """Keras's _ConfusionMatrixConditionCount: one count (weighted by the sample weights of a weighted metric)
    per threshold; the result is the count, a vector with several thresholds. Keras gives the counts no
    direction, so EarlyStopping's mode="auto" refuses them."""

    direction = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name, dtype)
        self.init_thresholds = thresholds
        self._setup(_thresholds_list(thresholds, 0.5, self.class_name))

    def result(self):
        count = self.state[self.counts[0]]
        return count[0] if len(self.thresholds) == 1 else count

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    class_name = "TruePositives"
    default_name = "true_positives"
    counts = ("tp",)


class FalsePositives(_ConditionCount):
    class_name = "FalsePositives"
    default_name = "false_positives"
    counts = ("fp",)


class TrueNegatives(_ConditionCount):
    class_name = "TrueNegatives"
    default_name = "true_negatives"
    counts = ("tn",)


class FalseNegatives(_ConditionCount):
    class_name = "FalseNegatives"
    default_name = "false_negatives"
    counts = ("fn",)


class Precision(_ConfusionMetric):
    class_name = "Precision"
    default_name = "precision"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name, dtype)
        self.init_thresholds = thresholds
        default = 0.5 if top_k is None else NEG_INF
        # Several thresholds give one value per threshold (a vector in the logs, as Keras's History holds).
        self._setup(_thresholds_list(thresholds, default, self.class_name), top_k, class_id)

    def _ratio(self, other):
        tp = self.state["tp"]
        result = _divide_no_nan(tp, tp + self.state[other])
        return result[0] if len(self.thresholds) == 1 else result

    def result(self):
        return self._ratio("fp")

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class Recall(Precision):
    class_name = "Recall"
    default_name = "recall"
    counts = ("tp", "fn")

    def result(self):
        return self._ratio("fn")


class AUC(_ConfusionMetric):
    class_name = "AUC"
    default_name = "auc"
    counts = ("tp", "fp", "tn", "fn")

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None, dtype=None,
                 thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False):
        super().__init__(name, dtype)
        owner = self.class_name
        if str(curve).upper() not in ("ROC", "PR"):
            raise InvalidArgumentError(f"{owner}: argument 'curve' must be 'ROC' or 'PR'; got {curve!r}.")
        if str(summation_method).lower() not in ("interpolation", "minoring", "majoring"):
            raise InvalidArgumentError(
                f"{owner}: argument 'summation_method' must be 'interpolation', 'minoring' or 'majoring'; "
                f"got {summation_method!r}.")
        if multi_label or num_labels is not None or label_weights is not None:
            raise InvalidArgumentError(
                f"{owner}: multi_label, num_labels and label_weights are not supported by the PyTorch engine.")
        self.init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(_thresholds_list(thresholds, 0.5, owner))
            self.num_thresholds = len(inner) + 2
            evenly = is_evenly_distributed(np.array([0.0] + inner + [1.0]))
        else:
            if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise InvalidArgumentError(f"{owner}: argument 'num_thresholds' must be an int > 1; got {num_thresholds!r}.")
            self.num_thresholds = num_thresholds
            inner = _evenly_spaced_inner(num_thresholds)
            evenly = True
        self.curve = str(curve).upper()
        self.summation_method = str(summation_method).lower()
        self.from_logits = bool(from_logits)
        self._setup([0.0 - EPSILON] + inner + [1.0 + EPSILON], evenly=evenly)

    def update(self, y_true, y_pred, sample_weight=None):
        if self.from_logits:
            y_pred = torch.sigmoid(y_pred)
        super().update(y_true, y_pred, sample_weight)

    def _interpolate_pr_auc(self):
        tp, fp, fn = self.state["tp"], self.state["fp"], self.state["fn"]
        n = self.num_thresholds
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        prec_slope = _divide_no_nan(dtp, torch.clamp_min(dp, 0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = torch.where((p[: n - 1] > 0) & (p[1:] > 0),
                                   _divide_no_nan(p[: n - 1], torch.clamp_min(p[1:], 0)), torch.ones_like(p[1:]))
        increment = _divide_no_nan(prec_slope * (dtp + intercept * torch.log(safe_p_ratio)),
                                   torch.clamp_min(tp[1:] + fn[1:], 0))
        return torch.sum(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        tp, fp, tn, fn = (self.state[k] for k in ("tp", "fp", "tn", "fn"))
        n = self.num_thresholds
        recall = _divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, _divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = torch.minimum(y[: n - 1], y[1:])
        else:
            heights = torch.maximum(y[: n - 1], y[1:])
        return torch.sum((x[: n - 1] - x[1:]) * heights)

    def get_config(self):
        config = {"name": self.name, "dtype": "float32", "num_thresholds": self.num_thresholds, "curve": self.curve,
                  "summation_method": self.summation_method, "multi_label": False, "num_labels": None,
                  "label_weights": None, "from_logits": self.from_logits}
        if self.init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config


class _SensitivitySpecificityBase(_ConfusionMetric):
    """Keras's SensitivitySpecificityBase: all four counts at num_thresholds thresholds (0, evenly spaced, 1;
    one threshold is 0.5); the result is the best `dependent` rate among the thresholds whose `constrained`
    rate reaches the target value (0 when none does)."""

    counts = ("tp", "fp", "tn", "fn")
    target = None  # the constructor argument holding the target rate: "recall", "precision", ...
    constrained = dependent = None  # the rates (recall, precision, specificity) held to the target and maximized

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name, dtype)
        owner = self.class_name
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise InvalidArgumentError(f"{owner}: argument '{self.target}' must be a number in [0, 1]; got {value!r}.")
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or num_thresholds <= 0:
            raise InvalidArgumentError(
                f"{owner}: argument 'num_thresholds' must be an integer > 0; got {num_thresholds!r}.")
        if class_id is not None and (isinstance(class_id, bool) or not isinstance(class_id, int)):
            raise InvalidArgumentError(f"{owner}: argument 'class_id' must be an int or None; got {class_id!r}.")
        self.value = value
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self._setup([0.5], class_id=class_id, evenly=False)
        else:
            inner = _evenly_spaced_inner(num_thresholds)
            self._setup([0.0] + inner + [1.0], class_id=class_id, evenly=True)

    def result(self):
        tp, fp, tn, fn = (self.state[k] for k in ("tp", "fp", "tn", "fn"))
        rates = {"recall": _divide_no_nan(tp, tp + fn), "precision": _divide_no_nan(tp, tp + fp),
                 "specificity": _divide_no_nan(tn, tn + fp)}
        dependent = rates[self.dependent]
        # Keras's _find_max_under_constraint: max(where(constrained >= value, dependent, 0), initial=0).
        feasible = rates[self.constrained] >= self.value
        return torch.clamp_min(torch.max(torch.where(feasible, dependent, torch.zeros_like(dependent))), 0.0)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "class_id": self.class_id,
                "num_thresholds": self.num_thresholds, self.target: self.value}


class SensitivityAtSpecificity(_SensitivitySpecificityBase):
    class_name = "SensitivityAtSpecificity"
    default_name = "sensitivity_at_specificity"
    target = "specificity"
    constrained, dependent = "specificity", "recall"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


class SpecificityAtSensitivity(_SensitivitySpecificityBase):
    class_name = "SpecificityAtSensitivity"
    default_name = "specificity_at_sensitivity"
    target = "sensitivity"
    constrained, dependent = "recall", "specificity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)


class PrecisionAtRecall(_SensitivitySpecificityBase):
    class_name = "PrecisionAtRecall"
    default_name = "precision_at_recall"
    target = "recall"
    constrained, dependent = "recall", "precision"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)


class RecallAtPrecision(_SensitivitySpecificityBase):
    class_name = "RecallAtPrecision"
    default_name = "recall_at_precision"
    target = "precision"
    constrained, dependent = "precision", "recall"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)


CLASSES = [Precision, Recall, AUC, TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
           SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision]
