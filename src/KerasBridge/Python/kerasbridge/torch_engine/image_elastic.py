"""Keras's RandomElasticTransform and MaxNumBoundingBoxes on torch tensors.

Sources (keras/src/layers/preprocessing/image_preprocessing/): random_elastic_transform.py with
keras/src/backend/torch/image.py elastic_transform (one distortion factor d ~ U[scale) for the batch; alpha =
max(H, W) * 0.1 d, sigma = min(H, W) * 0.05 d; displacements N(0, 1) * sigma per pixel, Gaussian-blurred with a
kernel of int(6 sigma) | 1 taps, times alpha; the images where U < U[factor) resampled through map_coordinates,
then every image clipped to value_range) and max_num_bounding_box.py (it pads or cuts bounding boxes; it returns
images unchanged, and an engine model carries only images, so here it is the identity). The draws come from torch's
generator: not Keras's numbers, the same distribution and, for a given draw, the same arithmetic.
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import image_affine
from kerasbridge.torch_engine.image_augmentation import AugmentationLayer, base_factor, check_choice, check_number
from kerasbridge.torch_engine.image_color import _value_range
from kerasbridge.torch_engine.image_geometry import RandomGaussianBlur

_ELASTIC_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


class RandomElasticTransform(AugmentationLayer):
    class_name = "RandomElasticTransform"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "scale": 1.0, "interpolation": "bilinear", "fill_mode": "reflect",
                                  "fill_value": 0.0, "value_range": (0, 255), "seed": None})
        o = self.options
        self.factor = base_factor(self, o["factor"], (0, 1))
        self.scale = base_factor(self, o["scale"], (0, 1), key="scale")
        self.interpolation = check_choice(self, "interpolation", o["interpolation"], image_affine.INTERPOLATIONS)
        self.fill_mode = check_choice(self, "fill_mode", o["fill_mode"], _ELASTIC_FILL_MODES)
        self.fill_value = check_number(self, "fill_value", o["fill_value"])
        self.value_range = _value_range(self, o["value_range"], sort=False)

    def augment(self, x):
        if self.scale[1] == 0 or self.factor[1] == 0:
            return x  # Keras draws no transformation then: not even the clip
        batch, (height, width) = x.shape[0], self.image_size(x)
        probability = (self.factor[1] - self.factor[0]) * torch.rand((batch,), device=x.device) + self.factor[0]
        chosen = torch.rand((batch,), device=x.device) < probability
        distortion = (self.scale[1] - self.scale[0]) * torch.rand((), device=x.device) + self.scale[0]
        noise = torch.normal(0.0, 1.0, size=(2, batch, height, width), dtype=x.dtype, device=x.device)
        return self.apply(x, chosen, distortion, noise[0], noise[1])

    def apply(self, x, chosen, distortion, noise_x, noise_y):
        """Keras's _transform_images for a draw: `distortion` the scale factor, `noise_*` (B, H, W) the N(0, 1)
        displacements before they are scaled and blurred."""
        height, width = self.image_size(x)
        distortion = torch.as_tensor(distortion, dtype=torch.float32)
        alpha = max(height, width) * (0.1 * distortion)
        sigma = min(height, width) * (0.05 * distortion)
        size = int(6 * sigma) | 1
        offset_x = alpha * self._blur(noise_x * sigma, size, sigma)
        offset_y = alpha * self._blur(noise_y * sigma, size, sigma)
        grid_x, grid_y = torch.meshgrid(torch.arange(width, device=x.device), torch.arange(height, device=x.device),
                                        indexing="xy")
        images = x.permute(0, 2, 3, 1) if self.data_format == "channels_first" else x
        warped = image_affine.sample(images, grid_y + offset_y, grid_x + offset_x, self.interpolation, self.fill_mode,
                                     self.fill_value)
        if self.data_format == "channels_first":
            warped = warped.permute(0, 3, 1, 2)
        x = torch.where(torch.as_tensor(chosen, device=x.device).view(-1, 1, 1, 1), warped, x)
        return torch.clip(x, self.value_range[0], self.value_range[1])

    @staticmethod
    def _blur(field, size, sigma):
        """keras.ops.image.gaussian_blur of one-channel (B, H, W) fields, kernel (size, size) and sigma both ways."""
        taps = RandomGaussianBlur._taps(size, sigma, field.dtype)
        kernel = torch.outer(taps, taps).reshape(1, 1, size, size)
        return F.conv2d(field.unsqueeze(1), kernel, stride=1, padding=size // 2).squeeze(1)

    def augmentation_config(self):
        return {"factor": list(self.factor), "scale": list(self.scale), "interpolation": self.interpolation,
                "fill_mode": self.fill_mode, "fill_value": self.fill_value, "value_range": list(self.value_range),
                "seed": self.seed}


class MaxNumBoundingBoxes(AugmentationLayer):
    """Keras pads or cuts the bounding boxes to max_number and returns the images as they are, training or not."""

    class_name = "MaxNumBoundingBoxes"

    def __init__(self, config):
        super().__init__(config, {"max_number": None, "fill_value": -1})
        o = self.options
        if isinstance(o["max_number"], bool) or not isinstance(o["max_number"], (int, float)):
            raise ValueError(f"{self.label}: 'max_number' must be an int; got {o['max_number']!r}.")
        self.max_number = int(o["max_number"])
        self.fill_value = int(check_number(self, "fill_value", o["fill_value"]))

    def augment(self, x):
        return x

    def augmentation_config(self):
        return {"max_number": self.max_number}  # Keras writes no fill_value


ELASTIC_CLASSES = (RandomElasticTransform, MaxNumBoundingBoxes)
