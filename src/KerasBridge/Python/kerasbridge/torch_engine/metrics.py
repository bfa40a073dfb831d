"""Keras metrics with Keras's accumulation (keras/src/metrics/*.py, trainers/compile_utils.py).

Every metric here is a Keras `Mean`: per batch it adds sum(per-sample values) to a float32 total
kept on the device and the number of samples to a count; the result is total / count. So an
epoch's value weights each batch by its size, exactly as Keras does. Totals stay on the device so
that an epoch needs one host sync, not one per batch.

Names: a metric given as a string is logged under that string ("acc", "mae"); a metric given as a
serialized dict is logged under its config name ("root_mean_squared_error").
"""

import torch

from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.losses import (
    BinaryCrossentropy as _BinaryCrossentropyLoss,
    CategoricalCrossentropy as _CategoricalCrossentropyLoss,
    SparseCategoricalCrossentropy as _SparseCategoricalCrossentropyLoss,
    squeeze_or_expand_to_same_rank,
)
from kerasbridge.torch_engine.masking import get_mask, output_mask_weights
from kerasbridge.torch_engine.serialization import keras_object, split_identifier
from kerasbridge.errors import InvalidArgumentError


class Metric:
    class_name = "Metric"
    default_name = "metric"
    direction = "down"  # Used by EarlyStopping's mode="auto".
    # Keras's MeanMetricWrapper weighs the values by y_pred's mask (torch_engine/masking.py); Mean subclasses such as
    # RootMeanSquaredError do not see it.
    applies_output_mask = True

    def __init__(self, name=None, dtype=None):
        if dtype not in (None, "float32"):
            raise InvalidArgumentError(f"Metric argument 'dtype' must be float32 in the PyTorch engine; got {dtype!r}.")
        if name is not None and not isinstance(name, str):
            # Keras fails on it later, with an AttributeError from keras/src/metrics/metric.py.
            raise InvalidArgumentError(f"Metric argument 'name' must be a string; got {name!r}.")
        self.name = name or self.default_name
        self.total = None
        self.count = 0

    def reset(self, device):
        self.total = torch.zeros((), dtype=torch.float32, device=device)
        self.count = 0

    def values(self, y_true, y_pred):
        """Per-sample values, shape (batch,) or (batch, ...)."""
        raise NotImplementedError

    def update(self, y_true, y_pred, sample_weight=None):
        """MeanMetricWrapper.update_state: the per-sample values, weighted by sample_weight (a weighted metric's,
        from compile's weighted_metrics) times y_pred's mask (losses/loss.py apply_mask, reduction "sum")."""
        values = self.values(y_true, y_pred)
        if values.dtype != torch.float32:
            values = values.to(torch.float32)
        mask = get_mask(y_pred) if self.applies_output_mask else None
        weight = sample_weight if mask is None else output_mask_weights(sample_weight, mask, torch.float32, "sum")
        if weight is not None:
            self._update_weighted(values, weight.to(torch.float32))
            return
        if values.dim() > 1:
            # keras reduce_to_samplewise_values: average the extra axes first.
            values = values.mean(dim=tuple(range(1, values.dim())))
        self.total += values.sum()
        self.count += values.shape[0] if values.dim() >= 1 else 1

    def _update_weighted(self, values, weight):
        """Mean.update_state(values, sample_weight) (reduce_to_samplewise_values with ops.mean): the values' mean
        weighted by the sample weights (or the mask: 1 kept, 0 masked); the count is the weights' sum."""
        values, weight = squeeze_or_expand_to_same_rank(values, weight)
        rank = weight.dim()
        if values.dim() > rank:
            values = values.mean(dim=tuple(range(rank, values.dim())))
        weight = torch.broadcast_to(weight, values.shape)
        values = values * weight
        if rank > 1:
            weight = weight.mean(dim=tuple(range(1, rank)))
        if values.dim() > 1:
            values = values.mean(dim=tuple(range(1, values.dim())))
        self.total += values.sum()
        self.count = self.count + weight.sum()  # a float32 tensor from now on, as Keras's count

    def result(self):
        """A 0-dim float32 tensor on the device (Keras: divide_no_nan(total, count))."""
        if isinstance(self.count, torch.Tensor):
            return torch.where(self.count == 0, torch.zeros_like(self.total), self.total / self.count)
        if self.count == 0:
            return torch.zeros_like(self.total)
        return self.total / self.count

    def get_config(self):
        return {"name": self.name, "dtype": "float32"}

    def serialize(self):
        return keras_object("keras.metrics", self.class_name, self.get_config())


