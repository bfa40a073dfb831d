"""Per-layer shape rules: for each supported Keras layer class, its output shape and the variables Keras
creates for it (in Keras's variable order), from the layer's config and input shape. One function per layer
(or family), registered in _RULES by Keras class name; model_spec in shapes.py walks a model with them."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

from .specs import ConfigError, Shape, VariableSpec, format_shape, normalize_shape

def _tuple_arg(value: Any, n: int, what: str) -> Tuple[int, ...]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (int(value),) * n
    if isinstance(value, (list, tuple)) and len(value) == n and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    ):
        return tuple(int(v) for v in value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _tuple_arg(value[0], n, what)
    raise ConfigError(f"{what} must be an int or a list of {n} ints, got {value!r}")


def _data_format(cfg: Dict[str, Any], who: str) -> str:
    fmt = cfg.get("data_format") or "channels_last"
    if fmt not in ("channels_last", "channels_first"):
        raise ConfigError(f"{who}: data_format must be 'channels_last' or 'channels_first', got {fmt!r}")
    return fmt


def _layer_trainable(cfg: Dict[str, Any]) -> bool:
    t = cfg.get("trainable", True)
    return bool(t) if t is not None else True


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# ----------------------------------------------------------------------------------------------
# per-class rules: (input shape, config) -> (output shape, variables)


def _dense(inp: Optional[Shape], cfg: Dict[str, Any], who: str):
    units = cfg.get("units")
    if not _is_int(units) or units <= 0:
        raise ConfigError(f"{who}: 'units' must be a positive int, got {units!r}")
    if cfg.get("quantization_config") not in (None, {}):
        raise ConfigError(f"{who}: quantized Dense layers are not supported")
    in_dim = None
    out = None
    if inp is not None:
        if len(inp) < 2:
            raise ConfigError(f"{who}: input shape {format_shape(inp)} has no feature axis")
        in_dim = inp[-1]
        out = tuple(inp[:-1]) + (units,)
    variables = [VariableSpec("kernel", (in_dim, units), True)]
    if cfg.get("use_bias", True):
        variables.append(VariableSpec("bias", (units,), True))
    return out, variables


def _activation(inp, cfg, who):
    # keras.layers.Activation: elementwise, no variables, no build().
    if cfg.get("activation") is None:
        raise ConfigError(f"{who}: 'activation' is required")
    return inp, []


def _dropout(inp, cfg, who):
    rate = cfg.get("rate")
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate <= 1:
        raise ConfigError(f"{who}: 'rate' must be a number between 0 and 1, got {rate!r}")
    return inp, []


def _batch_norm(inp, cfg, who):
    axis = cfg.get("axis", -1)
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if not _is_int(axis):
        raise ConfigError(f"{who}: 'axis' must be an int, got {axis!r}")
    features = None
    if inp is not None:
        if not -len(inp) <= axis < len(inp) or axis == 0 or axis == -len(inp):
            raise ConfigError(f"{who}: axis {axis} is out of bounds for input shape {format_shape(inp)}")
        features = inp[axis]
    shape = (features,)
    variables = []
    if cfg.get("scale", True):
        variables.append(VariableSpec("gamma", shape, True))
    if cfg.get("center", True):
        variables.append(VariableSpec("beta", shape, True))
    variables.append(VariableSpec("moving_mean", shape, False))
    variables.append(VariableSpec("moving_variance", shape, False))
    if cfg.get("renorm", False):
        variables += [
            VariableSpec("moving_stddev", shape, False),
            VariableSpec("renorm_mean", shape, False),
            VariableSpec("renorm_stddev", shape, False),
        ]
    return inp, variables


def _flatten(inp, cfg, who):
    _data_format(cfg, who)
    if inp is None:
        return None, []
    rest = inp[1:]
    if len(rest) == 0:
        n: Optional[int] = 1
    elif any(d is None for d in rest):
        n = None
    else:
        n = int(math.prod(rest))
    return (inp[0], n), []


def _spatial_out(size, k, stride, dilation, padding, who, what):
    if size is None:
        return None
    if padding == "valid":
        out = (size - dilation * (k - 1) - 1) // stride + 1
    else:  # same
        out = (size - 1) // stride + 1
    if out <= 0:
        raise ConfigError(
            f"{who}: {what} of size {k} (stride {stride}, padding {padding!r}) does not fit "
            f"an input of size {size}"
        )
    return out


def _padding(cfg, who):
    padding = str(cfg.get("padding", "valid")).lower()
    if padding not in ("valid", "same"):
        raise ConfigError(f"{who}: padding must be 'valid' or 'same', got {cfg.get('padding')!r}")
    return padding


def _conv2d(inp, cfg, who):
    filters = cfg.get("filters")
    if not _is_int(filters) or filters <= 0:
        raise ConfigError(f"{who}: 'filters' must be a positive int, got {filters!r}")
    kernel = _tuple_arg(cfg.get("kernel_size"), 2, f"{who}: kernel_size")
    strides = _tuple_arg(cfg.get("strides", 1), 2, f"{who}: strides")
    dilation = _tuple_arg(cfg.get("dilation_rate", 1), 2, f"{who}: dilation_rate")
    groups = cfg.get("groups", 1) or 1
    if not _is_int(groups) or groups <= 0 or filters % groups:
        raise ConfigError(f"{who}: 'groups' must be a positive int dividing filters, got {groups!r}")
    padding = _padding(cfg, who)
    fmt = _data_format(cfg, who)
    channels = None
    out = None
    if inp is not None:
        if len(inp) != 4:
            raise ConfigError(f"{who}: expects a rank-4 input (batch, rows, cols, channels), got {format_shape(inp)}")
        if fmt == "channels_last":
            rows, cols, channels = inp[1], inp[2], inp[3]
        else:
            channels, rows, cols = inp[1], inp[2], inp[3]
        if channels is not None and channels % groups:
            raise ConfigError(f"{who}: input channels {channels} are not divisible by groups={groups}")
        r = _spatial_out(rows, kernel[0], strides[0], dilation[0], padding, who, "kernel")
        c = _spatial_out(cols, kernel[1], strides[1], dilation[1], padding, who, "kernel")
        out = (inp[0], r, c, filters) if fmt == "channels_last" else (inp[0], filters, r, c)
    in_per_group = None if channels is None else channels // groups
    variables = [VariableSpec("kernel", (kernel[0], kernel[1], in_per_group, filters), True)]
    if cfg.get("use_bias", True):
        variables.append(VariableSpec("bias", (filters,), True))
    return out, variables


def _max_pool2d(inp, cfg, who):
    pool = _tuple_arg(cfg.get("pool_size", 2), 2, f"{who}: pool_size")
    strides = cfg.get("strides")
    strides = pool if strides is None else _tuple_arg(strides, 2, f"{who}: strides")
    padding = _padding(cfg, who)
    fmt = _data_format(cfg, who)
    if inp is None:
        return None, []
    if len(inp) != 4:
        raise ConfigError(f"{who}: expects a rank-4 input, got {format_shape(inp)}")
    if fmt == "channels_last":
        rows, cols = inp[1], inp[2]
    else:
        rows, cols = inp[2], inp[3]
    r = _spatial_out(rows, pool[0], strides[0], 1, padding, who, "pool")
    c = _spatial_out(cols, pool[1], strides[1], 1, padding, who, "pool")
    if fmt == "channels_last":
        return (inp[0], r, c, inp[3]), []
    return (inp[0], inp[1], r, c), []


def _global_avg_pool2d(inp, cfg, who):
    fmt = _data_format(cfg, who)
    keepdims = bool(cfg.get("keepdims", False))
    if inp is None:
        return None, []
    if len(inp) != 4:
        raise ConfigError(f"{who}: expects a rank-4 input, got {format_shape(inp)}")
    if fmt == "channels_last":
        return ((inp[0], 1, 1, inp[3]) if keepdims else (inp[0], inp[3])), []
    return ((inp[0], inp[1], 1, 1) if keepdims else (inp[0], inp[1])), []


def _unknown_code_layer(inp, cfg, who):
    # Lambda & co. (only reachable with safe_mode=False): no variables, shape only if declared.
    declared = cfg.get("output_shape")
    if isinstance(declared, (list, tuple)) and inp is not None:
        try:
            return (inp[0],) + normalize_shape(declared, who), []
        except ConfigError:
            return None, []
    return None, []


def _layer_norm(inp, cfg, who):
    axis = cfg.get("axis", -1)
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not axes or not all(_is_int(a) for a in axes):
        raise ConfigError(f"{who}: 'axis' must be an int or a list of ints, got {axis!r}")
    shape = None
    if inp is not None:
        if not all(-len(inp) <= a < len(inp) for a in axes):
            raise ConfigError(f"{who}: axis {axis} is out of bounds for input shape {format_shape(inp)}")
        shape = tuple(inp[a] for a in sorted(a % len(inp) for a in axes))
    variables = []
    if cfg.get("scale", True) or cfg.get("rms_scaling", False):
        variables.append(VariableSpec("gamma", shape if shape is not None else (None,), True))
    if cfg.get("center", True) and not cfg.get("rms_scaling", False):
        variables.append(VariableSpec("beta", shape if shape is not None else (None,), True))
    return inp, variables


def _merge_inputs(inp, who, exactly=None):
    if inp is None:
        return None
    if not isinstance(inp, list) or not inp or not all(isinstance(s, tuple) for s in inp):
        raise ConfigError(f"{who}: a merge layer must be called on a list of tensors (only a Functional model can do that)")
    if exactly is not None and len(inp) != exactly:
        raise ConfigError(f"{who}: must be called on exactly {exactly} inputs, got {len(inp)}")
    return inp


def _elementwise(inp, cfg, who, exactly=None):
    shapes = _merge_inputs(inp, who, exactly)
    if shapes is None:
        return None, []
    if len({len(s) for s in shapes}) != 1:
        raise ConfigError(f"{who}: inputs of different ranks are not supported: {', '.join(map(format_shape, shapes))}")
    out = elementwise_merge_shape(shapes)
    if out is None:
        raise ConfigError(f"{who}: inputs with shapes {', '.join(map(format_shape, shapes))} cannot be merged")
    return out, []


def elementwise_merge_shape(shapes):
    """Keras's Merge._compute_elemwise_op_output_shape for inputs of one rank: the broadcast shape, or None
    when two sizes cannot broadcast. Shared by the file rules here and torch_engine/merging.py."""
    out = list(shapes[0][1:])
    for shape in shapes[1:]:
        merged = []
        for i, j in zip(out, shape[1:]):
            if i is None or j is None:
                merged.append(None)
            elif i == 1:
                merged.append(j)
            elif j == 1 or i == j:
                merged.append(i)
            else:
                return None
        out = merged
    batch = {s[0] for s in shapes} - {None}
    return ((batch.pop() if len(batch) == 1 else None),) + tuple(out)


def _concatenate(inp, cfg, who):
    shapes = _merge_inputs(inp, who)
    axis = cfg.get("axis", -1)
    if not _is_int(axis):
        raise ConfigError(f"{who}: 'axis' must be an int, got {axis!r}")
    if shapes is None:
        return None, []
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes) or not -rank <= axis < rank:
        raise ConfigError(f"{who}: cannot concatenate shapes {', '.join(map(format_shape, shapes))} on axis {axis}")
    axis %= rank
    out = list(shapes[0])
    for shape in shapes[1:]:
        for i in range(rank):
            if i == axis:
                out[i] = None if out[i] is None or shape[i] is None else out[i] + shape[i]
            elif i > 0 and out[i] is not None and shape[i] is not None and out[i] != shape[i]:
                raise ConfigError(f"{who}: shapes {', '.join(map(format_shape, shapes))} differ off the axis {axis}")
            elif out[i] is None:
                out[i] = shape[i]
    return tuple(out), []


def _dot(inp, cfg, who):
    shapes = _merge_inputs(inp, who, 2)
    axes = cfg.get("axes")
    if not (_is_int(axes) or (isinstance(axes, (list, tuple)) and len(axes) == 2 and all(_is_int(a) for a in axes))):
        raise ConfigError(f"{who}: 'axes' must be an int or a list of 2 ints, got {axes!r}")
    if shapes is None:
        return None, []
    s1, s2 = list(shapes[0]), list(shapes[1])
    if _is_int(axes):
        a = [axes % len(s1), axes % len(s2)] if axes < 0 else [axes, axes]
    else:
        a = [x % len(s) if x < 0 else x for x, s in zip(axes, (s1, s2))]
    if 0 in a or a[0] >= len(s1) or a[1] >= len(s2):
        raise ConfigError(f"{who}: axes {axes} do not fit shapes {format_shape(shapes[0])} and {format_shape(shapes[1])}")
    if s1[a[0]] is not None and s2[a[1]] is not None and s1[a[0]] != s2[a[1]]:
        raise ConfigError(f"{who}: shapes {format_shape(shapes[0])} and {format_shape(shapes[1])} differ on the dot axes")
    s1.pop(a[0])
    s2.pop(a[1])
    s2.pop(0)
    out = s1 + s2
    if len(out) == 1:
        out.append(1)
    return tuple(out), []


_RULES = {
    "LayerNormalization": _layer_norm,
    "Add": _elementwise,
    "Subtract": lambda inp, cfg, who: _elementwise(inp, cfg, who, 2),
    "Multiply": _elementwise,
    "Average": _elementwise,
    "Maximum": _elementwise,
    "Minimum": _elementwise,
    "Concatenate": _concatenate,
    "Dot": _dot,
    "Dense": _dense,
    "Activation": _activation,
    "Dropout": _dropout,
    "BatchNormalization": _batch_norm,
    "Flatten": _flatten,
    "Conv2D": _conv2d,
    "MaxPooling2D": _max_pool2d,
    "GlobalAveragePooling2D": _global_avg_pool2d,
}




def rule_for(class_name: str):
    """The shape rule for a Keras layer class (the bridge's own, else the PyTorch engine's layer class asked),
    or None when the bridge has none."""
    from .engine_rules import torch_layer_rule

    return _RULES.get(class_name) or torch_layer_rule(class_name)
