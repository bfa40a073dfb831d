"""Keras's regression, hinge, probabilistic and correlation metrics and Sum (keras/src/metrics/
regression_metrics.py, hinge_metrics.py, probabilistic_metrics.py, correlation_metrics.py, reduction_metrics.py).

Most are Keras MeanMetricWrappers: the loss function's per-sample values averaged over every sample seen, so
an epoch weighs each batch by its size. R2Score keeps running per-column sums (of y, y², squared residuals and
counts) and computes the score from them at the end, not a mean of batch scores; Sum keeps a running total."""

import warnings

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import losses_extra
from kerasbridge.torch_engine.losses import EPSILON, squeeze_or_expand_to_same_rank
from kerasbridge.torch_engine.metrics import Metric, _LossMetric, _ValuesMetric, samplewise


def _wrapper(class_name, default_name, loss_class):
    """A MeanMetricWrapper over one of the losses' functions, whose config is just name and dtype."""
    return type(class_name, (_LossMetric,), {"class_name": class_name, "default_name": default_name,
                                             "loss_class": loss_class, "__doc__": f"keras.metrics.{class_name}."})


Hinge = _wrapper("Hinge", "hinge", losses_extra.Hinge)
SquaredHinge = _wrapper("SquaredHinge", "squared_hinge", losses_extra.SquaredHinge)
CategoricalHinge = _wrapper("CategoricalHinge", "categorical_hinge", losses_extra.CategoricalHinge)
KLDivergence = _wrapper("KLDivergence", "kl_divergence", losses_extra.KLDivergence)
Poisson = _wrapper("Poisson", "poisson", losses_extra.Poisson)
LogCoshError = _wrapper("LogCoshError", "logcosh", losses_extra.LogCosh)
MeanAbsolutePercentageError = _wrapper("MeanAbsolutePercentageError", "mean_absolute_percentage_error",
                                       losses_extra.MeanAbsolutePercentageError)
MeanSquaredLogarithmicError = _wrapper("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
                                       losses_extra.MeanSquaredLogarithmicError)


def _axis(owner, axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise InvalidArgumentError(f"Metric {owner}: argument 'axis' must be an integer; got {axis!r}.", argument="axis")
    return axis


class _AxisMetric(Metric):
    direction = "up"

    def __init__(self, name=None, dtype=None, axis=-1):
        super().__init__(name, dtype)
        self.axis = _axis(self.class_name, axis)

    def values(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true.to(y_pred.dtype), y_pred)
        return self.fn(y_true, y_pred, self.axis)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "axis": self.axis}


class CosineSimilarity(_AxisMetric):
    """Keras writes no axis to its config; written here only when not the default so that it is not lost."""

    class_name = "CosineSimilarity"
    default_name = "cosine_similarity"

    @staticmethod
    def fn(y_true, y_pred, axis):
        normalize = losses_extra.CosineSimilarity._normalize
        return torch.sum(normalize(y_true, axis) * normalize(y_pred, axis), dim=axis)

    def get_config(self):
        config = super().get_config()
        if self.axis == -1:
            del config["axis"]
        return config


class PearsonCorrelation(_AxisMetric):
    class_name = "PearsonCorrelation"
    default_name = "pearson_correlation"

    @staticmethod
    def fn(y_true, y_pred, axis):
        y_true_norm = y_true - torch.mean(y_true, dim=axis, keepdim=True)
        y_pred_norm = y_pred - torch.mean(y_pred, dim=axis, keepdim=True)
        y_true_norm = y_true_norm / torch.std(y_true_norm, dim=axis, keepdim=True, unbiased=False)
        y_pred_norm = y_pred_norm / torch.std(y_pred_norm, dim=axis, keepdim=True, unbiased=False)
        return torch.mean(y_true_norm * y_pred_norm, dim=axis)


class ConcordanceCorrelation(_AxisMetric):
    class_name = "ConcordanceCorrelation"
    default_name = "concordance_correlation"

    @staticmethod
    def fn(y_true, y_pred, axis):
        y_true_mean = torch.mean(y_true, dim=axis, keepdim=True)
        y_pred_mean = torch.mean(y_pred, dim=axis, keepdim=True)
        y_true_var = torch.var(y_true - y_true_mean, dim=axis, keepdim=True, unbiased=False)
        y_pred_var = torch.var(y_pred - y_pred_mean, dim=axis, keepdim=True, unbiased=False)
        # Keras 3.15.1 centres y_true on y_pred's mean here: the same value (y_pred's deviations sum to 0), kept
        # for the same rounding.
        covar = (y_true - y_pred_mean) * (y_pred - y_pred_mean)
        norm = y_true_var + y_pred_var + torch.square(y_true_mean - y_pred_mean)
        return torch.mean(2 * covar / (norm + EPSILON), dim=axis)


