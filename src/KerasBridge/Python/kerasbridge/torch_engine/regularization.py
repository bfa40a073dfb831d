"""Regularization layers on torch tensors: the training-only noise layers SpatialDropout1D/2D/3D, GaussianNoise,
GaussianDropout, AlphaDropout, and ActivityRegularization. At inference each is the identity. Random numbers come from torch's
generator, so a training run is not bit-identical to Keras's (Keras's own runs differ from seed to seed the
same way).

Sources: keras/src/layers/regularization/spatial_dropout.py, gaussian_noise.py, gaussian_dropout.py,
alpha_dropout.py, activity_regularization.py and keras/src/backend/torch/random.py (dropout with a noise shape, normal).
"""

import math

import torch

from kerasbridge.torch_engine.layers import Dropout, Layer, _check_data_format
from kerasbridge.torch_engine.regularizers import L1L2


def _rate(layer, value, what="rate"):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ValueError(f"{layer.label}: '{what}' must be a number in [0, 1]; got {value!r}.")
    return float(value)


class BaseSpatialDropout(Dropout):
    """Drops whole feature maps: the keep mask has size 1 along the spatial axes."""

    rank = 1

    def __init__(self, config):
        config = dict(config)
        data_format = config.pop("data_format", None) if self.rank >= 2 else None
        super().__init__(config)
        self.data_format = _check_data_format(self, data_format)

    def _noise_shape(self, x):
        if self.data_format == "channels_last":
            return (x.shape[0],) + (1,) * self.rank + (x.shape[-1],)
        return (x.shape[0], x.shape[1]) + (1,) * self.rank

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 2,), f"{self.rank}D spatial")
        return tuple(input_shape)

    def call(self, x, training):
        if not training or self.rate == 0.0:
            return x
        if self.rate == 1.0:
            return torch.zeros_like(x)
        keep = 1.0 - self.rate
        mask = torch.bernoulli(torch.full(self._noise_shape(x), keep, device=x.device)).bool()
        return torch.where(mask.expand(x.shape), x / keep, torch.zeros_like(x))

    def get_config(self):
        # Keras's BaseSpatialDropout.get_config: these keys only, dtype as a plain name.
        config = {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": "float32"}
        if self.rank >= 2:
            config["data_format"] = self.data_format
        return config


class SpatialDropout1D(BaseSpatialDropout):
    class_name = "SpatialDropout1D"
    rank = 1


class SpatialDropout2D(BaseSpatialDropout):
    class_name = "SpatialDropout2D"
    rank = 2


class SpatialDropout3D(BaseSpatialDropout):
    class_name = "SpatialDropout3D"
    rank = 3


class AlphaDropout(Dropout):
    """keras/src/layers/regularization/alpha_dropout.py: while training, each unit is kept where a uniform draw is
    >= rate, else set to SELU's negative saturation alpha_p = -alpha * scale, then a * x + b brings the mean and
    variance back to the input's. Options and config as Dropout's (rate, seed, noise_shape)."""

    class_name = "AlphaDropout"
    _ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946

    def call(self, x, training):
        if not training or self.rate == 0.0:
            return x
        if self.rate == 1.0:
            raise ValueError(f"{self.label}: 'rate' 1 cannot be used in training: every unit would be dropped and the "
                             f"correction ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5 divides by zero (Keras fails too).")
        alpha_p = self._ALPHA_P
        kept = (torch.rand(self._mask_shape(x), device=x.device) >= self.rate).to(x.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        return a * (x * kept + alpha_p * (1 - kept)) + b


class GaussianNoise(Layer):
    class_name = "GaussianNoise"

    def __init__(self, config):
        super().__init__(config, {"stddev": None, "seed": None})
        stddev = self.options["stddev"]
        # keras/src/layers/regularization/gaussian_noise.py takes 0 <= stddev <= 1 only (so no NaN).
        if not isinstance(stddev, (int, float)) or isinstance(stddev, bool) or not 0 <= stddev <= 1:
            raise ValueError(f"{self.label}: 'stddev' must be a number in [0, 1]; got {stddev!r}.")
        self.stddev = stddev
        self.seed = self.options["seed"]

    def call(self, x, training):
        if training and self.stddev > 0:
            return x + torch.randn_like(x) * self.stddev
        return x

    def layer_config(self):
        return {"stddev": self.stddev, "seed": self.seed}


class GaussianDropout(Layer):
    class_name = "GaussianDropout"

    def __init__(self, config):
        super().__init__(config, {"rate": None, "seed": None})
        self.rate = _rate(self, self.options["rate"])
        self.seed = self.options["seed"]

    def call(self, x, training):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return x * (1.0 + torch.randn_like(x) * stddev)
        return x

    def layer_config(self):
        return {"rate": self.rate, "seed": self.seed}


class ActivityRegularization(Layer):
    """The identity, with an L1L2(l1, l2) activity penalty on its output; its config has l1 and l2 only."""

    class_name = "ActivityRegularization"
    base_activity_regularizer = False

    def __init__(self, config):
        super().__init__(config, {"l1": 0.0, "l2": 0.0})
        self.l1, self.l2 = self.options["l1"], self.options["l2"]
        self.activity_regularizer = L1L2(self.l1, self.l2)

    def call(self, x, training):
        return x

    def layer_config(self):
        return {"l1": self.l1, "l2": self.l2}


REGULARIZATION_CLASSES = (SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianNoise, GaussianDropout, AlphaDropout,
                          ActivityRegularization)
