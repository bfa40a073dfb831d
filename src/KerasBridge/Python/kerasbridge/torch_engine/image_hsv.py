"""Keras's hue and saturation augmentation layers on torch tensors: RandomHue, RandomSaturation and
RandomColorJitter (brightness, contrast, saturation, hue in that order). Identity at inference; while training each
image gets its own draw from torch's generator (not Keras's numbers: the same distribution and arithmetic).

Sources: keras/src/layers/preprocessing/image_preprocessing/random_hue.py (hue + s * U[lower, upper) / 2, s = -1
where U > 0.5 else 1, wrapped into [0, 1], on images brought to [0, 1]), random_saturation.py (S * f / (1 - f +
1e-7), f ~ U[lower, upper), clipped to value_range as Keras does, on the raw images), random_color_jitter.py, and
keras/src/backend/torch/image.py rgb_to_hsv / hsv_to_rgb (after dm_pix).
"""

import torch

from kerasbridge.torch_engine.image_augmentation import AugmentationLayer, base_factor, uniform
from kerasbridge.torch_engine.image_color import RandomBrightness, RandomContrast, _value_range, to_range

_EPSILON = 1e-7  # keras.config.epsilon()


def rgb_to_hsv(images, channel):
    eps = torch.finfo(images.dtype).eps
    images = torch.where(torch.abs(images) < eps, torch.zeros_like(images), images)
    r, g, b = images.unbind(dim=channel)
    value = torch.maximum(torch.maximum(r, g), b)
    minimum = torch.minimum(torch.minimum(r, g), b)
    range_ = value - minimum
    one, zero = torch.ones_like(value), torch.zeros_like(value)
    safe_value = torch.where(value > 0, value, one)
    safe_range = torch.where(range_ > 0, range_, one)
    saturation = torch.where(value > 0, range_ / safe_value, zero)
    norm = 1.0 / (6.0 * safe_range)
    hue = torch.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = torch.where(value == r, norm * (g - b), hue)
    hue = torch.where(range_ > 0, hue, zero) + (hue < 0.0).to(hue.dtype)
    return torch.stack([hue, saturation, value], dim=channel)


def hsv_to_rgb(images, channel):
    hue, saturation, value = images.unbind(dim=channel)
    dh = torch.remainder(hue, 1.0) * 6.0
    dr = torch.clip(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = torch.clip(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    db = torch.clip(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    planes = [value * (one_minus_s + saturation * d) for d in (dr, dg, db)]
    return torch.stack(planes, dim=channel)


class ColorLayer(AugmentationLayer):
    """A layer with Keras's factor (base rule within `bounds`), value_range and seed, in that config order."""

    bounds = (-1, 1)
    sort_value_range = True

    def __init__(self, config):
        super().__init__(config, {"factor": None, "value_range": (0, 255), "seed": None})
        self.factor = base_factor(self, self.options["factor"], self.bounds)
        self.value_range = _value_range(self, self.options["value_range"], sort=self.sort_value_range)

    def channel_axis(self):
        return 1 if self.data_format == "channels_first" else 3

    def augmentation_config(self):
        return {"factor": list(self.factor), "value_range": list(self.value_range), "seed": self.seed}


class RandomHue(ColorLayer):
    class_name = "RandomHue"
    bounds = (0, 1)
    sort_value_range = False

    def augment(self, x):
        batch = x.shape[0]
        ones = torch.ones(batch, device=x.device)
        sign = torch.where(uniform((batch,), 0.0, 1.0, x.device) > 0.5, -ones, ones)
        return self.apply(x, sign * uniform((batch,), self.factor[0], self.factor[1], x.device) * 0.5)

    def apply(self, x, shift):
        """Adds `shift` (one per image) to each image's hue."""
        channel = self.channel_axis()
        x = to_range(x, self.value_range, (0, 1))
        hue, saturation, value = rgb_to_hsv(x, channel).unbind(dim=channel)
        hue = hue + shift.to(x.dtype).view(-1, 1, 1)
        hue = torch.where(hue > 1.0, hue - 1.0, hue)
        hue = torch.where(hue < 0.0, hue + 1.0, hue)
        x = torch.clip(hsv_to_rgb(torch.stack([hue, saturation, value], dim=channel), channel), 0, 1)
        return to_range(x, (0, 1), self.value_range)


class RandomSaturation(ColorLayer):
    class_name = "RandomSaturation"

    def augment(self, x):
        factor = uniform((x.shape[0],), self.factor[0], self.factor[1], x.device)
        return self.apply(x, factor / (1 - factor + _EPSILON))

    def apply(self, x, scale):
        """Multiplies each image's saturation by `scale` (one per image); Keras clips S to value_range."""
        channel = self.channel_axis()
        hue, saturation, value = rgb_to_hsv(x, channel).unbind(dim=channel)
        saturation = torch.clip(saturation * scale.to(x.dtype).view(-1, 1, 1), self.value_range[0], self.value_range[1])
        return hsv_to_rgb(torch.stack([hue, saturation, value], dim=channel), channel)


_JITTER_PARTS = (("brightness_factor", RandomBrightness), ("contrast_factor", RandomContrast),
                 ("saturation_factor", RandomSaturation), ("hue_factor", RandomHue))


class RandomColorJitter(AugmentationLayer):
    """Keras builds each given part as its own layer with this value_range and seed but the default data format
    (channels_last), and writes the factors and value_range as given."""

    class_name = "RandomColorJitter"

    def __init__(self, config):
        super().__init__(config, {"value_range": (0, 255), "brightness_factor": None, "contrast_factor": None,
                                  "saturation_factor": None, "hue_factor": None, "seed": None})
        self.value_range = _value_range(self, self.options["value_range"], sort=False)
        self.parts = []
        for key, cls in _JITTER_PARTS:
            if self.options[key] is not None:
                try:
                    part = cls({"name": f"{self.name}_{key}", "factor": self.options[key],
                                "value_range": self.options["value_range"], "seed": self.seed})
                except ValueError as error:  # name the jitter's option, not its part's
                    raise ValueError(f"{self.label}: '{key}' is not a valid {cls.class_name} factor: "
                                     f"{str(error).split(': ', 1)[-1]}") from None
                self.parts.append(part)

    def augment(self, x):
        for part in self.parts:
            x = part.augment(x)
        return x

    def augmentation_config(self):
        factors = {key: self.options[key] for key, _ in _JITTER_PARTS}
        return {"value_range": list(self.value_range), **factors, "seed": self.seed}


HSV_CLASSES = (RandomHue, RandomSaturation, RandomColorJitter)