class Sum(_ValuesMetric):
    """keras.metrics.Sum: a running total of the (weighted) values."""

    class_name = "Sum"
    default_name = "sum"

    def update_state(self, values, sample_weight=None):
        values, _ = samplewise(values, sample_weight, torch.sum, self.total.device)
        self.total += values.sum()

    def result(self):
        return self.total.clone()


_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    class_name = "R2Score"
    default_name = "r2_score"
    direction = "up"

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name=None, dtype=None):
        super().__init__(name, dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise InvalidArgumentError(
                f"Metric R2Score: argument 'class_aggregation' must be one of {list(_AGGREGATIONS)}; got "
                f"{class_aggregation!r}.", argument="class_aggregation")
        if isinstance(num_regressors, bool) or not isinstance(num_regressors, int) or num_regressors < 0:
            raise InvalidArgumentError(
                f"Metric R2Score: argument 'num_regressors' must be an integer >= 0; got {num_regressors!r}.",
                argument="num_regressors")
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors

    def reset(self, device):
        super().reset(device)
        self.state = None  # built from the first batch's column count
        self.num_samples = torch.zeros((), dtype=torch.float32, device=device)

    def update(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true.to(torch.float32), y_pred.to(torch.float32))
        if y_true.dim() != 2 or y_pred.dim() != 2:
            raise InvalidArgumentError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={tuple(y_pred.shape)} and y_true.shape={tuple(y_true.shape)}.", argument="metrics")
        if self.state is None:
            self.state = {k: torch.zeros(y_pred.shape[-1], dtype=torch.float32, device=y_pred.device)
                          for k in ("sum", "squared_sum", "total_mse", "count")}
        state = self.state
        if sample_weight is None:
            sample_weight = torch.ones_like(y_true)  # Keras's 1 broadcast
        else:
            # Keras: a (batch,) weight gets a features axis, then is broadcast to y_true.
            sample_weight = sample_weight.to(torch.float32)
            if sample_weight.dim() == 1:
                sample_weight = sample_weight.unsqueeze(1)
            sample_weight = torch.broadcast_to(sample_weight, y_true.shape)
        weighted_y_true = y_true * sample_weight
        state["sum"] += torch.sum(weighted_y_true, dim=0)
        state["squared_sum"] += torch.sum(y_true * weighted_y_true, dim=0)
        state["total_mse"] += torch.sum((y_true - y_pred) ** 2 * sample_weight, dim=0)
        state["count"] += torch.sum(sample_weight, dim=0)
        self.num_samples += y_true.numel()

    def result(self):
        if self.state is None:
            return torch.zeros_like(self.total)
        state = self.state
        mean = state["sum"] / state["count"]
        total = state["squared_sum"] - state["sum"] * mean
        raw_scores = 1 - (state["total_mse"] / total)
        raw_scores = torch.where(torch.isinf(raw_scores), torch.zeros_like(raw_scores), raw_scores)
        if self.class_aggregation == "uniform_average":
            score = torch.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = torch.sum(total * raw_scores) / torch.sum(total)
        else:
            score = raw_scores
        if self.num_regressors != 0:
            samples = float(self.num_samples)
            if self.num_regressors > samples - 1:
                warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                              "Falling back to standard R2 score.", stacklevel=2)
            elif self.num_regressors == samples - 1:
                warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 score.", stacklevel=2)
            else:
                n = self.num_samples
                score = 1.0 - ((1.0 - score) * (n - 1.0)) / ((n - float(self.num_regressors)) - 1.0)
        return score

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}


CLASSES = [Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson, LogCoshError, MeanAbsolutePercentageError,
           MeanSquaredLogarithmicError, CosineSimilarity, PearsonCorrelation, ConcordanceCorrelation, Sum, R2Score]
# keras.metrics.get's aliases (keras/src/metrics/__init__.py ALL_OBJECTS_DICT) beside class and snake_case names.
ALIASES = {"mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
           "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError}
