"""Keras's geometric image augmentation layers on torch tensors: RandomFlip, RandomRotation, RandomZoom,
RandomTranslation, RandomCrop (the colour ones are in image_color.py).

Sources: keras/src/layers/preprocessing/image_preprocessing/base_image_preprocessing_layer.py (the factor rules,
data_format in every config), random_flip.py, random_rotation.py, random_zoom.py, random_translation.py,
random_crop.py, and the torch backend's affine warp (image_affine.py). At inference every layer here is the
identity, RandomCrop included: Keras's RandomCrop.transform_images returns the images uncropped when not
training, whatever its output shape says. While training, each image gets its own random transform (RandomCrop:
one crop window for the whole batch), drawn from torch's generator: not the numbers Keras draws (as for Dropout),
the same distribution and, for a given draw, the same arithmetic.
"""

import random

import torch

from kerasbridge.torch_engine import image_affine
from kerasbridge.torch_engine.layers import Layer, _check_data_format
from kerasbridge.torch_engine.preprocessing import _ImageLayer, _positive_int


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def base_factor(layer, value, bounds, key="factor"):
    """BaseImagePreprocessingLayer._set_factor: a number f gives (max(-|f|, low), |f|), a pair is sorted; the pair
    must overlap the bounds, a number must lie inside them."""
    message = (f"{layer.label}: '{key}' must be a number (or a list of two numbers) in the range "
               f"[{bounds[0]}, {bounds[1]}]; got {value!r}.")
    if isinstance(value, (list, tuple)):
        if len(value) != 2 or not all(is_number(v) for v in value) or value[0] > bounds[1] or value[1] < bounds[0]:
            raise ValueError(message)
        return tuple(sorted(value))
    if not is_number(value) or not bounds[0] <= value <= bounds[1]:
        raise ValueError(message)
    value = abs(value)
    return (max(-value, bounds[0]), value)


def range_factor(layer, value, key, open_low=False):
    """RandomZoom / RandomTranslation._set_factor: each number in [-1, 1] ((-1, 1] for zoom); f gives (-|f|, |f|)."""
    def fits(v):
        return is_number(v) and (-1.0 < v if open_low else -1.0 <= v) and v <= 1.0

    if isinstance(value, (list, tuple)) and len(value) == 2 and all(fits(v) for v in value):
        return tuple(sorted(value))
    if fits(value):
        return (-abs(value), abs(value))
    low = "(-1.0" if open_low else "[-1.0"
    raise ValueError(f"{layer.label}: '{key}' must be a number (or a list of two numbers) in the range {low}, 1.0]; "
                     f"got {value!r}.")


def uniform(shape, low, high, device):
    """keras/src/backend/torch/random.py uniform: (high - low) * U[0, 1) + low (exactly low when high == low)."""
    return (high - low) * torch.rand(shape, device=device) + low


def check_seed(layer, seed):
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ValueError(f"{layer.label}: 'seed' must be an int or null; got {seed!r}.")
    return seed


def check_number(layer, key, value):
    if not is_number(value):
        raise ValueError(f"{layer.label}: '{key}' must be a number; got {value!r}.")
    return value


def check_choice(layer, key, value, choices):
    if value not in choices:
        raise ValueError(f"{layer.label}: '{key}' must be one of {', '.join(choices)}; got {value!r}.")
    return value


class AugmentationLayer(Layer):
    """An image layer that acts only while training; the identity at inference. Configs start with data_format."""

    has_build_config = True

    def __init__(self, config, options):
        super().__init__(config, {"data_format": None, **options})
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.seed = check_seed(self, self.options.get("seed"))

    def build(self, input_shape, device):
        self._require_rank(input_shape, (4,), "a batch of images (batch, height, width, channels)")
        super().build(input_shape, device)

    def hw_axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def image_size(self, x):
        h, w = self.hw_axes()
        return x.shape[h], x.shape[w]

    def call(self, x, training):
        return self.augment(x) if training else x

    def augment(self, x):
        raise NotImplementedError

    def layer_config(self):
        return {"data_format": self.data_format, **self.augmentation_config()}

    def augmentation_config(self):
        return {}


_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(AugmentationLayer):
    """Flips each image with probability 1/2 (U <= 0.5); horizontal_and_vertical flips both ways on the same draw."""

    class_name = "RandomFlip"

    def __init__(self, config):
        super().__init__(config, {"mode": "horizontal_and_vertical", "seed": None})
        self.mode = check_choice(self, "mode", self.options["mode"], _FLIP_MODES)

    def augment(self, x):
        flips = uniform((x.shape[0], 1, 1, 1), 0.0, 1.0, x.device) <= 0.5
        return self.flip(x, flips)

    def flip(self, x, flips):
        h, w = self.hw_axes()
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            x = torch.where(flips, torch.flip(x, (w,)), x)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            x = torch.where(flips, torch.flip(x, (h,)), x)
        return x

    def augmentation_config(self):
        return {"seed": self.seed, "mode": self.mode}