class Accuracy(Metric):
    class_name = "Accuracy"
    default_name = "accuracy"
    direction = "up"

    def values(self, y_true, y_pred):
        y_true = y_true.to(y_pred.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return (y_true == y_pred).to(torch.float32)


class BinaryAccuracy(Metric):
    class_name = "BinaryAccuracy"
    default_name = "binary_accuracy"
    direction = "up"

    def __init__(self, name=None, dtype=None, threshold=0.5):
        super().__init__(name, dtype)
        self.threshold = threshold

    def values(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        y_pred = (y_pred > self.threshold).to(y_true.dtype)
        return (y_true == y_pred).to(torch.float32)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "threshold": self.threshold}


class CategoricalAccuracy(Metric):
    class_name = "CategoricalAccuracy"
    default_name = "categorical_accuracy"
    direction = "up"

    def values(self, y_true, y_pred):
        # argmax picks the first of tied maxima, as in Keras.
        return (torch.argmax(y_true, dim=-1) == torch.argmax(y_pred, dim=-1)).to(torch.float32)


class SparseCategoricalAccuracy(Metric):
    class_name = "SparseCategoricalAccuracy"
    default_name = "sparse_categorical_accuracy"
    direction = "up"

    def values(self, y_true, y_pred):
        if y_true.dim() == y_pred.dim() and y_true.shape[-1] == 1:
            y_true = y_true.squeeze(-1)
        predicted = torch.argmax(y_pred, dim=-1)
        if y_true.is_floating_point():
            predicted = predicted.to(y_true.dtype)
        return (y_true == predicted).to(torch.float32)


def _positive_k(k, owner):
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidArgumentError(f"{owner}: argument 'k' must be an int >= 1; got {k!r}.")
    return k


def _in_top_k(targets, y_pred, k, owner):
    """keras.ops.in_top_k on torch: the target's score is at least the k-th largest (ties count)."""
    if k > y_pred.shape[-1]:
        raise InvalidArgumentError(f"{owner}: argument 'k' ({k}) must not exceed the number of classes "
                                   f"({y_pred.shape[-1]}) of the predictions of shape {tuple(y_pred.shape)}.")
    top = torch.topk(y_pred, k, dim=-1).values
    target_values = torch.take_along_dim(y_pred, targets.to(torch.int64)[:, None], dim=-1)
    return torch.any(target_values >= top, dim=-1)


class TopKCategoricalAccuracy(Metric):
    """keras/src/metrics/accuracy_metrics.py top_k_categorical_accuracy: whether the one-hot target's class
    (its arg-max) is among the k largest predictions."""

    class_name = "TopKCategoricalAccuracy"
    default_name = "top_k_categorical_accuracy"
    direction = "up"

    def __init__(self, k=5, name=None, dtype=None):
        super().__init__(name, dtype)
        self.k = _positive_k(k, self.class_name)

    def values(self, y_true, y_pred):
        targets = torch.argmax(y_true.to(y_pred.dtype), dim=-1)
        shape = targets.shape
        matches = _in_top_k(targets.reshape(-1), y_pred.reshape(-1, y_pred.shape[-1]), self.k, self.class_name)
        return matches.to(torch.float32).reshape(shape)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "k": self.k}


