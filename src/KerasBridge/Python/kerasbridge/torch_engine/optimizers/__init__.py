"""Keras 3 optimizers with the exact update arithmetic of Keras's torch backend, one module per
optimizer family, and one registry keyed by Keras class name (lookups are case-insensitive, as
Keras's optimizers.get is for the built-in names)."""

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.optimizers import schedules
from kerasbridge.torch_engine.optimizers.adafactor import Adafactor
from kerasbridge.torch_engine.optimizers.adagrad import Adadelta, Adagrad
from kerasbridge.torch_engine.optimizers.adam import Adam, AdamW
from kerasbridge.torch_engine.optimizers.adamax import Adamax
from kerasbridge.torch_engine.optimizers.base import Optimizer
from kerasbridge.torch_engine.optimizers.ftrl import Ftrl
from kerasbridge.torch_engine.optimizers.lamb import Lamb
from kerasbridge.torch_engine.optimizers.lion import Lion
from kerasbridge.torch_engine.optimizers.muon import Muon
from kerasbridge.torch_engine.optimizers.nadam import Nadam
from kerasbridge.torch_engine.optimizers.rmsprop import RMSprop
from kerasbridge.torch_engine.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kerasbridge.torch_engine.optimizers.sgd import SGD
from kerasbridge.torch_engine.serialization import split_identifier

REGISTRY = {cls.class_name: cls for cls in (SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl,
                                    Lamb, Adafactor, Muon, ScheduleFreeAdamW)}
_BY_LOWER = {name.lower(): cls for name, cls in REGISTRY.items()}

__all__ = ["REGISTRY", "Optimizer", "get", "names", "schedules"] + sorted(REGISTRY)


def names():
    return sorted(name for name, cls in _BY_LOWER.items() if cls.known_by_name)


def get(identifier, argument="optimizer"):
    """An optimizer from a Keras name ("adam") or serialized dict (class names are case-insensitive)."""
    name, config = split_identifier(identifier, argument)
    cls = _BY_LOWER.get(str(name).lower())
    if cls is None:
        raise InvalidArgumentError(
            f"Unknown optimizer {identifier!r} in argument '{argument}'. Valid optimizers: {', '.join(names())}."
        )
    if isinstance(identifier, str) and not cls.known_by_name:
        # keras/src/optimizers/__init__.py leaves Lamb out of ALL_OBJECTS: Keras's optimizers.get refuses its name.
        raise InvalidArgumentError(
            f"Optimizer {identifier!r} in argument '{argument}' cannot be given by name (Keras's optimizers.get does "
            f"not know it); pass the optimizer object (keras.optimizers.{cls.class_name}(...)) or its serialized form."
        )
    config = dict(config or {})
    try:
        return cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for optimizer {cls.class_name} in argument '{argument}': {e}.") from None