class AffineLayer(AugmentationLayer):
    """A layer that warps each image by a random affine transform (Keras's affine_transform)."""

    def __init__(self, config, options):
        super().__init__(config, {"fill_mode": "reflect", "interpolation": "bilinear", "seed": None,
                                  "fill_value": 0.0, **options})
        o = self.options
        self.fill_mode = check_choice(self, "fill_mode", o["fill_mode"], image_affine.FILL_MODES)
        self.interpolation = check_choice(self, "interpolation", o["interpolation"], image_affine.INTERPOLATIONS)
        self.fill_value = check_number(self, "fill_value", o["fill_value"])

    def augment(self, x):
        height, width = self.image_size(x)
        return self.warp(x, self.transform(x.shape[0], height, width, x.device))

    def warp(self, x, transform):
        return image_affine.affine_transform(x, transform, self.interpolation, self.fill_mode, self.fill_value,
                                             self.data_format)

    def transform(self, batch, height, width, device):
        raise NotImplementedError


class RandomRotation(AffineLayer):
    """Rotates each image about its center by U[lower, upper) * 360 degrees (counter-clockwise for positive)."""

    class_name = "RandomRotation"

    def __init__(self, config):
        super().__init__(config, {"factor": None})
        self.factor = base_factor(self, self.options["factor"], (-1, 1))

    def transform(self, batch, height, width, device):
        angle = uniform((batch,), self.factor[0] * 360.0, self.factor[1] * 360.0, device)
        return image_affine.rotation_matrix(angle, height, width)

    def augmentation_config(self):
        return {"factor": list(self.factor), "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                "interpolation": self.interpolation, "seed": self.seed}


class RandomZoom(AffineLayer):
    """Scales each image about its center by 1 + U[lower, upper) per axis (positive zooms out); without a
    width_factor the width takes the height's zoom."""

    class_name = "RandomZoom"

    def __init__(self, config):
        super().__init__(config, {"height_factor": None, "width_factor": None})
        self.height_factor = self.options["height_factor"]
        self.height_range = range_factor(self, self.height_factor, "height_factor", open_low=True)
        self.width_factor = self.options["width_factor"]
        self.width_range = None
        if self.width_factor is not None:
            self.width_range = range_factor(self, self.width_factor, "width_factor", open_low=True)

    def transform(self, batch, height, width, device):
        height_zoom = uniform((batch,), 1.0 + self.height_range[0], 1.0 + self.height_range[1], device)
        width_zoom = height_zoom
        if self.width_range is not None:
            width_zoom = uniform((batch,), 1.0 + self.width_range[0], 1.0 + self.width_range[1], device)
        return image_affine.zoom_matrix(width_zoom, height_zoom, height, width)

    def augmentation_config(self):
        return {"height_factor": self.height_factor, "width_factor": self.width_factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed, "fill_value": self.fill_value}


class RandomTranslation(AffineLayer):
    """Shifts each image by U[lower, upper) of its height and of its width (positive: down and right)."""

    class_name = "RandomTranslation"

    def __init__(self, config):
        super().__init__(config, {"height_factor": None, "width_factor": None})
        self.height_factor, self.width_factor = self.options["height_factor"], self.options["width_factor"]
        self.height_range = range_factor(self, self.height_factor, "height_factor")
        self.width_range = range_factor(self, self.width_factor, "width_factor")

    def transform(self, batch, height, width, device):
        dy = uniform((batch,), self.height_range[0], self.height_range[1], device) * height
        dx = uniform((batch,), self.width_range[0], self.width_range[1], device) * width
        return image_affine.translation_matrix(dx, dy)

    def augmentation_config(self):
        return {"height_factor": self.height_factor, "width_factor": self.width_factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed, "fill_value": self.fill_value}


class RandomCrop(_ImageLayer):
    """While training: a random (height, width) window, the same for the whole batch, when the images are larger
    on both axes; otherwise a window from the start of the centered aspect-ratio crop, resized bilinearly to the
    target when the image's edge cuts it short.
    At inference Keras returns the images as they are (its output shape is still (height, width))."""

    class_name = "RandomCrop"

    def __init__(self, config):
        super().__init__(config, {"height": None, "width": None, "seed": None, "data_format": None})
        self.height, self.width = _positive_int(self, "height"), _positive_int(self, "width")
        # Keras draws a seed when none is given (backend.random.make_default_seed) and writes it in its config.
        seed = check_seed(self, self.options["seed"])
        self.seed = seed if seed is not None else random.randint(1, int(1e9))
        self.data_format = _check_data_format(self, self.options["data_format"])

    def call(self, x, training):
        if not training:
            return x
        h, w = self._axes()
        height, width = x.shape[h], x.shape[w]
        if height > self.height and width > self.width:
            top = int(torch.randint(0, height - self.height + 1, ()))
            left = int(torch.randint(0, width - self.width + 1, ()))
        else:
            # Keras's start of the centered crop with the target aspect ratio; it then slices (height, width)
            # from there, which the image's edge may cut short, and resizes that bilinearly to the target.
            crop_height = max(min(height, int(float(width * self.height) / self.width)), 1)
            crop_width = max(min(width, int(float(height * self.width) / self.height)), 1)
            top, left = int(float(height - crop_height) / 2), int(float(width - crop_width) / 2)
        window = [slice(None)] * 4
        window[h], window[w] = slice(top, top + self.height), slice(left, left + self.width)
        x = x[tuple(window)]
        if (x.shape[h], x.shape[w]) != (self.height, self.width):
            x = self._resize(x, "bilinear", False, False)
        return x

    def layer_config(self):
        return {"data_format": self.data_format, "height": self.height, "width": self.width, "seed": self.seed}


GEOMETRIC_CLASSES = (RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomCrop)
