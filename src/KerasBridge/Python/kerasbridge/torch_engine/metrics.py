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
from kerasbridge.torch_engine.masking import get_mask
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
        self.name = name or self.default_name
        self.total = None
        self.count = 0

    def reset(self, device):
        self.total = torch.zeros((), dtype=torch.float32, device=device)
        self.count = 0

    def values(self, y_true, y_pred):
        """Per-sample values, shape (batch,) or (batch, ...)."""
        raise NotImplementedError

    def update(self, y_true, y_pred):
        values = self.values(y_true, y_pred)
        if values.dtype != torch.float32:
            values = values.to(torch.float32)
        mask = get_mask(y_pred) if self.applies_output_mask else None
        if mask is not None:
            self._update_masked(values, mask.to(torch.float32))
            return
        if values.dim() > 1:
            # keras reduce_to_samplewise_values: average the extra axes first.
            values = values.mean(dim=tuple(range(1, values.dim())))
        self.total += values.sum()
        self.count += values.shape[0] if values.dim() >= 1 else 1

    def _update_masked(self, values, weight):
        """MeanMetricWrapper.update_state with y_pred's mask as sample weight (reduction "sum": 1 kept, 0 masked), then
        Mean.update_state (reduce_to_samplewise_values with ops.mean): the values' mean weighted by the mask."""
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


class Mean(Metric):
    """The loss tracker: Keras's Mean updated with (batch loss, sample_weight=batch size)."""

    class_name = "Mean"
    default_name = "loss"

    def update_loss(self, loss, batch_size):
        # Keras: total += loss * batch_size; count += batch_size (float32 on the device).
        self.total += loss * batch_size
        self.count += batch_size


from kerasbridge.torch_engine import confusion_metrics  # noqa: E402  (its classes subclass Metric above)

_CLASSES = [Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, MeanSquaredError,
            MeanAbsoluteError, RootMeanSquaredError, BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy] + confusion_metrics.CLASSES
# keras.metrics.get accepts the class name, its snake_case form and these aliases.
_BY_NAME = {}
for _cls in _CLASSES:
    _BY_NAME[_cls.class_name] = _cls
    _BY_NAME[naming.to_snake_case(_cls.class_name)] = _cls
_BY_NAME.update({"mse": MeanSquaredError, "MSE": MeanSquaredError, "mae": MeanAbsoluteError,
                 "MAE": MeanAbsoluteError, "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy})


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
