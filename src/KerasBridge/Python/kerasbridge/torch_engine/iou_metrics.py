"""Keras's intersection-over-union metrics: IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU
(keras/src/metrics/iou_metrics.py, the confusion matrix of keras/src/metrics/metrics_utils.confusion_matrix).

Per batch, targets and predictions become class ids (the arg-max along `axis` where they are not sparse; other
values are cast to int32, truncating, as Keras converts them to the metric's int32 dtype), flattened; pairs
outside [0, num_classes) or with the target `ignore_class` count nowhere; the rest add up in an int32
num_classes x num_classes confusion matrix (rows: targets, columns: predictions). The result is the mean, over
`target_class_ids` whose union is not empty, of TP / (TP + FP + FN + 1e-7), divided as Keras does by the number
of such classes + 1e-7.
"""

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.losses import EPSILON
from kerasbridge.torch_engine.metrics import Metric

_INT_DTYPES = (None, "int32", "int64", "int")


def _class_count(value, owner):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"{owner}: argument 'num_classes' must be an int >= 1; got {value!r}.")
    return value


class IoU(Metric):
    class_name = "IoU"
    default_name = "io_u"
    direction = "up"

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        owner = self.class_name
        if dtype not in _INT_DTYPES:
            raise InvalidArgumentError(
                f"{owner}: argument 'dtype' must be an int dtype ('int32', the default) in the PyTorch engine; got {dtype!r}.")
        super().__init__(name, None)
        self.dtype = "int32" if dtype in (None, "int") else dtype
        self.num_classes = _class_count(num_classes, owner)
        ids = list(target_class_ids) if isinstance(target_class_ids, (list, tuple)) else None
        if not ids or any(isinstance(i, bool) or not isinstance(i, int) or i < 0 for i in ids):
            raise InvalidArgumentError(
                f"{owner}: argument 'target_class_ids' must be a non-empty list of class ids >= 0; got {target_class_ids!r}.")
        if max(ids) >= num_classes:
            raise InvalidArgumentError(
                f"{owner}: target class id {max(ids)} is out of range, which is [0, {num_classes}) (argument "
                f"'target_class_ids'); got {target_class_ids!r}.")
        if ignore_class is not None and (isinstance(ignore_class, bool) or not isinstance(ignore_class, int)):
            raise InvalidArgumentError(f"{owner}: argument 'ignore_class' must be an int or None; got {ignore_class!r}.")
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise InvalidArgumentError(f"{owner}: argument 'axis' must be an int; got {axis!r}.")
        self.target_class_ids = ids
        self.ignore_class = ignore_class
        self.sparse_y_true = bool(sparse_y_true)
        self.sparse_y_pred = bool(sparse_y_pred)
        self.axis = axis
        self.matrix = None

    def reset(self, device):
        self.device = device
        self.matrix = torch.zeros((self.num_classes, self.num_classes), dtype=torch.int64, device=device)
        self._targets = torch.tensor(self.target_class_ids, dtype=torch.int64, device=device)

    def _class_ids(self, y_true, y_pred):
        if not self.sparse_y_true:
            y_true = torch.argmax(y_true, dim=self.axis)
        if not self.sparse_y_pred:
            y_pred = torch.argmax(y_pred, dim=self.axis)
        return y_true.to(torch.int32), y_pred.to(torch.int32)

    def update(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._class_ids(y_true, y_pred)
        y_true = y_true.reshape(-1).to(torch.int64)
        y_pred = y_pred.reshape(-1).to(torch.int64)
        if y_true.shape != y_pred.shape:
            raise InvalidArgumentError(
                f"{self.class_name}: targets and predictions must give as many class ids; got {y_true.shape[0]} "
                f"targets and {y_pred.shape[0]} predictions.")
        n = self.num_classes
        keep = (y_true >= 0) & (y_true < n) & (y_pred >= 0) & (y_pred < n)
        if self.ignore_class is not None:
            keep &= y_true != self.ignore_class
        # Keras gives a dropped pair weight 0 (in cell 0, 0): it adds nothing.
        cells = (y_true * n + y_pred)[keep]
        if sample_weight is None:
            self.matrix += torch.bincount(cells, minlength=n * n).reshape(n, n)
            return
        # Keras casts the weights to the metric's int dtype (truncating, as it warns) and adds them per cell.
        weight = sample_weight.reshape(-1) if sample_weight.dim() > 1 else sample_weight
        weight = torch.broadcast_to(weight, keep.shape).to(torch.int32).to(torch.int64)[keep]
        self.matrix += torch.zeros(n * n, dtype=torch.int64, device=cells.device).index_add_(0, cells, weight).reshape(n, n)

    def result(self):
        matrix = self.matrix
        predicted = matrix.sum(dim=0)
        actual = matrix.sum(dim=1)
        tp = torch.diagonal(matrix)
        union = (predicted + actual - tp).index_select(0, self._targets).to(torch.float32)
        tp = tp.index_select(0, self._targets).to(torch.float32)
        valid = union > 1e-9
        iou = torch.where(valid, tp / (union + EPSILON), torch.zeros_like(tp))
        return torch.sum(iou, dim=self.axis) / (valid.to(torch.float32).sum() + EPSILON)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true, "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class BinaryIoU(IoU):
    """Two classes: a prediction >= threshold is class 1; targets are cast to int32 (truncating)."""

    class_name = "BinaryIoU"
    default_name = "binary_io_u"

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise InvalidArgumentError(f"{self.class_name}: argument 'threshold' must be a number; got {threshold!r}.")
        self.threshold = threshold

    def _class_ids(self, y_true, y_pred):
        return y_true.to(torch.int32), (y_pred.to(torch.float32) >= self.threshold).to(torch.int32)

    def get_config(self):
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold, "name": self.name,
                "dtype": self.dtype}


class MeanIoU(IoU):
    class_name = "MeanIoU"
    default_name = "mean_io_u"

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, list(range(_class_count(num_classes, self.class_name))), name=name,
                         dtype=dtype, ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotIoU(IoU):
    class_name = "OneHotIoU"
    default_name = "one_hot_io_u"

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids, "name": self.name,
                "dtype": self.dtype, "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    class_name = "OneHotMeanIoU"
    default_name = "one_hot_mean_io_u"

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


CLASSES = [IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU]
