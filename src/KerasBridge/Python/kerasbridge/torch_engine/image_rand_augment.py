"""Keras's RandAugment on torch tensors, composed of this engine's own augmentation layers as Keras composes its.

Source: keras/src/layers/preprocessing/image_preprocessing/rand_augment.py. The layer builds eleven layers from
factor (lower, upper): RandomShear (x and y factor), RandomTranslation (height and width), RandomRotation,
RandomBrightness, RandomColorDegeneration, RandomContrast, RandomSharpness, RandomPosterization (max(1, int(8 upper))
bits), Solarization (addition and threshold factor), AutoContrast and Equalization, all with this value_range,
interpolation, seed and data format. While training it draws num_ops layer indices (each for the whole batch) and one
transformation per layer, and applies op i's layer with that layer's draw: a layer picked twice applies the same
draw twice. Here the second time replays the torch generator's state of the first. At inference: the identity.
"""

import torch

from kerasbridge.torch_engine.image_augmentation import (AugmentationLayer, RandomRotation, RandomTranslation,
                                                         base_factor, check_choice)
from kerasbridge.torch_engine import image_affine
from kerasbridge.torch_engine.image_color import RandomBrightness, RandomContrast, Solarization, _value_range
from kerasbridge.torch_engine.image_geometry import RandomShear
from kerasbridge.torch_engine.image_levels import (AutoContrast, Equalization, RandomColorDegeneration,
                                                   RandomPosterization, RandomSharpness)


def _generator_state(device):
    return torch.cuda.get_rng_state(device) if device.type == "cuda" else torch.get_rng_state()


def _set_generator_state(device, state):
    if device.type == "cuda":
        torch.cuda.set_rng_state(state, device)
    else:
        torch.set_rng_state(state)


class RandAugment(AugmentationLayer):
    class_name = "RandAugment"

    def __init__(self, config):
        super().__init__(config, {"value_range": (0, 255), "num_ops": 2, "factor": 0.5, "interpolation": "bilinear",
                                  "seed": None})
        o = self.options
        self.value_range = _value_range(self, o["value_range"], sort=False)
        if isinstance(o["num_ops"], bool) or not isinstance(o["num_ops"], int) or o["num_ops"] < 0:
            raise ValueError(f"{self.label}: 'num_ops' must be a non-negative int; got {o['num_ops']!r}.")
        self.num_ops = o["num_ops"]
        self.factor = base_factor(self, o["factor"], (0, 1))
        self.interpolation = check_choice(self, "interpolation", o["interpolation"], image_affine.INTERPOLATIONS)
        self.ops = self._ops()

    def _ops(self):
        """The eleven layers in Keras's _AUGMENT_LAYERS order."""
        factor, shared = list(self.factor), {"seed": self.seed, "data_format": self.data_format}
        ranged = {"value_range": list(self.value_range), **shared}
        warp = {"interpolation": self.interpolation, **shared}

        def part(cls, suffix, **options):
            return cls({"name": f"{self.name}_{suffix}", **options})

        return [
            part(RandomShear, "random_shear", x_factor=factor, y_factor=factor, **warp),
            part(RandomTranslation, "random_translation", height_factor=factor, width_factor=factor, **warp),
            part(RandomRotation, "random_rotation", factor=factor, **warp),
            part(RandomBrightness, "random_brightness", factor=factor, **ranged),
            part(RandomColorDegeneration, "random_color_degeneration", factor=factor, **ranged),
            part(RandomContrast, "random_contrast", factor=factor, **ranged),
            part(RandomSharpness, "random_sharpness", factor=factor, **ranged),
            part(RandomPosterization, "random_posterization", factor=max(1, int(8 * self.factor[1])), **ranged),
            part(Solarization, "solarization", addition_factor=factor, threshold_factor=factor, **ranged),
            part(AutoContrast, "auto_contrast", value_range=list(self.value_range), data_format=self.data_format),
            part(Equalization, "equalization", value_range=list(self.value_range), data_format=self.data_format),
        ]

    def augment(self, x):
        picks = torch.randint(0, len(self.ops), (self.num_ops,)).tolist()
        return self.apply(x, picks)

    def apply(self, x, picks):
        """Applies the layers `picks` (indices into Keras's list) in turn; a layer picked again replays its draw."""
        states, after = {}, None
        for index in picks:
            if index in states:
                after = _generator_state(x.device)
                _set_generator_state(x.device, states[index])
            else:
                states[index] = _generator_state(x.device)
            x = self.ops[index].call(x, True)
            if after is not None:
                _set_generator_state(x.device, after)
                after = None
        return x

    def augmentation_config(self):
        return {"value_range": list(self.value_range), "num_ops": self.num_ops, "factor": list(self.factor),
                "interpolation": self.interpolation, "seed": self.seed}


RAND_AUGMENT_CLASSES = (RandAugment,)
