"""Keras's affine image warp on torch tensors, batched: the maths of RandomRotation, RandomZoom and RandomTranslation.

Source: keras/src/backend/torch/image.py affine_transform and map_coordinates (order 0 or 1, fill modes
constant / nearest / wrap / reflect with Keras's index fixers), and the matrices of
keras/src/layers/preprocessing/image_preprocessing/base_image_preprocessing_layer.py (_compute_affine_matrix),
random_zoom.py (_get_zoom_matrix) and random_translation.py (_get_translation_matrix). A transform is Keras's
8 numbers [a0, a1, a2, b0, b1, b2, c0, c1]: the output pixel (y, x) reads the input at
x' = a0*x + a1*y + a2, y' = b0*x + b1*y + b2 (c0 = c1 = 0 here). Keras warps one image at a time and sums every
corner's weighted contribution, the channel axis's zero-weight neighbour included; this gathers all images at
once and sums the four (or one) non-zero corners in Keras's order, which gives the same numbers.
"""

import math

import torch

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def _mirror(index, size):
    s = size - 1  # half-wavelength of the triangular wave
    return torch.abs(torch.remainder(index + s, 2 * s) - s)


def _fix_index(index, size, fill_mode):
    """Keras's _INDEX_FIXERS: where an out-of-range index reads from."""
    if fill_mode in ("constant", "nearest"):
        return torch.clamp(index, 0, size - 1)
    if fill_mode == "wrap":
        return torch.remainder(index, size)
    if fill_mode == "mirror":  # only RandomElasticTransform offers it
        return _mirror(index, size)
    return torch.div(_mirror(2 * index + 1, 2 * size + 1) - 1, 2, rounding_mode="floor")  # reflect


def _nodes(coordinate, interpolation):
    """(index, weight) pairs along one axis: Keras's _nearest_ / _linear_indices_and_weights."""
    if interpolation == "nearest":
        return [(torch.round(coordinate).long(), None)]
    lower = torch.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.long()
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def affine_transform(images, transform, interpolation, fill_mode, fill_value, data_format):
    """Warps a batch of images (B, H, W, C) or (B, C, H, W) by one float32 transform (B, 8) per image."""
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    batch, height, width, channels = images.shape
    device = images.device
    transform = transform.to(device=device, dtype=torch.float32)
    ys = torch.arange(height, dtype=torch.float32, device=device).view(1, height, 1)
    xs = torch.arange(width, dtype=torch.float32, device=device).view(1, 1, width)
    a0, a1, a2, b0, b1, b2 = (transform[:, i].view(batch, 1, 1) for i in range(6))
    # Keras's einsum: the row (y, x, c) times [[b1, a1], [b0, a0], [c0, c1]], then the offsets b2, a2.
    source_y = (ys * b1 + xs * b0) + b2
    source_x = (ys * a1 + xs * a0) + a2
    result = sample(images, source_y, source_x, interpolation, fill_mode, fill_value)
    return result.permute(0, 3, 1, 2) if data_format == "channels_first" else result


def sample(images, source_y, source_x, interpolation, fill_mode, fill_value):
    """Keras's map_coordinates for a batch (B, H, W, C): output pixel (y, x) reads the input at (source_y, source_x)
    (each (B, H, W))."""
    batch, height, width, channels = images.shape
    flat = images.reshape(batch, height * width, channels)
    result = None
    for y_index, y_weight in _nodes(source_y, interpolation):
        for x_index, x_weight in _nodes(source_x, interpolation):
            fixed = _fix_index(y_index, height, fill_mode) * width + _fix_index(x_index, width, fill_mode)
            gathered = torch.gather(flat, 1, fixed.reshape(batch, height * width, 1).expand(-1, -1, channels))
            value = gathered.reshape(batch, height, width, channels)
            if fill_mode == "constant":
                valid = (y_index >= 0) & (y_index < height) & (x_index >= 0) & (x_index < width)
                value = torch.where(valid.unsqueeze(-1), value, torch.full_like(value, float(fill_value)))
            if y_weight is not None:
                value = (y_weight * x_weight).unsqueeze(-1) * value
            result = value if result is None else result + value
    return result


def rotation_matrix(angle_degrees, height, width):
    """_compute_affine_matrix for a rotation about the image's center (no translation, scale 1, no shear)."""
    batch, device = angle_degrees.shape[0], angle_degrees.device
    angle = angle_degrees * torch.tensor(math.pi / 180.0, dtype=torch.float32, device=device)
    cx = 0.5 * (torch.tensor(float(width), device=device) - 1)
    cy = 0.5 * (torch.tensor(float(height), device=device) - 1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    zero = torch.zeros(batch, device=device)
    shear = torch.tan(zero)
    a0 = 1.0 * (cos + shear * sin)
    a1 = 1.0 * (-sin + shear * cos)
    a2 = zero + cx - cx * a0 - cy * a1
    b0 = 1.0 * (shear * cos + sin)
    b1 = 1.0 * (shear * -sin + cos)
    b2 = zero + cy - cx * b0 - cy * b1
    return torch.stack([a0, a1, a2, b0, b1, b2, zero, zero], dim=1)


def zoom_matrix(width_zoom, height_zoom, height, width):
    """random_zoom.py _get_zoom_matrix: scales about the center; zoom > 1 zooms out."""
    batch, device = width_zoom.shape[0], width_zoom.device
    x_offset = ((torch.tensor(float(width), device=device) - 1.0) / 2.0) * (1.0 - width_zoom)
    y_offset = ((torch.tensor(float(height), device=device) - 1.0) / 2.0) * (1.0 - height_zoom)
    zero = torch.zeros(batch, device=device)
    return torch.stack([width_zoom, zero, x_offset, zero, height_zoom, y_offset, zero, zero], dim=1)


def translation_matrix(dx, dy):
    """random_translation.py _get_translation_matrix: shifts the image by (dx, dy) pixels."""
    one, zero = torch.ones_like(dx), torch.zeros_like(dx)
    return torch.stack([one, zero, -dx, zero, one, -dy, zero, zero], dim=1)
