"""Keras engine: serialized configs in and out (Keras objects from the C# side's dicts, plain JSON back)."""

import json

import numpy as np


def jsonable(value):
    """Keras configs may hold tuples or numpy scalars; C# gets plain JSON types."""
    def default(obj):
        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        raise TypeError(f"cannot serialize {type(obj).__name__}")

    return json.loads(json.dumps(value, default=default))


def deserialize(identifier, module, argument):
    """A Keras object from a serialized dict; strings are passed to Keras unchanged (so that
    compile_config keeps them as strings, as Keras does)."""
    if identifier is None or isinstance(identifier, str):
        return identifier
    if not isinstance(identifier, dict) or "class_name" not in identifier:
        raise ValueError(
            f"Argument '{argument}' must be a name or a Keras serialized dict with 'class_name'; got {identifier!r}."
        )
    try:
        return module.get(identifier)
    except (ValueError, TypeError) as e:
        # keras.optimizers.get knows only the classes in its ALL_OBJECTS (keras/src/optimizers/__init__.py): Lamb, Muon,
        # ... are exported by keras.optimizers but not found by name. Build those from the exported class directly.
        cls = getattr(module, str(identifier.get("class_name")), None)
        if isinstance(cls, type) and hasattr(cls, "from_config"):
            try:
                return cls.from_config(identifier.get("config") or {})
            except (ValueError, TypeError) as inner:
                e = inner
        raise ValueError(f"Argument '{argument}': Keras cannot use {identifier!r}: {e}") from None


def deserialize_nested(identifier, module, argument):
    """deserialize for every leaf of a loss/metrics structure: a dict keyed by output name, lists inside."""
    if isinstance(identifier, dict) and "class_name" not in identifier:
        return {k: deserialize_nested(v, module, f"{argument}['{k}']") for k, v in identifier.items()}
    if isinstance(identifier, (list, tuple)):
        return [deserialize_nested(v, module, argument) for v in identifier]
    return deserialize(identifier, module, argument)


def known_layers_only(config):
    """True when model_files understands every layer of this config (then it can check a file
    against it with the same messages as the PyTorch engine)."""
    from kerasbridge.model_files.engine_rules import known_layer

    inner = config.get("config") if isinstance(config, dict) else None
    layers = inner.get("layers") if isinstance(inner, dict) else None
    return (config.get("class_name") == "Sequential" and isinstance(layers, list)
            and all(isinstance(e, dict) and known_layer(e.get("class_name")) for e in layers))
