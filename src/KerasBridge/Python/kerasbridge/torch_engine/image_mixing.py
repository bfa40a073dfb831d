"""Keras's batch-mixing image augmentation layers on torch tensors: MixUp and CutMix. Identity at inference; while
training each image is mixed with another of the batch (a random permutation from torch's generator).

Sources (keras/src/layers/preprocessing/image_preprocessing/): mix_up.py (w x + (1 - w) x[perm], w ~ Beta(alpha,
alpha) per image) and cut_mix.py (alpha ~ U[lower, upper) + 1e-6 for the batch, w ~ Beta(alpha, alpha) per image,
a box of sqrt(1 - w) of each side at random taken from x[perm]). Inside a model a layer receives only the images, so
only they are mixed here (Keras mixes labels too when called on a {"images", "labels"} dict, outside a model).
"""

import torch

from kerasbridge.torch_engine.image_augmentation import AugmentationLayer, base_factor, is_number, uniform
from kerasbridge.torch_engine.image_geometry import box_masks, crop_bounds


def _beta(alpha, batch, device):
    alpha = torch.as_tensor(alpha, dtype=torch.float32, device=device)
    return torch.distributions.Beta(alpha, alpha).sample((batch,))


class MixUp(AugmentationLayer):
    class_name = "MixUp"

    def __init__(self, config):
        super().__init__(config, {"alpha": 0.2, "seed": None})
        alpha = self.options["alpha"]
        if not is_number(alpha) or not alpha > 0:  # NaN too: Beta(NaN, NaN) fails in torch, in Keras's call
            raise ValueError(f"{self.label}: 'alpha' must be a positive number; got {alpha!r}.")
        self.alpha = alpha

    def augment(self, x):
        batch = x.shape[0]
        return self.apply(x, _beta(self.alpha, batch, x.device), torch.randperm(batch, device=x.device))

    @staticmethod
    def apply(x, weight, order):
        weight = weight.to(x.dtype).reshape(-1, 1, 1, 1)
        return weight * x + (1.0 - weight) * x[order]

    def augmentation_config(self):
        return {"alpha": self.alpha, "seed": self.seed}


class CutMix(AugmentationLayer):
    class_name = "CutMix"

    def __init__(self, config):
        super().__init__(config, {"factor": 1.0, "seed": None})
        self.factor = base_factor(self, self.options["factor"], (0, 1))

    def augment(self, x):
        batch, (height, width) = x.shape[0], self.image_size(x)
        alpha = uniform((), self.factor[0], self.factor[1], x.device) + 1e-6
        ratio = torch.sqrt(1.0 - _beta(alpha, batch, x.device))
        x0, x1 = crop_bounds(batch, width, ratio, x.device)
        y0, y1 = crop_bounds(batch, height, ratio, x.device)
        return self.apply(x, box_masks(self, x, x0, x1, y0, y1), torch.randperm(batch, device=x.device))

    @staticmethod
    def apply(x, masks, order):
        return torch.where(masks, x[order], x)

    def augmentation_config(self):
        return {"factor": list(self.factor), "seed": self.seed}


MIXING_CLASSES = (MixUp, CutMix)
