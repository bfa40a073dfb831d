"""Keras activation functions by their Keras names (keras/src/activations/activations.py).

Each maps to the torch op Keras's torch backend uses (keras/src/backend/torch/nn.py), so the
numbers match. Keras serializes built-in activations as their plain name string.
"""

import torch
import torch.nn.functional as F
from kerasbridge.errors import InvalidArgumentError


def linear(x):
    return x


def relu(x):
    return torch.relu(x)  # what F.relu calls, without its Python checks (once per layer and step)


def sigmoid(x):
    return torch.sigmoid(x)


def tanh(x):
    return torch.tanh(x)


def softmax(x):
    return torch.softmax(x, -1)  # what F.softmax calls


def log_softmax(x):
    return F.log_softmax(x, dim=-1)


def elu(x):
    return F.elu(x, alpha=1.0)


def selu(x):
    return F.selu(x)


def softplus(x):
    return F.softplus(x)


def softsign(x):
    return F.softsign(x)


def silu(x):
    return F.silu(x)


def gelu(x):
    # keras.activations.gelu defaults to approximate=False (the erf form).
    return F.gelu(x)


def leaky_relu(x):
    # keras.activations.leaky_relu defaults to negative_slope=0.2 (torch's default is 0.01).
    return F.leaky_relu(x, negative_slope=0.2)


def relu6(x):
    return F.relu6(x)


def exponential(x):
    return torch.exp(x)


def hard_sigmoid(x):
    # Keras 3: relu6(x + 3) / 6, which is torch's hardsigmoid.
    return F.hardsigmoid(x)


def hard_silu(x):
    return F.hardswish(x)


def mish(x):
    return x * torch.tanh(F.softplus(x))


def log_sigmoid(x):
    return F.logsigmoid(x)


_ACTIVATIONS = {
    "linear": linear,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "elu": elu,
    "selu": selu,
    "softplus": softplus,
    "softsign": softsign,
    "silu": silu,
    "swish": silu,
    "gelu": gelu,
    "leaky_relu": leaky_relu,
    "relu6": relu6,
    "exponential": exponential,
    "hard_sigmoid": hard_sigmoid,
    "hard_silu": hard_silu,
    "hard_swish": hard_silu,
    "mish": mish,
    "log_sigmoid": log_sigmoid,
}

# Names Keras writes back for aliases (activations.serialize returns the function's name).
_CANONICAL = {"swish": "silu", "hard_swish": "hard_silu"}



def names():
    return sorted(_ACTIVATIONS)


def get(identifier, argument="activation"):
    """Returns (keras_name, function) for a Keras activation identifier (None means linear)."""
    if identifier is None:
        return "linear", linear
    name = identifier
    if isinstance(identifier, dict):
        # Keras writes a plain string; older files may hold {"class_name": "function", "config": "relu"}
        # or {"class_name": "relu", ...}.
        config = identifier.get("config")
        name = config if isinstance(config, str) else identifier.get("class_name")
    if not isinstance(name, str) or name not in _ACTIVATIONS:
        raise InvalidArgumentError(
            f"Unknown activation {identifier!r} in argument '{argument}'. "
            f"Valid activations: {', '.join(names())}."
        )
    return _CANONICAL.get(name, name), _ACTIVATIONS[name]
