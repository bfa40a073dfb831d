"""Keras's per-pixel level augmentation layers on torch tensors: RandomColorDegeneration, RandomSharpness,
RandomPosterization, AutoContrast and Equalization.

Sources (keras/src/layers/preprocessing/image_preprocessing/): random_color_degeneration.py (x + f (gray - x),
f ~ U[lower, upper) per image, clipped), random_sharpness.py (x + (1 - 2f) (smooth - x), the 3x3 kernel
[[1, 1, 1], [1, 5, 1], [1, 1, 1]] / 13 with zero 'same' padding, clipped), random_posterization.py (on [0, 255]
as uint8, x >> (8 - b) << (8 - b), b ~ randint[lower, upper) or lower when they are equal), auto_contrast.py
(min/max over axes 1 and 2 per image stretched to [0, 255]; NaN back to the input; applies at inference too) and
equalization.py (each channel's histogram over the whole batch mapped through its rounded CDF; Keras applies it
only while training).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.image_augmentation import AugmentationLayer, base_factor, uniform
from kerasbridge.torch_engine.image_color import _value_range, rgb_to_grayscale, to_range
from kerasbridge.torch_engine.image_hsv import ColorLayer


class RandomColorDegeneration(ColorLayer):
    class_name = "RandomColorDegeneration"

    def augment(self, x):
        return self.apply(x, uniform((x.shape[0], 1, 1, 1), self.factor[0], self.factor[1], x.device))

    def apply(self, x, factor):
        channel = self.channel_axis()
        if x.shape[channel] != 3:
            raise ValueError(f"{self.label} expects images with 3 channels; got input shape {list(x.shape)}.")
        x = x + factor * (rgb_to_grayscale(self, x, channel) - x)
        return torch.clip(x, self.value_range[0], self.value_range[1])


class RandomSharpness(ColorLayer):
    class_name = "RandomSharpness"
    bounds = (0, 1)

    def augment(self, x):
        return self.apply(x, uniform((x.shape[0],), self.factor[0], self.factor[1], x.device))

    def apply(self, x, factor):
        sharpness = (factor * 2).to(x.dtype).view(-1, 1, 1, 1)
        channels_first = x if self.data_format == "channels_first" else x.permute(0, 3, 1, 2)
        a, b = 1.0 / 13.0, 5.0 / 13.0
        kernel = torch.tensor([[a, a, a], [a, b, a], [a, a, a]], dtype=x.dtype, device=x.device)
        channels = channels_first.shape[1]
        smoothed = F.conv2d(channels_first, kernel.expand(channels, 1, 3, 3), padding=1, groups=channels)
        if self.data_format == "channels_last":
            smoothed = smoothed.permute(0, 2, 3, 1)
        x = x + (1.0 - sharpness) * (smoothed - x)
        return torch.clip(x, self.value_range[0], self.value_range[1])


class RandomPosterization(ColorLayer):
    class_name = "RandomPosterization"
    bounds = (1, 8)

    def augment(self, x):
        low, high = self.factor
        if low != high:
            bits = torch.randint(int(low), int(high), (x.shape[0],), device=x.device, dtype=torch.uint8)
        else:
            bits = torch.ones(x.shape[0], device=x.device, dtype=torch.uint8) * int(low)
        return self.apply(x, 8 - bits)

    def apply(self, x, shift):
        """Keeps the top 8 - shift bits (shift per image) of each pixel on the [0, 255] scale."""
        shift = shift.to(torch.uint8).view(-1, 1, 1, 1)
        pixels = to_range(x, self.value_range, (0, 255)).to(torch.uint8)
        pixels = torch.bitwise_left_shift(torch.bitwise_right_shift(pixels, shift), shift)
        return to_range(pixels.to(x.dtype), (0, 255), self.value_range)


class AutoContrast(AugmentationLayer):
    """Deterministic and applied at inference too, as Keras does. Keras takes the min and max over axes 1 and 2
    whatever the data format; this follows it."""

    class_name = "AutoContrast"

    def __init__(self, config):
        super().__init__(config, {"value_range": (0, 255)})
        self.value_range = _value_range(self, self.options["value_range"], sort=True)

    def call(self, x, training):
        images = to_range(x, self.value_range, (0, 255))
        low = torch.amin(images, dim=(1, 2), keepdim=True)
        high = torch.amax(images, dim=(1, 2), keepdim=True)
        scale = 255.0 / (high - low)
        offset = -low * scale
        results = torch.clip(images * scale + offset, 0.0, 255.0)
        results = to_range(results, (0, 255), self.value_range)
        return torch.where(torch.isnan(results), x, results)

    def augmentation_config(self):
        return {"value_range": list(self.value_range)}


class Equalization(AugmentationLayer):
    """Keras's transform_images equalizes only while training (the identity at inference, as its call gives)."""

    class_name = "Equalization"

    def __init__(self, config):
        super().__init__(config, {"value_range": (0, 255), "bins": 256})
        bins = self.options["bins"]
        if not isinstance(bins, int) or isinstance(bins, bool) or bins < 1:
            raise ValueError(f"{self.label}: 'bins' must be a positive int; got {bins!r}.")
        self.bins = bins
        self.value_range = _value_range(self, self.options["value_range"], sort=True)

    def augment(self, x):
        channel = 1 if self.data_format == "channels_first" else 3
        return torch.stack([self.equalize(c) for c in x.unbind(dim=channel)], dim=channel)

    def equalize(self, channel):
        # Keras compares its sorted list with the tuple (0, 255), which never matches: it always rescales.
        channel = self.scale(channel, self.value_range, (0, 255))
        scaled = (channel - 0.0) * (self.bins - 1) / (255.0 - 0.0)
        indices = torch.clip(scaled.to(torch.int32), 0, self.bins - 1)
        histogram = torch.bincount(indices.reshape(-1).long(), minlength=self.bins)
        if int(torch.count_nonzero(histogram)) > 1:
            cdf = torch.cumsum(histogram, dim=0)
            cdf_min = cdf[torch.nonzero(cdf)[0][0]]
            denominator = cdf[-1] - cdf_min
            denominator = torch.where(denominator == 0, torch.ones_like(denominator), denominator)
            lookup = torch.clip(torch.round(((cdf - cdf_min) * 255) / denominator), 0, 255)
            positions = torch.clip((channel / 255.0) * (self.bins - 1), 0, self.bins - 1).to(torch.int32)
            channel = lookup[positions.long()].to(channel.dtype)
        return self.scale(channel, (0, 255), self.value_range)

    @staticmethod
    def scale(values, source, target):
        """Equalization._scale_values: values * scale + offset."""
        scale = (target[1] - target[0]) / (source[1] - source[0])
        return values * scale + (target[0] - source[0] * scale)

    def augmentation_config(self):
        return {"bins": self.bins, "value_range": list(self.value_range)}


LEVEL_CLASSES = (RandomColorDegeneration, RandomSharpness, RandomPosterization, AutoContrast, Equalization)
