"""Keras's further geometric image augmentation layers on torch tensors: RandomShear, RandomErasing,
RandomGaussianBlur and RandomPerspective. Identity at inference; while training the draws come from torch's
generator (not Keras's numbers: the same distribution and, for a given draw, the same arithmetic).

Sources (keras/src/layers/preprocessing/image_preprocessing/): random_shear.py (the transform [1, sx, 0, sy, 1, 0,
0, 0] per image, both shears negated together where U > 0.5), random_erasing.py (a box of sqrt(U[scale)) of each
side at U[0, 1) of the room left, filled with the clipped fill value or N(0, 1) * max, where U < U[factor)),
random_gaussian_blur.py with keras/src/backend/torch/image.py gaussian_blur (one sigma pair for the batch,
U[sigma) + 1e-6; the images where U < U[factor) blurred, all clipped), random_perspective.py with
perspective_transform / compute_homography_matrix (the corners moved by U[-scale/2, scale/2) of themselves,
constant fill).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import image_affine
from kerasbridge.torch_engine.image_augmentation import (AffineLayer, AugmentationLayer, base_factor, check_choice,
                                                         check_number, is_number, uniform)
from kerasbridge.torch_engine.image_color import _value_range


def _shear_factor(layer, value, key):
    """RandomShear._set_factor_with_name: numbers in [0, 1]; f gives (-|f|, |f|), a pair is sorted. Keras then
    refuses the pair it writes for f > 0 when loading it; this takes pairs within [-1, 1], so Keras's files load."""
    def fits(v, low=0):
        return is_number(v) and low <= v <= 1

    if isinstance(value, (list, tuple)) and len(value) == 2 and all(fits(v, -1) for v in value):
        return tuple(sorted(value))
    if fits(value):
        return (-abs(value), abs(value))
    raise ValueError(f"{layer.label}: '{key}' must be a number in [0, 1] (or a list of two numbers in [-1, 1]); "
                     f"got {value!r}.")


def _chosen(x, factor):
    """Keras's per-image coin: U[0, 1) < U[lower, upper)."""
    probability = uniform((x.shape[0],), factor[0], factor[1], x.device)
    return uniform((x.shape[0],), 0.0, 1.0, x.device) < probability


def crop_bounds(batch, length, ratio, device):
    """RandomErasing / CutMix._compute_crop_bounds: a span of ratio * length at U[0, 1) of the room left."""
    crop = ratio * length
    start = uniform((batch,), 0.0, 1.0, device) * (length - crop)
    return start, start + crop


def box_masks(layer, x, x0, x1, y0, y1):
    """RandomErasing / CutMix._generate_batch_mask: the boxes [x0, x1) x [y0, y1) of each image, on every channel."""
    height, width = layer.image_size(x)
    grid_y, grid_x = torch.meshgrid(torch.arange(height, dtype=x.dtype, device=x.device),
                                    torch.arange(width, dtype=x.dtype, device=x.device), indexing="ij")
    view = (1, height, width, 1) if layer.data_format == "channels_last" else (1, 1, height, width)
    grid_y, grid_x = grid_y.reshape(view), grid_x.reshape(view)
    x0, x1, y0, y1 = (v.view(-1, 1, 1, 1) for v in (x0, x1, y0, y1))
    return ((grid_x >= x0) & (grid_x < x1) & (grid_y >= y0) & (grid_y < y1)).expand(x.shape)


