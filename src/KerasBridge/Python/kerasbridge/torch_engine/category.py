"""Keras's CategoryEncoding and Discretization layers on torch tensors.

Sources: keras/src/layers/preprocessing/category_encoding.py, discretization.py and the helper both call,
keras/src/utils/numerical_utils.py encode_categorical_inputs, with the torch backend's ops it runs
(keras/src/backend/torch/nn.py one_hot / multi_hot, numpy.py digitize):
- one_hot: a trailing axis of size 1 is dropped first; values are truncated to integers, a negative one encodes as
  a row of zeros, one >= depth is refused (torch's one_hot refuses it too).
- multi_hot: the maximum of the one-hot codes over axis 1 (axis 0 for a rank-1 input), as the torch backend does.
- count: their sum over that same axis.
- Discretization: torch.bucketize(x, float32 boundaries, right=True) as int32, then the same encoding with depth
  len(bin_boundaries) + 1; "int" gives the int32 indices.
Discretization's num_bins without bin_boundaries needs adapt(), which the PyTorch engine does not run; a config
Keras wrote after adapt() carries both and runs (Discretization.from_config keeps the boundaries).
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import shape_to_json


def _refuse_sparse(layer):
    if layer.options.get("sparse"):
        raise ValueError(f"{layer.label}: 'sparse' must be false (the torch backend has no sparse outputs); got "
                         f"{layer.options['sparse']!r}.")


def _one_hot(layer, x, depth):
    """keras/src/backend/torch/nn.py one_hot in float32: negatives give zeros, values >= depth are refused."""
    indices = x.long() if x.dtype != torch.int64 else x
    if indices.numel() and int(indices.max()) >= depth:
        raise ValueError(f"{layer.label}: input values must be below {depth}; got {int(indices.max())}.")
    out = F.one_hot(torch.clamp(indices, min=0), depth).to(torch.float32)
    return torch.where((indices >= 0).unsqueeze(-1), out, torch.zeros((), device=out.device))


def encode(layer, x, mode, depth):
    """numerical_utils.encode_categorical_inputs for the dense torch backend."""
    if mode == "int":
        return x.to(torch.int32)
    if x.dim() == 0:
        x = x.unsqueeze(-1)
    if mode == "one_hot":
        if x.dim() > 1 and x.shape[-1] == 1:
            x = x.reshape(x.shape[:-1])
        return _one_hot(layer, x, depth)
    axis = 1 if x.dim() > 1 else 0
    if mode == "multi_hot":
        return torch.amax(_one_hot(layer, x.to(torch.int32), depth), dim=axis)
    return torch.sum(_one_hot(layer, x, depth), dim=axis)


def _one_hot_shape(input_shape, depth):
    if len(input_shape) > 1 and input_shape[-1] == 1:
        return tuple(input_shape[:-1]) + (depth,)
    return tuple(input_shape) + (depth,)


class CategoryEncoding(Layer):
    class_name = "CategoryEncoding"
    has_build_config = True
    _MODES = ("one_hot", "multi_hot", "count")

    def __init__(self, config):
        super().__init__(config, {"num_tokens": None, "output_mode": "multi_hot", "sparse": False})
        mode = "multi_hot" if self.options["output_mode"] == "binary" else self.options["output_mode"]
        if mode not in self._MODES:
            raise ValueError(f"{self.label}: 'output_mode' must be one of {', '.join(self._MODES)}; got {mode!r}.")
        tokens = self.options["num_tokens"]
        if not isinstance(tokens, int) or isinstance(tokens, bool) or tokens < 1:
            raise ValueError(f"{self.label}: 'num_tokens' must be an int >= 1 (use IntegerLookup when the number of "
                             f"tokens is not known); got {tokens!r}.")
        _refuse_sparse(self)
        self.num_tokens, self.output_mode = tokens, mode

    def compute_output_shape(self, input_shape):
        if len(input_shape) == 0:
            return (self.num_tokens,)
        if self.output_mode != "one_hot" and len(input_shape) > 2:
            # Keras's shape rule keeps axis 1 while the torch backend reduces it: its graph and values disagree.
            raise ValueError(f"{self.label}: output_mode {self.output_mode!r} takes inputs of rank 2 at most (batch, "
                             f"values), as Keras documents; got input shape {shape_to_json(input_shape)}.")
        if self.output_mode == "one_hot":
            return _one_hot_shape(input_shape, self.num_tokens)
        return tuple(input_shape[:-1]) + (self.num_tokens,)

    def call(self, x, training):
        return encode(self, x, self.output_mode, self.num_tokens)

    def layer_config(self):
        return {"num_tokens": self.num_tokens, "output_mode": self.output_mode}


class Discretization(Layer):
    class_name = "Discretization"
    has_build_config = True
    _MODES = ("int", "one_hot", "multi_hot", "count")

    def __init__(self, config):
        super().__init__(config, {"bin_boundaries": None, "num_bins": None, "epsilon": 0.01, "output_mode": "int",
                                  "sparse": False})
        mode = self.options["output_mode"]
        if mode not in self._MODES:
            raise ValueError(f"{self.label}: 'output_mode' must be one of {', '.join(self._MODES)}; got {mode!r}.")
        _refuse_sparse(self)
        boundaries, num_bins = self.options["bin_boundaries"], self.options["num_bins"]
        if num_bins is not None and (not isinstance(num_bins, int) or isinstance(num_bins, bool) or num_bins < 0):
            raise ValueError(f"{self.label}: 'num_bins' must be an int >= 0 or null; got {num_bins!r}.")
        if boundaries is None:
            raise ValueError(f"{self.label}: 'bin_boundaries' must be given: the PyTorch engine does not run adapt(), "
                             f"which computes them for num_bins={num_bins!r}; give the boundaries, or adapt the layer "
                             f"with the Keras engine.")
        if not isinstance(boundaries, (list, tuple)) or not all(
                isinstance(b, (int, float)) and not isinstance(b, bool) for b in boundaries):
            raise ValueError(f"{self.label}: 'bin_boundaries' must be a list of numbers; got {boundaries!r}.")
        if any(b > a for a, b in zip(boundaries[1:], boundaries)):
            raise ValueError(f"{self.label}: 'bin_boundaries' must be sorted ascending; got {list(boundaries)!r}.")
        self.bin_boundaries = list(boundaries)
        self.num_bins, self.epsilon, self.output_mode = num_bins, self.options["epsilon"], mode
        self.depth = len(self.bin_boundaries) + 1
        self._bins = torch.tensor(self.bin_boundaries, dtype=torch.float32)

    @staticmethod
    def output_dtype_of(config):
        """Discretization.output_dtype: int32 bin indices, else the compute dtype."""
        return "int32" if config.get("output_mode", "int") == "int" else "float32"

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if self.output_mode == "one_hot":
            return _one_hot_shape(input_shape, self.depth)
        if len(input_shape) >= 2:
            return (input_shape[0],) + tuple(input_shape[2:]) + (self.depth,)
        return (self.depth,)

    def call(self, x, training):
        if self._bins.device != x.device:
            self._bins = self._bins.to(x.device)
        indices = torch.bucketize(x.to(torch.float32), self._bins, right=True).to(torch.int32)
        return encode(self, indices, self.output_mode, self.depth)

    def get_config(self):
        # Discretization.get_config writes its own keys only (no 'trainable'), its dtype as a name.
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": False, "name": self.name, "dtype": "float32"}


CATEGORY_CLASSES = (CategoryEncoding, Discretization)
