"""Keras's ContrastLimitedAdaptiveHistogramEqualization on torch tensors: applied at inference as in training (its
transform_images does not look at `training`).

Source: keras/src/layers/preprocessing/image_preprocessing/clahe.py. The images go from value_range to [0, 255];
the padded image (edge pixels repeated: the torch backend's "symmetric" pad is replicate) is cut into
tile_grid_size tiles, each channel's 256-bin histogram of int(pixel) per tile clipped at int(clip_limit * tile
area / 256) (Keras's counts are integers, so is its limit) with the excess spread evenly, its CDF scaled to
[0, 255]; each pixel reads the CDFs of the four nearest tile centres (the tile grid extended by one tile on each
side) at its own bin, bilinearly; then back to value_range.
"""

import torch

from kerasbridge.torch_engine.image_augmentation import AugmentationLayer, is_number
from kerasbridge.torch_engine.image_color import _value_range, to_range


def _grid(layer, value):
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)):
        return list(value)
    raise ValueError(f"{layer.label}: 'tile_grid_size' must be a list of two positive ints; got {value!r}.")


class ContrastLimitedAdaptiveHistogramEqualization(AugmentationLayer):
    class_name = "ContrastLimitedAdaptiveHistogramEqualization"

    def __init__(self, config):
        super().__init__(config, {"value_range": (0, 255), "clip_limit": 4.0, "tile_grid_size": (8, 8)})
        o = self.options
        self.value_range = _value_range(self, o["value_range"], sort=False)
        if not is_number(o["clip_limit"]):
            raise ValueError(f"{self.label}: 'clip_limit' must be a number; got {o['clip_limit']!r}.")
        self.clip_limit = o["clip_limit"]
        self.tile_grid_size = _grid(self, o["tile_grid_size"])

    def call(self, x, training):
        images = x.permute(0, 2, 3, 1) if self.data_format == "channels_first" else x
        images = to_range(images.to(torch.float32), self.value_range, (0, 255))
        images = to_range(self.equalize(images), (0, 255), self.value_range).to(x.dtype)
        return images.permute(0, 3, 1, 2) if self.data_format == "channels_first" else images

    def equalize(self, images):
        """Keras's _clahe on (B, H, W, C) float32 images in [0, 255]."""
        batch, height, width, channels = images.shape
        grid_h, grid_w = self.tile_grid_size
        tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
        rows = torch.clamp(torch.arange(tile_h * grid_h, device=images.device), max=height - 1)
        columns = torch.clamp(torch.arange(tile_w * grid_w, device=images.device), max=width - 1)
        padded = images[:, rows][:, :, columns]
        tiles = padded.reshape(batch, grid_h, tile_h, grid_w, tile_w, channels).permute(0, 1, 3, 5, 2, 4)
        bins = torch.clip(tiles.reshape(batch, grid_h, grid_w, channels, tile_h * tile_w).to(torch.int32), 0, 255)
        hists = torch.nn.functional.one_hot(bins.long(), 256).to(torch.float32).sum(dim=-2)
        if self.clip_limit > 0:
            # Keras's one_hot counts are int64, so its limit is cast to an int: truncated, as here.
            clipped = torch.clip(hists, 0, int(self.clip_limit * (tile_h * tile_w) / 256.0))
            hists = clipped + torch.sum(hists - clipped, dim=-1, keepdim=True) / 256.0
        cdf = torch.cumsum(hists, dim=-1)
        cdf_min = torch.min(cdf, dim=-1, keepdim=True).values
        denominator = torch.tensor(float(tile_h * tile_w)) - cdf_min
        denominator = torch.where(denominator == 0, torch.ones_like(denominator), denominator)
        cdf = torch.clip((cdf - cdf_min) * 255.0 / denominator, 0, 255)
        cdf = torch.cat([cdf[:, :1], cdf, cdf[:, -1:]], dim=1)
        cdf = torch.cat([cdf[:, :, :1], cdf, cdf[:, :, -1:]], dim=2)  # (B, grid_h + 2, grid_w + 2, C, 256)
        y0, y1, wy = self._axis(tile_h * grid_h, tile_h, grid_h, images.device)
        x0, x1, wx = self._axis(tile_w * grid_w, tile_w, grid_w, images.device)
        pixels = torch.clip(padded, 0, 255).to(torch.int64)
        b = torch.arange(batch, device=images.device).view(-1, 1, 1, 1)
        c = torch.arange(channels, device=images.device).view(1, 1, 1, -1)

        def read(ys, xs):
            return cdf[b, ys.view(1, -1, 1, 1), xs.view(1, 1, -1, 1), c, pixels]

        wy, wx = wy.view(1, -1, 1, 1), wx.view(1, 1, -1, 1)
        top = read(y0, x0) * (1.0 - wx) + read(y0, x1) * wx
        bottom = read(y1, x0) * (1.0 - wx) + read(y1, x1) * wx
        return (top * (1.0 - wy) + bottom * wy)[:, :height, :width, :]

    @staticmethod
    def _axis(length, tile, grid, device):
        """Per pixel along one axis: the tile-centre indices before and after it in the extended grid; the weight."""
        position = (torch.arange(length, dtype=torch.float32, device=device) - (tile / 2.0)) / tile + 1.0
        low = torch.floor(position)
        weight = position - low
        return (torch.clip(low, 0, grid + 1).long(), torch.clip(low + 1.0, 0, grid + 1).long(), weight)

    def augmentation_config(self):
        return {"value_range": list(self.value_range), "clip_limit": self.clip_limit,
                "tile_grid_size": list(self.tile_grid_size)}


CLAHE_CLASSES = (ContrastLimitedAdaptiveHistogramEqualization,)