class RandomShear(AffineLayer):
    class_name = "RandomShear"

    def __init__(self, config):
        super().__init__(config, {"x_factor": 0.0, "y_factor": 0.0})
        self.x_factor = _shear_factor(self, self.options["x_factor"], "x_factor")
        self.y_factor = _shear_factor(self, self.options["y_factor"], "y_factor")

    def transform(self, batch, height, width, device):
        ones = torch.ones(batch, device=device)
        sign = torch.where(uniform((batch,), 0.0, 1.0, device) > 0.5, -ones, ones)
        shear_y = uniform((batch,), self.y_factor[0], self.y_factor[1], device)
        shear_x = uniform((batch,), self.x_factor[0], self.x_factor[1], device)
        return self.shear_matrix(shear_x * sign, shear_y * sign)

    @staticmethod
    def shear_matrix(shear_x, shear_y):
        one, zero = torch.ones_like(shear_x), torch.zeros_like(shear_x)
        return torch.stack([one, shear_x, zero, shear_y, one, zero, zero, zero], dim=1)

    def augmentation_config(self):
        return {"x_factor": list(self.x_factor), "y_factor": list(self.y_factor), "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed, "fill_value": self.fill_value}


class RandomErasing(AugmentationLayer):
    class_name = "RandomErasing"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "scale": (0.02, 0.33), "fill_value": None, "value_range": (0, 255),
                                  "seed": None})
        self.factor = base_factor(self, self.options["factor"], (0, 1))
        self.scale = base_factor(self, self.options["scale"], (0, 1), key="scale")
        fill = self.options["fill_value"]
        if not (fill is None or is_number(fill) or (isinstance(fill, (list, tuple)) and len(fill) == 3
                                                     and all(is_number(v) for v in fill))):
            raise ValueError(f"{self.label}: 'fill_value' must be null, a number or a list of three numbers; "
                             f"got {fill!r}.")
        self.fill_value = list(fill) if isinstance(fill, (list, tuple)) else fill
        self.value_range = _value_range(self, self.options["value_range"], sort=False)

    def augment(self, x):
        batch, (height, width) = x.shape[0], self.image_size(x)
        sides = torch.sqrt(uniform((batch, 2), self.scale[0], self.scale[1], x.device))
        x0, x1 = crop_bounds(batch, width, sides[:, 0], x.device)
        y0, y1 = crop_bounds(batch, height, sides[:, 1], x.device)
        chosen = _chosen(x, self.factor)
        return self.apply(x, chosen, self.masks(x, x0, x1, y0, y1), self.fill(x))

    def masks(self, x, x0, x1, y0, y1):
        return box_masks(self, x, x0, x1, y0, y1)

    def fill(self, x):
        if self.fill_value is None:
            fill = torch.randn(x.shape, dtype=x.dtype, device=x.device) * self.value_range[1]
        elif isinstance(self.fill_value, list):
            fill = torch.tensor(self.fill_value, dtype=x.dtype, device=x.device).expand(x.shape)
        else:
            fill = torch.ones_like(x) * self.fill_value
        return torch.clip(fill, self.value_range[0], self.value_range[1])

    @staticmethod
    def apply(x, chosen, masks, fill):
        return torch.where(chosen.view(-1, 1, 1, 1), torch.where(masks, fill, x), x)

    def augmentation_config(self):
        return {"factor": list(self.factor), "scale": list(self.scale), "fill_value": self.fill_value,
                "value_range": list(self.value_range), "seed": self.seed}


def _kernel_size(layer, value):
    def odd(v):
        return isinstance(v, int) and not isinstance(v, bool) and v > 0 and v % 2 == 1

    if isinstance(value, (list, tuple)) and len(value) == 2 and all(odd(v) for v in value):
        return tuple(value)
    if odd(value):
        return (value, value)
    raise ValueError(f"{layer.label}: 'kernel_size' must be an odd positive int (or a list of two); got {value!r}.")


