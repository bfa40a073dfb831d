"""Reading and writing Keras's serialized-object dicts.

Keras 3 writes objects as {"module", "class_name", "config", "registered_name"}; legacy (.h5)
configs omit "module". Matching is done on class_name only, since "module" may be a
Keras-internal path such as keras.src.backend.torch.optimizers.torch_adam.
"""

import numpy as np
from kerasbridge.errors import InvalidArgumentError


def keras_object(module, class_name, config):
    """The dict Keras's serialize_keras_object writes for a built-in object."""
    return {"module": module, "class_name": class_name, "config": config, "registered_name": None}


def dtype_policy(name="float32"):
    return keras_object("keras", "DTypePolicy", {"name": name})


def split_identifier(identifier, argument):
    """Returns (name_or_class_name, config dict or None) for a string or a serialized dict."""
    if isinstance(identifier, str):
        return identifier, None
    if isinstance(identifier, dict):
        if "class_name" not in identifier:
            raise ValueError(
                f"Argument '{argument}' must be a name or a Keras serialized object with a "
                f"'class_name' key; got the dict {identifier!r}."
            )
        config = identifier.get("config") or {}
        if not isinstance(config, dict):
            # Keras serializes some functions as {"class_name": "function", "config": "relu"}.
            return config, None
        return identifier["class_name"], dict(config)
    raise ValueError(
        f"Argument '{argument}' must be a string or a Keras serialized dict; got "
        f"{type(identifier).__name__} {identifier!r}."
    )


def float32_value(value):
    """What Keras reports for a hyper-parameter it stores in a float32 variable."""
    return float(np.float32(value))


def as_int_tuple(value, rank, argument):
    """Keras's standardize_tuple: an int or a sequence of `rank` ints, all positive."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        values = (int(value),) * rank
    else:
        try:
            values = tuple(int(v) for v in value)
        except TypeError:
            raise InvalidArgumentError(
                f"Argument '{argument}' must be an int or a list of {rank} ints; got {value!r}."
            ) from None
        if len(values) != rank:
            raise ValueError(
                f"Argument '{argument}' must have {rank} values; got {list(values)}."
            )
    if any(v <= 0 for v in values):
        raise ValueError(f"Argument '{argument}' must contain positive ints; got {list(values)}.")
    return values


def shape_to_json(shape):
    """(None, 4) -> [None, 4] the way Keras writes shapes in config.json."""
    return [None if d is None else int(d) for d in shape]


def standardize_shape(shape, argument):
    if shape is None:
        return None
    try:
        return tuple(None if d is None else int(d) for d in shape)
    except TypeError:
        raise InvalidArgumentError(f"Argument '{argument}' must be a list of ints or nulls; got {shape!r}.") from None


def option_object(identifier, classes, kind, label, argument):
    """An instance of one of `classes` (each with a Keras class_name) from a layer option that Keras reads
    with keras.<kind>s.get: null (None), the class name or its snake_case form, or a serialized dict.
    Anything else (a custom class, a function) is refused, naming the option."""
    if identifier is None:
        return None
    from kerasbridge.torch_engine.naming import to_snake_case

    name, config = split_identifier(identifier, argument)
    by_name = {n: cls for cls in classes for n in (cls.class_name, to_snake_case(cls.class_name))}
    cls = by_name.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(
            f"{label}: option '{argument}' is not supported by the PyTorch engine (got {identifier!r}); only null "
            f"and the built-in {kind}s {', '.join(c.class_name for c in classes)} are."
        )
    try:
        return cls(**(config or {}))
    except TypeError as e:
        raise ValueError(f"{label}: invalid config for {kind} {name} in option '{argument}': {e}.") from None
