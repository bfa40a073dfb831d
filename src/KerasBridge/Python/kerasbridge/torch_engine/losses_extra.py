"""More of Keras's losses (keras/src/losses/losses.py): probabilistic (Poisson, KLDivergence), regression
(MeanSquaredLogarithmicError, MeanAbsolutePercentageError, LogCosh, CosineSimilarity) and hinge (Hinge,
SquaredHinge, CategoricalHinge). Each `fn` repeats Keras's function of the same name op for op on the
(already rank-matched) float32 tensors; registered in losses.py under the class name and Keras's
string names."""


import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.losses import EPSILON, Loss


class Poisson(Loss):
    class_name = "Poisson"
    default_name = "poisson"
    function_names = ("poisson",)

    def fn(self, y_true, y_pred):
        return torch.mean(y_pred - y_true * torch.log(y_pred + EPSILON), dim=-1)


class KLDivergence(Loss):
    class_name = "KLDivergence"
    default_name = "kl_divergence"
    function_names = ("kl_divergence", "kld", "KLD")

    def fn(self, y_true, y_pred):
        y_true = torch.clip(y_true, EPSILON, 1)
        y_pred = torch.clip(y_pred, EPSILON, 1)
        return torch.sum(y_true * torch.log(y_true / y_pred), dim=-1)


class MeanSquaredLogarithmicError(Loss):
    class_name = "MeanSquaredLogarithmicError"
    default_name = "mean_squared_logarithmic_error"
    function_names = ("mean_squared_logarithmic_error", "msle", "MSLE")

    def fn(self, y_true, y_pred):
        epsilon = torch.tensor(EPSILON, dtype=y_pred.dtype, device=y_pred.device)
        first_log = torch.log(torch.maximum(y_pred, epsilon) + 1.0)
        second_log = torch.log(torch.maximum(y_true, epsilon) + 1.0)
        return torch.mean(torch.square(first_log - second_log), dim=-1)


class MeanAbsolutePercentageError(Loss):
    class_name = "MeanAbsolutePercentageError"
    default_name = "mean_absolute_percentage_error"
    function_names = ("mean_absolute_percentage_error", "mape", "MAPE")

    def fn(self, y_true, y_pred):
        epsilon = torch.tensor(EPSILON, dtype=y_pred.dtype, device=y_pred.device)
        diff = torch.abs((y_true - y_pred) / torch.maximum(torch.abs(y_true), epsilon))
        return 100.0 * torch.mean(diff, dim=-1)


class LogCosh(Loss):
    class_name = "LogCosh"
    default_name = "log_cosh"
    function_names = ("log_cosh",)

    def fn(self, y_true, y_pred):
        log2 = float(torch.log(torch.tensor(2.0)))  # ops.log(2.0) in float32
        x = y_pred - y_true
        return torch.mean(x + F.softplus(x * -2.0) - log2, dim=-1)


class CosineSimilarity(Loss):
    class_name = "CosineSimilarity"
    default_name = "cosine_similarity"
    function_names = ("cosine_similarity",)

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name=None, dtype=None):
        super().__init__(reduction, name, dtype)
        self.axis = axis

    @staticmethod
    def _normalize(x, axis):
        # keras.ops.normalize (order 2): x * min(rsqrt(sum(x^2)), 1 / epsilon)
        square_sum = torch.sum(torch.square(x), dim=axis, keepdim=True)
        inv_norm = torch.minimum(torch.rsqrt(square_sum), torch.tensor(1.0 / EPSILON, dtype=x.dtype, device=x.device))
        return x * inv_norm

    def get_config(self):
        # Keras's get_config omits axis; written only when not the default so it is not lost.
        config = super().get_config()
        if self.axis != -1:
            config["axis"] = self.axis
        return config

    def fn(self, y_true, y_pred):
        return -torch.sum(self._normalize(y_true, self.axis) * self._normalize(y_pred, self.axis), dim=self.axis)


def _binary_labels_to_hinge(y_true):
    """convert_binary_labels_to_hinge: 0/1 labels become -1/1 (only when every label is 0 or 1)."""
    if bool(torch.all((y_true == 0) | (y_true == 1))):
        return 2.0 * y_true - 1.0
    return y_true


class Hinge(Loss):
    class_name = "Hinge"
    default_name = "hinge"
    function_names = ("hinge",)

    def fn(self, y_true, y_pred):
        y_true = _binary_labels_to_hinge(y_true)
        return torch.mean(torch.clamp_min(1.0 - y_true * y_pred, 0.0), dim=-1)


class SquaredHinge(Loss):
    class_name = "SquaredHinge"
    default_name = "squared_hinge"
    function_names = ("squared_hinge",)

    def fn(self, y_true, y_pred):
        y_true = _binary_labels_to_hinge(y_true)
        return torch.mean(torch.square(torch.clamp_min(1.0 - y_true * y_pred, 0.0)), dim=-1)


class CategoricalHinge(Loss):
    class_name = "CategoricalHinge"
    default_name = "categorical_hinge"
    function_names = ("categorical_hinge",)
    label_kind = "one_hot"

    def values(self, y_true, y_pred):
        # Keras's categorical_hinge does not match ranks first.
        return self.fn(y_true, y_pred)

    def fn(self, y_true, y_pred):
        pos = torch.sum(y_true * y_pred, dim=-1)
        neg = torch.amax((1.0 - y_true) * y_pred, dim=-1)
        return torch.clamp_min(neg - pos + 1.0, 0.0)


CLASSES = [Poisson, KLDivergence, MeanSquaredLogarithmicError, MeanAbsolutePercentageError, LogCosh,
           CosineSimilarity, Hinge, SquaredHinge, CategoricalHinge]