class RandomGaussianBlur(AugmentationLayer):
    class_name = "RandomGaussianBlur"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "kernel_size": 3, "sigma": 1.0, "value_range": (0, 255),
                                  "seed": None})
        self.factor = base_factor(self, self.options["factor"], (0, 1))
        self.kernel_size = _kernel_size(self, self.options["kernel_size"])
        self.sigma = base_factor(self, self.options["sigma"], (0, 1), key="sigma")
        self.value_range = _value_range(self, self.options["value_range"], sort=False)

    def augment(self, x):
        chosen = _chosen(x, self.factor)
        sigma = uniform((2,), self.sigma[0], self.sigma[1], x.device) + 1e-6
        return self.apply(x, chosen, sigma)

    def apply(self, x, chosen, sigma):
        """Blurs the chosen images with one (sigma_x, sigma_y); clips them all."""
        images = x.permute(0, 3, 1, 2) if self.data_format == "channels_last" else x
        channels, (k0, k1) = images.shape[1], self.kernel_size
        # Keras's kernel: outer(k1-tap in sigma[1], k0-tap in sigma[0]) read as (k0, k1), padded by k0 // 2.
        kernel = torch.outer(self._taps(k1, sigma[1], x.dtype), self._taps(k0, sigma[0], x.dtype)).reshape(1, 1, k0, k1)
        blurred = F.conv2d(images, kernel.expand(channels, 1, k0, k1), stride=1, padding=k0 // 2, groups=channels)
        if self.data_format == "channels_last":
            blurred = blurred.permute(0, 2, 3, 1)
        return torch.clip(torch.where(chosen.view(-1, 1, 1, 1), blurred, x), self.value_range[0], self.value_range[1])

    @staticmethod
    def _taps(size, sigma, dtype):
        position = torch.arange(size, dtype=dtype, device=sigma.device) - (size - 1) / 2
        taps = torch.exp(-0.5 * (position / sigma) ** 2)
        return taps / torch.sum(taps)

    def augmentation_config(self):
        return {"factor": list(self.factor), "kernel_size": list(self.kernel_size), "sigma": list(self.sigma),
                "value_range": list(self.value_range), "seed": self.seed}


def homography(start, end):
    """compute_homography_matrix: the 8 numbers mapping end points (B, 4, 2) back to start points."""
    rows = []
    for i in range(4):
        ex, ey, sx, sy = end[:, i, 0], end[:, i, 1], start[:, i, 0], start[:, i, 1]
        one, zero = torch.ones_like(ex), torch.zeros_like(ex)
        rows.append(torch.stack([ex, ey, one, zero, zero, zero, -sx * ex, -sx * ey], dim=-1))
        rows.append(torch.stack([zero, zero, zero, ex, ey, one, -sy * ex, -sy * ey], dim=-1))
    target = start.reshape(-1, 8).unsqueeze(-1)
    return torch.linalg.solve(torch.stack(rows, dim=1), target).reshape(-1, 8)


class RandomPerspective(AugmentationLayer):
    class_name = "RandomPerspective"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "scale": 1.0, "interpolation": "bilinear", "fill_value": 0.0,
                                  "seed": None})
        o = self.options
        self.factor = base_factor(self, o["factor"], (0, 1))
        if not is_number(o["scale"]) or not 0 <= o["scale"] <= 1:
            raise ValueError(f"{self.label}: 'scale' must be a number in [0, 1]; got {o['scale']!r}.")
        self.scale = o["scale"]
        self.interpolation = check_choice(self, "interpolation", o["interpolation"], image_affine.INTERPOLATIONS)
        self.fill_value = check_number(self, "fill_value", o["fill_value"])

    def augment(self, x):
        height, width = self.image_size(x)
        chosen = _chosen(x, self.factor)
        moves = uniform((x.shape[0], 4, 2), -0.5 * self.scale, 0.5 * self.scale, x.device)
        start = self.corners(x.shape[0], height, width, x.device)
        return self.apply(x, chosen, start, start + start * moves)

    @staticmethod
    def corners(batch, height, width, device):
        corners = [[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1], [width - 1, height - 1]]
        return torch.tensor([corners], dtype=torch.float32, device=device).repeat(batch, 1, 1)

    def apply(self, x, chosen, start, end):
        """Warps the chosen images so their corners `start` (B, 4, 2) land on `end`."""
        images = x.permute(0, 2, 3, 1) if self.data_format == "channels_first" else x
        height, width = images.shape[1], images.shape[2]
        a = homography(start.to(x.dtype), end.to(x.dtype))
        grid_x, grid_y = torch.meshgrid(torch.arange(width, dtype=x.dtype, device=x.device),
                                        torch.arange(height, dtype=x.dtype, device=x.device), indexing="xy")
        a0, a1, a2, a3, a4, a5, a6, a7 = (a[:, i].view(-1, 1, 1) for i in range(8))
        denominator = a6 * grid_x + a7 * grid_y + 1.0
        source_x = (a0 * grid_x + a1 * grid_y + a2) / denominator
        source_y = (a3 * grid_x + a4 * grid_y + a5) / denominator
        warped = image_affine.sample(images, source_y, source_x, self.interpolation, "constant", self.fill_value)
        if self.data_format == "channels_first":
            warped = warped.permute(0, 3, 1, 2)
        return torch.where(chosen.view(-1, 1, 1, 1), warped, x)

    def augmentation_config(self):
        return {"factor": list(self.factor), "scale": self.scale, "interpolation": self.interpolation,
                "fill_value": self.fill_value, "seed": self.seed}


GEOMETRY_CLASSES = (RandomShear, RandomErasing, RandomGaussianBlur, RandomPerspective)
