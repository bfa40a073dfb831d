"""Shape rules borrowed from the PyTorch engine, so a layer's maths is written once.

For a layer class that layer_shapes._RULES has no rule for, `torch_layer_rule(class_name)` asks the
PyTorch engine's layer class (torch_engine.registry.LAYER_CLASSES): it is built from the config for the input
shape on torch's 'meta' device (no memory, no random numbers drawn; the CPU under a forked random stream
for a layer whose build needs real values), and its `compute_output_shape` and the variables it creates
(Keras's names, shapes, trainable flags and order, and the sub-group of the weight files each lives in:
TimeDistributed's `layer/`, an RNN's `cell/`) become the rule's answer. torch is imported lazily: without it
(a Keras-only install) there is no such rule, and model_files treats the class as one it does not know.
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
            from kerasbridge.torch_engine.registry import ALIASES, LAYER_CLASSES
        except Exception:  # torch missing or broken: model_files keeps its own rules only
            LAYER_CLASSES, ALIASES = {}, {}
        cls = LAYER_CLASSES.get(ALIASES.get(class_name, class_name))
        _cache[class_name] = cls
    return cls


def known_layer(class_name: Any) -> bool:
    """A layer class model_files can describe: its own rules, or the PyTorch engine's."""
    return class_name in SUPPORTED_LAYERS or torch_layer_class(class_name) is not None


def known_layer_names() -> tuple:
    """model_files' own classes, then the ones only the PyTorch engine knows (for error messages)."""
    try:
        from kerasbridge.torch_engine.registry import LAYER_CLASSES
    except Exception:
        return tuple(SUPPORTED_LAYERS)
    return tuple(SUPPORTED_LAYERS) + tuple(sorted(set(LAYER_CLASSES) - set(SUPPORTED_LAYERS)))


def writes_build_config(class_name: Any) -> bool:
    """Whether Keras writes a build_config for this class (it overrides build), per the engine's class."""
    cls = torch_layer_class(class_name)
    return bool(cls is not None and getattr(cls, "has_build_config", False))


def _groups(layer):
    """(sub-group, owner, variables) of a built engine layer, in Keras's save order."""
    groups = getattr(layer, "variable_groups", None)
    if groups is not None:
        return groups()
    paths = getattr(layer, "variable_paths", None)
    if not paths:
        return [("", layer.name, layer.variables)]
    out = [("", layer.name, [])]  # the layer's own (empty) vars, then each sub-object's
    for variable, path in zip(layer.variables, paths):
        if path and out[-1][0] == path:
            out[-1][2].append(variable)
        elif path:
            out.append((path, path.rsplit("/", 1)[-1], [variable]))
        else:
            out[0][2].append(variable)
    return out


def torch_layer_rule(class_name: Any) -> Optional[Callable]:
    """A rule (input shape, config, who[, call flags of the node]) -> (output shape, [VariableSpec]) for a class the PyTorch engine
    implements; None when there is none. Without torch, a class model_files lists as supported gets a rule
    that says torch is needed."""
    cls = torch_layer_class(class_name)
    if cls is None:
        if class_name in SUPPORTED_LAYERS and not _torch_importable():
            def needs_torch(inp, cfg, who):
                raise ConfigError(f"{who}: this layer's shapes come from the PyTorch engine, which cannot be "
                                  f"imported here; install torch")
            return needs_torch
        return None

    def rule(inp, cfg, who, call_kwargs=None):
        import torch

        # Flags as Keras creates the variables; the layer's own trainable flag is applied by LayerSpec.
        config = dict(cfg or {}, trainable=True, name=(cfg or {}).get("name") or "layer")
        shape = list(inp) if isinstance(inp, list) else (None if inp is None else tuple(inp))
        try:
            layer = cls(config)
            if shape is None:
                return None, []
            try:
                layer.build(shape, torch.device("meta"))
            except (RuntimeError, NotImplementedError):
                layer = cls(config)  # a build that needs real values: on the CPU, the random stream untouched
                with torch.random.fork_rng(devices=[]):
                    layer.build(shape, torch.device("cpu"))
        except (ValueError, TypeError) as e:
            raise ConfigError(f"{who}: {e}") from None
        variables, seen = [], {}
        for group, owner, group_variables in _groups(layer):
            owner = None if owner == layer.name else owner
            for v in group_variables:
                if id(v) in seen:  # one variable in two groups (SpectralNormalization's kernel)
                    first = variables[seen[id(v)]]
                    first.also_in = tuple(first.also_in) + ((group, owner),)
                    continue
                seen[id(v)] = len(variables)
                variables.append(VariableSpec(v.name, tuple(v.value.shape), v.trainable, group=group, owner=owner))
        # A node's call flags (Attention's return_attention_scores) may change the outputs.
        try:
            out = layer.compute_output_shape(shape, **call_kwargs) if call_kwargs else layer.output_shape
        except (ValueError, TypeError) as e:
            raise ConfigError(f"{who}: {e}") from None
        out = [tuple(s) for s in out] if isinstance(out, list) else tuple(out)
        return out, variables

    return rule


def _torch_importable() -> bool:
    try:
        import torch  # noqa: F401
    except Exception:
        return False
    return True
