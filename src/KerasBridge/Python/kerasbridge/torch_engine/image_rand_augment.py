"""Keras's RandAugment and AugMix on torch tensors, composed of this engine's own augmentation layers as Keras
composes its.

Sources: keras/src/layers/preprocessing/image_preprocessing/rand_augment.py and aug_mix.py. RandAugment builds
eleven layers from
factor (lower, upper): RandomShear (x and y factor), RandomTranslation (height and width), RandomRotation,
RandomBrightness, RandomColorDegeneration, RandomContrast, RandomSharpness, RandomPosterization (max(1, int(8 upper))
bits), Solarization (addition and threshold factor), AutoContrast and Equalization, all with this value_range,
interpolation, seed and data format. While training it draws num_ops layer indices (each for the whole batch) and one
transformation per layer, and applies op i's layer with that layer's draw: a layer picked twice applies the same
draw twice. Here the second time replays the torch generator's state of the first. AugMix builds the same layers
(the last four only with all_ops) and, while training, mixes the images with num_chains chains of up to chain_depth
layers (each step a layer, or none, picked uniformly, with its own draw): m x + (1 - m) sum_i w_i chain_i(x), w ~
Dirichlet(alpha) over the chains and m ~ Beta(alpha, alpha) for the batch, clipped to value_range. Both are the
identity at inference.
"""

import torch

from kerasbridge.torch_engine import image_affine
from kerasbridge.torch_engine.image_augmentation import (AugmentationLayer, RandomRotation, RandomTranslation,
                                                         base_factor, check_choice)
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


def _count(layer, key, minimum):
    value = layer.options[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{layer.label}: '{key}' must be an int >= {minimum}; got {value!r}.")
    return value


class PolicyLayer(AugmentationLayer):
    """A layer made of the eleven augmentation layers built from one factor, value_range and interpolation."""

    def __init__(self, config, options):
        super().__init__(config, {"value_range": (0, 255), "interpolation": "bilinear", "seed": None, **options})
        o = self.options
        self.value_range = _value_range(self, o["value_range"], sort=False)
        self.factor = base_factor(self, o["factor"], (0, 1))
        self.interpolation = check_choice(self, "interpolation", o["interpolation"], image_affine.INTERPOLATIONS)

    def build_ops(self, names):
        """The layers `names` (Keras's attribute names), in that order, as Keras's __init__ builds them."""
        factor, shared = list(self.factor), {"seed": self.seed, "data_format": self.data_format}
        ranged = {"value_range": list(self.value_range), **shared}
        warp = {"interpolation": self.interpolation, **shared}
        plain = {"value_range": list(self.value_range), "data_format": self.data_format}
        made = {
            "random_shear": (RandomShear, dict(x_factor=factor, y_factor=factor, **warp)),
            "random_translation": (RandomTranslation, dict(height_factor=factor, width_factor=factor, **warp)),
            "random_rotation": (RandomRotation, dict(factor=factor, **warp)),
            "random_brightness": (RandomBrightness, dict(factor=factor, **ranged)),
            "random_color_degeneration": (RandomColorDegeneration, dict(factor=factor, **ranged)),
            "random_contrast": (RandomContrast, dict(factor=factor, **ranged)),
            "random_sharpness": (RandomSharpness, dict(factor=factor, **ranged)),
            "random_posterization": (RandomPosterization, dict(factor=max(1, int(8 * self.factor[1])), **ranged)),
            "solarization": (Solarization, dict(addition_factor=factor, threshold_factor=factor, **ranged)),
            "auto_contrast": (AutoContrast, plain),
            "equalization": (Equalization, plain),
        }
        return [made[name][0]({"name": f"{self.name}_{name}", **made[name][1]}) for name in names]


_RAND_AUGMENT_LAYERS = ("random_shear", "random_translation", "random_rotation", "random_brightness",
                        "random_color_degeneration", "random_contrast", "random_sharpness", "random_posterization",
                        "solarization", "auto_contrast", "equalization")


class RandAugment(PolicyLayer):
    class_name = "RandAugment"

    def __init__(self, config):
        super().__init__(config, {"num_ops": 2, "factor": 0.5})
        self.num_ops = _count(self, "num_ops", 0)
        self.ops = self.build_ops(_RAND_AUGMENT_LAYERS)

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


_AUG_MIX_LAYERS_ALL = ("random_shear", "random_translation", "random_rotation", "random_posterization", "solarization",
                       "auto_contrast", "equalization", "random_brightness", "random_color_degeneration",
                       "random_contrast", "random_sharpness")


class AugMix(PolicyLayer):
    class_name = "AugMix"

    def __init__(self, config):
        super().__init__(config, {"num_chains": 3, "chain_depth": 3, "factor": 0.3, "alpha": 1.0, "all_ops": True})
        o = self.options
        self.num_chains = _count(self, "num_chains", 1)
        self.chain_depth = _count(self, "chain_depth", 0)
        if isinstance(o["alpha"], bool) or not isinstance(o["alpha"], (int, float)) or not o["alpha"] > 0:  # NaN too
            raise ValueError(f"{self.label}: 'alpha' must be a positive number; got {o['alpha']!r}.")
        self.alpha = o["alpha"]
        if not isinstance(o["all_ops"], bool):
            raise ValueError(f"{self.label}: 'all_ops' must be true or false; got {o['all_ops']!r}.")
        self.all_ops = o["all_ops"]
        self.ops = self.build_ops(_AUG_MIX_LAYERS_ALL if self.all_ops else _AUG_MIX_LAYERS_ALL[:7])

    def augment(self, x):
        alpha = torch.full((self.num_chains,), float(self.alpha), device=x.device)
        gamma = torch.distributions.Gamma(alpha, torch.ones_like(alpha)).sample()
        concentration = torch.tensor(float(self.alpha), device=x.device)
        mix = torch.distributions.Beta(concentration, concentration).sample()
        # Each step: one of the layers, or none (index len(ops)), uniformly.
        chains = [[i for i in torch.randint(0, len(self.ops) + 1, (self.chain_depth,)).tolist() if i < len(self.ops)]
                  for _ in range(self.num_chains)]
        return self.apply(x, gamma / torch.sum(gamma), mix, chains)

    def apply(self, x, weights, mix, chains):
        """Keras's transform_images for chain weights (num_chains,), mix m and chains of layer indices (each layer
        drawing its own transformation)."""
        weights, mix = weights.to(x.dtype), torch.as_tensor(mix, dtype=x.dtype)
        augmented = torch.zeros_like(x)
        for index, chain in enumerate(chains):
            images = x.clone()
            for op in chain:
                images = self.ops[op].call(images, True)
            augmented = augmented + images * weights[index]
        return torch.clip(mix * x + (1 - mix) * augmented, self.value_range[0], self.value_range[1])

    def augmentation_config(self):
        return {"value_range": list(self.value_range), "num_chains": self.num_chains, "chain_depth": self.chain_depth,
                "factor": list(self.factor), "alpha": self.alpha, "all_ops": self.all_ops,
                "interpolation": self.interpolation, "seed": self.seed}


RAND_AUGMENT_CLASSES = (RandAugment, AugMix)
