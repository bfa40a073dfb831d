"""Shape rules for the layers without one in layer_shapes._RULES: the PyTorch engine's own layer
class is asked (its compute_output_shape, and the variables its build creates: names, shapes,
trainable flags, weight-file sub-groups), so a layer's maths is written once. Built on torch's
'meta' device: no memory, no random numbers drawn. torch is imported only when such a layer is met,
so model_files itself imports without it."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from .specs import SUPPORTED_LAYERS, ConfigError, VariableSpec


def torch_layer_rule(class_name: str) -> Optional[Callable]:
    """A rule (input shape, config, who) -> (output shape, [VariableSpec]) for a layer class the
    PyTorch engine implements, or None when it does not (or torch is not installed)."""
    try:
        from kerasbridge.torch_engine import layers as torch_layers
    except ImportError as e:
        if class_name not in SUPPORTED_LAYERS:
            return None
        problem = f"{e}"

        def needs_torch(inp, cfg, who):
            raise ConfigError(f"{who}: this layer's shapes come from the PyTorch engine, which cannot be "
                              f"imported here ({problem}); install torch")
        return needs_torch
    name = torch_layers._ALIASES.get(class_name, class_name)
    if name not in torch_layers.LAYER_CLASSES:
        return None

    def rule(inp, cfg: Dict[str, Any], who: str):
        # trainable=True: the spec records variables as Keras creates them; the caller applies the flag.
        config = dict(cfg, trainable=True, name=cfg.get("name") or "layer")
        try:
            layer = torch_layers.layer_from_config({"class_name": name, "config": config})
            if inp is None:
                return None, []
            layer.build(tuple(inp), "meta")
        except (ValueError, TypeError) as e:
            raise ConfigError(f"{who}: {e}") from None
        groups = getattr(layer, "variable_groups", None)
        groups = groups() if groups is not None else [("", layer.name, layer.variables)]
        variables = [VariableSpec(v.name, tuple(v.value.shape), v.trainable, group=group, owner=owner)
                     for group, owner, group_variables in groups for v in group_variables]
        return tuple(layer.output_shape), variables

    return rule