class SparseTopKCategoricalAccuracy(Metric):
    """keras/src/metrics/accuracy_metrics.py sparse_top_k_categorical_accuracy: whether the integer target is
    among the k largest predictions, or (from_sorted_ids) among the first k ids of predictions that already are
    class ids sorted best first."""

    class_name = "SparseTopKCategoricalAccuracy"
    default_name = "sparse_top_k_categorical_accuracy"
    direction = "up"

    def __init__(self, k=5, name=None, dtype=None, from_sorted_ids=False):
        super().__init__(name, dtype)
        self.k = _positive_k(k, self.class_name)
        self.from_sorted_ids = bool(from_sorted_ids)

    def values(self, y_true, y_pred):
        shape = y_true.shape
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
        if self.from_sorted_ids:
            targets = y_true.to(y_pred.dtype).reshape(-1)
            matches = torch.any(targets[:, None] == y_pred[:, :self.k], dim=1)
        else:
            # Keras converts the targets to int32 first (a float label 2.7 is class 2).
            targets = y_true.to(torch.int32).reshape(-1)
            matches = _in_top_k(targets, y_pred, self.k, self.class_name)
        return matches.to(torch.float32).reshape(shape)

    def get_config(self):
        config = {"name": self.name, "dtype": "float32", "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True  # Keras writes it only when set
        return config


class MeanSquaredError(Metric):
    class_name = "MeanSquaredError"
    default_name = "mean_squared_error"

    def values(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return torch.mean(torch.square(y_true - y_pred), dim=-1)


class MeanAbsoluteError(Metric):
    class_name = "MeanAbsoluteError"
    default_name = "mean_absolute_error"

    def values(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return torch.mean(torch.abs(y_true - y_pred), dim=-1)


class RootMeanSquaredError(Metric):
    class_name = "RootMeanSquaredError"
    default_name = "root_mean_squared_error"

    applies_output_mask = False

    def values(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return torch.square(y_pred - y_true)

    def result(self):
        # sqrt of the mean of squared errors over all samples seen, not a mean of batch RMSEs.
        return torch.sqrt(super().result())


class _LossMetric(Metric):
    """A crossentropy loss averaged per sample (Keras's MeanMetricWrapper over the loss function)."""

    loss_class = None

    def __init__(self, name=None, dtype=None, **loss_options):
        super().__init__(name, dtype)
        self.loss = self.loss_class(**loss_options)
        self.loss_options = loss_options

    def values(self, y_true, y_pred):
        return self.loss.values(y_true, y_pred)


class BinaryCrossentropy(_LossMetric):
    class_name = "BinaryCrossentropy"
    default_name = "binary_crossentropy"
    loss_class = _BinaryCrossentropyLoss

    def __init__(self, name=None, dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "from_logits": self.loss.from_logits,
                "label_smoothing": self.loss_options["label_smoothing"]}


class CategoricalCrossentropy(_LossMetric):
    class_name = "CategoricalCrossentropy"
    default_name = "categorical_crossentropy"
    loss_class = _CategoricalCrossentropyLoss

    def __init__(self, name=None, dtype=None, from_logits=False, label_smoothing=0, axis=-1):
        super().__init__(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "from_logits": self.loss.from_logits,
                "label_smoothing": self.loss_options["label_smoothing"], "axis": self.loss.axis}


class SparseCategoricalCrossentropy(_LossMetric):
    class_name = "SparseCategoricalCrossentropy"
    default_name = "sparse_categorical_crossentropy"
    loss_class = _SparseCategoricalCrossentropyLoss

    def __init__(self, name=None, dtype=None, from_logits=False, ignore_class=None, axis=-1):
        super().__init__(name, dtype, from_logits=from_logits, ignore_class=ignore_class, axis=axis)

    def get_config(self):
        return {"name": self.name, "dtype": "float32", "from_logits": self.loss.from_logits,
                "ignore_class": None, "axis": -1}


def samplewise(values, sample_weight, reduce_fn, device):
    """keras.src.metrics.reduction_metrics.reduce_to_samplewise_values (no mask): values (times the sample
    weights broadcast to them) reduced with reduce_fn (torch.mean or torch.sum) to one value per sample."""
    values = torch.as_tensor(values, dtype=torch.float32, device=device)
    if sample_weight is not None:
        sample_weight = torch.as_tensor(sample_weight, dtype=torch.float32, device=device)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.dim(), values.dim()
        if values_ndim > weight_ndim:
            values = reduce_fn(values, dim=tuple(range(weight_ndim, values_ndim)))
        sample_weight = torch.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, dim=tuple(range(1, weight_ndim)))
    if values.dim() > 1:
        values = reduce_fn(values, dim=tuple(range(1, values.dim())))
    return values, sample_weight


class _ValuesMetric(Metric):
    """Keras's Mean and Sum take (values, sample_weight), not (y_true, y_pred)."""

    def update(self, y_true, y_pred, sample_weight=None):
        # Keras's CompileMetrics calls update_state(y_true, y_pred, sample_weight=...), which these refuse.
        raise InvalidArgumentError(
            f"Metric {self.class_name} ('{self.name}') cannot be a compiled metric: it takes (values, sample_weight), "
            f"not (y_true, y_pred); Keras's fit and evaluate fail with it too ({self.class_name}.update_state() got "
            "multiple values for argument 'sample_weight').", argument="metrics")


class Mean(_ValuesMetric):
    """keras.metrics.Mean: total of the (weighted) values over the count (sum of the weights). Also the loss
    tracker, updated with (batch loss, sample_weight=batch size)."""

    class_name = "Mean"
    default_name = "mean"

    def update_state(self, values, sample_weight=None):
        values, sample_weight = samplewise(values, sample_weight, torch.mean, self.total.device)
        self.total += values.sum()
        if sample_weight is not None:
            self.count = self.count + sample_weight.sum()
        else:
            self.count += values.shape[0] if values.dim() >= 1 else 1

    def result(self):
        count = torch.as_tensor(self.count, dtype=torch.float32, device=self.total.device)
        return torch.where(count == 0, torch.zeros_like(self.total), self.total / torch.where(count == 0, torch.ones_like(count), count))

    def update_loss(self, loss, batch_size):
        # Keras: total += loss * batch_size; count += batch_size (float32 on the device).
        self.total += loss * batch_size
        self.count += batch_size


from kerasbridge.torch_engine import confusion_metrics, metrics_regression  # noqa: E402  (subclasses of Metric)

from kerasbridge.torch_engine import f_score_metrics, iou_metrics  # noqa: E402

_CLASSES = [Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
            SparseTopKCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError,
            BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, Mean] \
    + confusion_metrics.CLASSES + f_score_metrics.CLASSES + iou_metrics.CLASSES + metrics_regression.CLASSES
# keras.metrics.get accepts the class name, its snake_case form and these aliases.
_BY_NAME = {}
for _cls in _CLASSES:
    _BY_NAME[_cls.class_name] = _cls
    _BY_NAME[naming.to_snake_case(_cls.class_name)] = _cls
_BY_NAME.update({"mse": MeanSquaredError, "MSE": MeanSquaredError, "mae": MeanAbsoluteError,
                 "MAE": MeanAbsoluteError, "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy})
_BY_NAME.update(metrics_regression.ALIASES)


def names():
    return sorted(set(_BY_NAME) | {"acc"})


def is_auto_accuracy(identifier):
    return isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")


def check(identifier, argument="metrics"):
    """Raises a clear ValueError now (at compile) for a metric that could never be built."""
    if is_auto_accuracy(identifier):
        return
    get(identifier, None, None, argument)


def get(identifier, y_true_shape, y_pred_shape, argument="metrics"):
    """keras.src.trainers.compile_utils.get_metric: "accuracy"/"acc" becomes binary, sparse or
    categorical accuracy from the label and output shapes; other names are looked up."""
    if is_auto_accuracy(identifier):
        is_binary = y_pred_shape[-1] == 1
        is_sparse = len(y_true_shape) < len(y_pred_shape) or (y_true_shape[-1] == 1 and y_pred_shape[-1] != 1)
        if is_binary:
            return BinaryAccuracy(name=identifier)
        if is_sparse:
            return SparseCategoricalAccuracy(name=identifier)
        return CategoricalAccuracy(name=identifier)
    name, config = split_identifier(identifier, argument)
    cls = _BY_NAME.get(name)
    if cls is None:
        raise InvalidArgumentError(f"Unknown metric {identifier!r} in argument '{argument}'. Valid metrics: {', '.join(names())}.")
    config = dict(config or {})
    config.pop("fn", None)
    try:
        metric = cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for metric {name} in argument '{argument}': {e}.") from None
    if isinstance(identifier, str):
        metric.name = identifier
    return metric
