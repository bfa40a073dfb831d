"""Keras's F-scores: FBetaScore and F1Score (keras/src/metrics/f_score_metrics.py).

Per batch, predictions become 0/1 (above `threshold`, or without one each sample's maximum when it is not ~0)
and true positives, false positives, false negatives and the label sums are added up per class (average None,
"macro", "weighted") or over everything ("micro"); the state is sized from the first batch's class count, as
Keras builds it. The result follows Keras's float32 formula with its epsilon (1e-7) in every division; with
average=None it is one score per class, a vector in the logs as in Keras's History.
"""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import EPSILON
from kerasbridge.torch_engine.metrics import Metric

_F32 = torch.float32
_AVERAGES = (None, "micro", "macro", "weighted")
_STATE = ("tp", "fp", "fn", "weights")


class FBetaScore(Metric):
    class_name = "FBetaScore"
    default_name = "fbeta_score"
    direction = "up"

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name, dtype)
        owner = self.class_name
        if average not in _AVERAGES:
            raise InvalidArgumentError(
                f"{owner}: argument 'average' must be None, 'micro', 'macro' or 'weighted'; got {average!r}.")
        # Keras takes only Python floats here (beta=2 is refused as well).
        if not isinstance(beta, float) or not beta > 0.0:
            raise InvalidArgumentError(f"{owner}: argument 'beta' must be a float > 0; got {beta!r}.")
        if threshold is not None and (not isinstance(threshold, float) or not 0.0 < threshold <= 1.0):
            raise InvalidArgumentError(
                f"{owner}: argument 'threshold' must be None or a float with 0 < threshold <= 1; got {threshold!r}.")
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.state = None

    def reset(self, device):
        self.device = device
        if self.state is not None:
            self.state = {k: torch.zeros_like(v) for k, v in self.state.items()}

    def _build(self, y_true, y_pred):
        if y_pred.dim() != 2 or y_true.dim() != 2:
            raise InvalidArgumentError(
                f"{self.class_name} expects 2D inputs with shape (batch_size, output_dim); got y_pred.shape="
                f"{tuple(y_pred.shape)} and y_true.shape={tuple(y_true.shape)}.")
        shape = () if self.average == "micro" else (y_pred.shape[-1],)
        self.state = {k: torch.zeros(shape, dtype=_F32, device=y_pred.device) for k in _STATE}

    def update(self, y_true, y_pred, sample_weight=None):
        y_true = y_true.to(_F32)
        y_pred = y_pred.to(_F32)
        if self.state is None:
            self._build(y_true, y_pred)
        if self.threshold is None:
            top = torch.amax(y_pred, dim=-1, keepdim=True)
            y_pred = (y_pred >= top) & (torch.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.to(_F32)
        dims = None if self.average == "micro" else 0

        weight = None if sample_weight is None else sample_weight.to(_F32).unsqueeze(1)

        def total(values):
            if weight is not None:
                values = values * weight  # Keras's _weighted_sum: each sample's row times its weight
            return values.sum() if dims is None else values.sum(dim=dims)

        self.state["tp"] += total(y_pred * y_true)
        self.state["fp"] += total(y_pred * (1 - y_true))
        self.state["fn"] += total((1 - y_pred) * y_true)
        self.state["weights"] += total(y_true)

    def result(self):
        if self.state is None:
            return torch.zeros((), dtype=_F32, device=getattr(self, "device", None))
        tp, fp, fn, weights = (self.state[k] for k in _STATE)
        precision = tp / (tp + fp + EPSILON)
        recall = tp / (tp + fn + EPSILON)
        beta2 = self.beta ** 2
        mean = (precision * recall) / ((beta2 * precision) + recall + EPSILON)
        score = mean * (1 + beta2)
        if self.average == "weighted":
            return torch.sum(score * (weights / (torch.sum(weights) + EPSILON)))
        if self.average is not None:
            return torch.mean(score)
        return score

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    class_name = "F1Score"
    default_name = "f1_score"

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config


CLASSES = [FBetaScore, F1Score]
