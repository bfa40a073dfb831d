"""Keras's colour image augmentation layers on torch tensors: RandomContrast, RandomBrightness, RandomGrayscale,
RandomInvert, Solarization. Each is the identity at inference; while training each image gets its own draw from
torch's generator (not Keras's numbers, the same distribution and arithmetic).

Sources: keras/src/layers/preprocessing/image_preprocessing/random_contrast.py ((x - mean) * f + mean over
height and width per channel, f ~ U[1 - lower, 1 + upper), clipped to value_range), random_brightness.py
(x + U[lower, upper) * (max - min), clipped), random_grayscale.py (keras/src/backend/torch/image.py
rgb_to_grayscale: 0.2989 R + 0.587 G + 0.114 B, on a U < factor draw), random_invert.py (max - x where
U[0, 1) < U[lower, upper)), solarization.py (to [0, 255], add U[a_lo, 255 a_hi), clip, 255 - x from
U[t_lo, 255 t_hi) on, back to value_range) and the factor rules of base_image_preprocessing_layer.py.
"""

import torch

from kerasbridge.torch_engine.image_augmentation import (AugmentationLayer, base_factor, is_number,
                                                         uniform)


def _value_range(layer, value, sort):
    if not isinstance(value, (list, tuple)) or len(value) != 2 or not all(is_number(v) for v in value):
        raise ValueError(f"{layer.label}: 'value_range' must be a list of two numbers; got {value!r}.")
    return sorted(value) if sort else list(value)


def _per_image(x, low, high):
    return uniform((x.shape[0], 1, 1, 1), low, high, x.device)


def to_range(x, source, target):
    """BaseImagePreprocessingLayer._transform_value_range: x linearly from source to target (as is when equal)."""
    if source[0] == target[0] and source[1] == target[1]:
        return x
    return (x - float(source[0])) / (float(source[1]) - float(source[0])) * (float(target[1]) - float(target[0])) \
        + float(target[0])


def rgb_to_grayscale(layer, x, channel):
    """keras/src/backend/torch/image.py rgb_to_grayscale: 0.2989 R + 0.587 G + 0.114 B (one channel as it is)."""
    if x.shape[channel] not in (1, 3):
        raise ValueError(f"{layer.label} expects images with 3 (RGB) or 1 (grayscale) channels; got input shape "
                         f"{list(x.shape)}.")
    if x.shape[channel] == 1:
        return x.clone()
    r, g, b = x.unbind(dim=channel)
    return (0.2989 * r + 0.587 * g + 0.114 * b).unsqueeze(channel)


class RandomContrast(AugmentationLayer):
    class_name = "RandomContrast"

    def __init__(self, config):
        super().__init__(config, {"factor": None, "value_range": (0, 255), "seed": None})
        self.factor = base_factor(self, self.options["factor"], (0, 1))
        self.value_range = _value_range(self, self.options["value_range"], sort=False)

    def augment(self, x):
        return self.adjust(x, _per_image(x, 1.0 - self.factor[0], 1.0 + self.factor[1]))

    def adjust(self, x, contrast):
        h, w = self.hw_axes()
        mean = torch.mean(torch.mean(x, dim=h, keepdim=True), dim=w, keepdim=True)
        return torch.clamp((x - mean) * contrast + mean, self.value_range[0], self.value_range[1])

    def augmentation_config(self):
        return {"factor": list(self.factor), "value_range": list(self.value_range), "seed": self.seed}


class RandomBrightness(AugmentationLayer):
    class_name = "RandomBrightness"

    def __init__(self, config):
        super().__init__(config, {"factor": None, "value_range": (0, 255), "seed": None})
        self.factor = base_factor(self, self.options["factor"], (-1, 1))
        self.value_range = _value_range(self, self.options["value_range"], sort=True)

    def augment(self, x):
        return self.adjust(x, _per_image(x, self.factor[0], self.factor[1]))

    def adjust(self, x, delta):
        delta = delta * (self.value_range[1] - self.value_range[0])
        return torch.clamp(x + delta, self.value_range[0], self.value_range[1])

    def augmentation_config(self):
        return {"factor": list(self.factor), "value_range": list(self.value_range), "seed": self.seed}


