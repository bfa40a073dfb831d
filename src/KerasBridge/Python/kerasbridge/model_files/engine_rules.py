"""Shape rules borrowed from the PyTorch engine, so a layer's maths is written once.

For a layer class that layer_shapes._RULES has no rule for, `torch_layer_rule(class_name)` asks the
PyTorch engine's layer class (torch_engine.layers.LAYER_CLASSES): it is built from the config on the
CPU for the input shape, and its `compute_output_shape` and the variables it creates (Keras's names,
shapes, trainable flags and order; `variable_paths` where Keras keeps them in a sub-object such as an
RNN's `cell`) become the rule's answer. torch is imported lazily: without it (a Keras-only install)
there is no such rule, and model_files treats the class as one it does not know.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from .specs import SUPPORTED_LAYERS, ConfigError, VariableSpec

_missing = object()
_cache: dict = {}


def torch_layer_class(class_name: Any) -> Optional[type]:
    """The PyTorch engine's class for a Keras layer class name, or None (unknown, or no torch)."""
    if not isinstance(class_name, str):
        return None
    cls = _cache.get(class_name, _missing)
    if cls is _missing:
        try:
            from kerasbridge.torch_engine.layers import LAYER_CLASSES
        except Exception:  # torch missing or broken: model_files keeps its own rules only
            LAYER_CLASSES = {}
        cls = LAYER_CLASSES.get(class_name)
        _cache[class_name] = cls
    return cls


def known_layer(class_name: Any) -> bool:
    """A layer class model_files can describe: its own rules, or the PyTorch engine's."""
    return class_name in SUPPORTED_LAYERS or torch_layer_class(class_name) is not None


def known_layer_names() -> tuple:
    """model_files' own classes, then the ones only the PyTorch engine knows (for error messages)."""
    try:
        from kerasbridge.torch_engine.layers import LAYER_CLASSES
    except Exception:
        return tuple(SUPPORTED_LAYERS)
    return tuple(SUPPORTED_LAYERS) + tuple(sorted(set(LAYER_CLASSES) - set(SUPPORTED_LAYERS)))


def writes_build_config(class_name: Any) -> bool:
    """Whether Keras writes a build_config for this class (it overrides build), per the engine's class."""
    cls = torch_layer_class(class_name)
    return bool(cls is not None and getattr(cls, "has_build_config", False))


def torch_layer_rule(class_name: Any) -> Optional[Callable]:
    """A rule (input shape, config, who) -> (output shape, [VariableSpec]) for a class only the PyTorch
    engine knows; None when there is none."""
    cls = torch_layer_class(class_name)
    if cls is None:
        return None

    def rule(inp, cfg, who):
        import torch

        try:
            # Flags as Keras creates the variables; the layer's own trainable flag is applied by LayerSpec.
            layer = cls(dict(cfg or {}, trainable=True))
            if inp is None:
                return None, []
            # Building draws initial values: keep the caller's random stream untouched.
            with torch.random.fork_rng(devices=[]):
                layer.build(list(inp) if isinstance(inp, list) else tuple(inp), torch.device("cpu"))
        except ValueError as e:
            raise ConfigError(f"{who}: {e}") from None
        paths = getattr(layer, "variable_paths", None) or [""] * len(layer.variables)
        variables = [VariableSpec(v.name, tuple(v.value.shape), v.trainable, path)
                     for v, path in zip(layer.variables, paths)]
        out = layer.output_shape
        out = [tuple(s) for s in out] if isinstance(out, list) else tuple(out)
        return out, variables

    return rule
