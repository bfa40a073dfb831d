"""Keras ops (keras.src.ops.numpy Add, Multiply, ...) as steps of a Functional model on PyTorch: what
`x + 3.0` or `a * b` on symbolic tensors puts in a Keras model (kerasbridge.model_files.operations has the
graph side). The arithmetic is Keras's torch backend's (keras/src/backend/torch/numpy.py): a number argument
becomes a float32 (or int32) tensor as convert_to_tensor makes it, then the torch function Keras calls."""

import torch

from kerasbridge.model_files import operations as spec
from kerasbridge.model_files.graph import Constant
from kerasbridge.model_files.specs import ConfigError


def _number(value, like):
    # convert_to_tensor: a Python float becomes floatx (float32), an int int32, a bool bool.
    dtype = torch.bool if isinstance(value, bool) else torch.int32 if isinstance(value, int) else torch.float32
    return torch.tensor(value, dtype=dtype, device=like.device)


def _divide(x1, x2):
    return torch.divide(x1, x2)


def _floor_divide(x1, x2):
    return torch.floor_divide(x1, x2).to(torch.result_type(x1, x2))


_BINARY = {
    "Add": torch.add, "Subtract": torch.subtract, "Multiply": torch.multiply, "Divide": _divide,
    "TrueDivide": _divide, "Power": torch.pow, "Maximum": torch.maximum, "Minimum": torch.minimum,
    "FloorDivide": _floor_divide, "Mod": torch.remainder,
}
_UNARY = {
    "Negative": torch.negative, "Absolute": torch.abs, "Abs": torch.abs, "Square": torch.square, "Sqrt": torch.sqrt,
    "Exp": torch.exp, "Log": torch.log,
}
assert set(_BINARY) | set(_UNARY) == set(spec.OPERATIONS)


class Operation:
    """One op of the graph: no weights, not in model.layers; called with its node's arguments (tensors, and the
    Constants of numbers) in order."""

    variables = ()
    trainable = True
    has_build_config = False
    activity_regularizer = None  # an op takes none (Keras's Operation is not a Layer)

    def __init__(self, entry):
        self.class_name = entry.get("class_name")
        self.name = (entry.get("config") or {}).get("name") or entry.get("name")
        self.label = f"Operation '{self.name}' ({self.class_name})"
        try:
            spec.check(entry, self.label)
        except ConfigError as e:
            raise ValueError(str(e)) from None
        self._binary = _BINARY.get(self.class_name)
        self._unary = _UNARY.get(self.class_name)
        self.input_shape = None
        self.output_shape = None
        self.built = False

    def count_params(self):
        return 0

    def compute_output_shape(self, input_shape):
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        try:
            return spec.output_shape(self.class_name, [() if isinstance(s, Constant) else s for s in shapes],
                                     self.label)
        except ConfigError as e:
            raise ValueError(str(e)) from None

    def build(self, input_shape, device):
        self.input_shape = input_shape
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def call(self, x, training=None):
        if self._unary is not None:
            return self._unary(x)
        x1, x2 = x
        if isinstance(x1, Constant):
            x1 = _number(x1.value, x2)
        if isinstance(x2, Constant):
            x2 = _number(x2.value, x1)
        return self._binary(x1, x2)

    def serialize(self):
        return spec.entry(self.class_name, self.name)