class RandomGrayscale(AugmentationLayer):
    """Keras writes no seed in this layer's config (it takes one)."""

    class_name = "RandomGrayscale"

    def __init__(self, config):
        super().__init__(config, {"factor": 0.5, "seed": None})
        factor = self.options["factor"]
        if not is_number(factor) or not 0 <= factor <= 1:
            raise ValueError(f"{self.label}: 'factor' must be a number in [0, 1]; got {factor!r}.")
        self.factor = factor

    def augment(self, x):
        return self.apply(x, uniform((x.shape[0], 1, 1, 1), 0.0, 1.0, x.device) < self.factor)

    def apply(self, x, chosen):
        channel = 1 if self.data_format == "channels_first" else 3
        gray = rgb_to_grayscale(self, x, channel)
        return gray if x.shape[channel] == 1 else torch.where(chosen, gray, x)

    def augmentation_config(self):
        return {"factor": self.factor}


class RandomInvert(AugmentationLayer):
    class_name = "RandomInvert"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "value_range": (0, 255), "seed": None})
        self.factor = base_factor(self, self.options["factor"], (0, 1))
        self.value_range = _value_range(self, self.options["value_range"], sort=False)

    def augment(self, x):
        probability = _per_image(x, self.factor[0], self.factor[1])
        return self.apply(x, _per_image(x, 0.0, 1.0) < probability)

    def apply(self, x, chosen):
        return torch.where(chosen, self.value_range[1] - x, x)

    def augmentation_config(self):
        return {"factor": list(self.factor), "value_range": list(self.value_range), "seed": self.seed}


def _solarization_factor(layer, value, key):
    """Solarization._set_factor: numbers in [0, 1]; f gives (0, f), a pair is sorted."""
    def fits(v):
        return is_number(v) and 0 <= v <= 1

    if isinstance(value, (list, tuple)) and len(value) == 2 and all(fits(v) for v in value):
        return tuple(sorted(value))
    if fits(value):
        return (0, value)
    raise ValueError(f"{layer.label}: '{key}' must be a number (or a list of two numbers) in the range [0, 1]; "
                     f"got {value!r}.")


class Solarization(AugmentationLayer):
    class_name = "Solarization"

    def __init__(self, config):
        super().__init__(config, {"addition_factor": 0.0, "threshold_factor": 0.0, "value_range": (0, 255),
                                  "seed": None})
        self.addition_factor = _solarization_factor(self, self.options["addition_factor"], "addition_factor")
        self.threshold_factor = _solarization_factor(self, self.options["threshold_factor"], "threshold_factor")
        self.value_range = _value_range(self, self.options["value_range"], sort=True)

    def augment(self, x):
        # Keras's bounds: U[lower, upper * 255) for both draws.
        additions = _per_image(x, self.addition_factor[0], self.addition_factor[1] * 255)
        thresholds = _per_image(x, self.threshold_factor[0], self.threshold_factor[1] * 255)
        return self.apply(x, additions, thresholds)

    def apply(self, x, additions, thresholds):
        low, high = self.value_range
        identity = (low, high) == (0, 255)
        if not identity:
            x = (x - low) / (high - low) * 255 + 0
        results = torch.clamp(x + additions, 0, 255)
        results = torch.where(results < thresholds, results, 255 - results)
        if not identity:
            results = (results - 0) / (255 - 0) * (high - low) + low
        return results

    def augmentation_config(self):
        return {"value_range": list(self.value_range), "addition_factor": list(self.addition_factor),
                "threshold_factor": list(self.threshold_factor), "seed": self.seed}


COLOR_CLASSES = (RandomContrast, RandomBrightness, RandomGrayscale, RandomInvert, Solarization)
