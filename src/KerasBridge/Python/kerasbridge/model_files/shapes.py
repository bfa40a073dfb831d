"""Shapes, variables and parameter counts of the supported Keras layers, derived from a config.

Pure Python (no numpy needed). Works on Keras 3 config dicts (the `config.json` of a `.keras`
file); legacy configs are translated to that schema first (see `legacy.py`).

The main entry point is `model_spec(config)`, which returns a `ModelSpec` describing, for every
layer of a Sequential model, its input and output shapes, the variables Keras creates for it (in
Keras's variable order, with their shapes and trainable flags) and the path of the layer's group in
Keras 3's weights file (`layers/<snake_case class name>[_<n>]`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

Shape = Tuple[Optional[int], ...]

#: Layer classes the engines support (and for which shapes can be derived).
SUPPORTED_LAYERS: Tuple[str, ...] = (
    "InputLayer",
    "Dense",
    "Activation",
    "Dropout",
    "BatchNormalization",
    "Flatten",
    "Conv2D",
    "MaxPooling2D",
    "GlobalAveragePooling2D",
    "LayerNormalization",
    "Add",
    "Subtract",
    "Multiply",
    "Average",
    "Maximum",
    "Minimum",
    "Concatenate",
    "Dot",
)

#: Merge layers: called on a list of tensors, so only inside a Functional model.
MERGE_LAYERS: Tuple[str, ...] = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot")

#: Model classes whose configs can be read.
SUPPORTED_MODELS: Tuple[str, ...] = ("Sequential", "Functional")

#: Layer classes whose deserialization runs Python code stored in the file.
CODE_LAYERS: Tuple[str, ...] = ("Lambda", "TFOpLambda", "SlicingOpLambda")

#: Classes that override `build()` in Keras 3 and therefore carry a `build_config` once built.
#: (Dropout, the pooling layers and InputLayer are built at construction and carry none.)
CLASSES_WITH_BUILD_CONFIG: Tuple[str, ...] = ("Dense", "Conv2D", "BatchNormalization", "Flatten",
                                             "LayerNormalization") + MERGE_LAYERS


class ConfigError(ValueError):
    """A config that does not describe a model the engines can build."""


@dataclass
class VariableSpec:
    name: str  # Keras's variable name, e.g. "kernel", "moving_mean"
    shape: Optional[Shape]  # None or None-dims where the input shape is unknown
    trainable: bool  # as created by Keras (before any layer.trainable = False)

    @property
    def size(self) -> Optional[int]:
        if self.shape is None or any(d is None for d in self.shape):
            return None
        return int(math.prod(self.shape))


@dataclass
class LayerSpec:
    name: str
    class_name: str
    entry: Dict[str, Any]  # the layer's serialized entry in the model config
    index: int  # position in config["config"]["layers"]
    input_shape: Optional[Shape]
    output_shape: Optional[Shape]
    variables: List[VariableSpec] = field(default_factory=list)
    h5_path: Optional[str] = None  # "layers/dense_1" (None for a Sequential's InputLayer)
    trainable: bool = True  # the layer's (and model's) trainable flag
    submodel: Optional["ModelSpec"] = None  # a Sequential/Functional used as a layer
    connections: List[List[str]] = field(default_factory=list)  # per node: "layer[node][tensor]" inputs

    @property
    def config(self) -> Dict[str, Any]:
        return self.entry.get("config") or {}

    @property
    def built(self) -> bool:
        """False when the layer has variables whose shapes cannot be derived (unknown input)."""
        return all(v.size is not None for v in self.variables)

    @property
    def params(self) -> Optional[int]:
        """count_params() as Keras reports it, or None when the layer cannot be built."""
        if not self.built:
            return None
        return sum(v.size for v in self.variables)

    @property
    def trainable_params(self) -> Optional[int]:
        if not self.built:
            return None
        if not self.trainable:
            return 0
        return sum(v.size for v in self.variables if v.trainable)

    @property
    def non_trainable_params(self) -> Optional[int]:
        if not self.built:
            return None
        return self.params - self.trainable_params


@dataclass
class ModelSpec:
    class_name: str
    name: str
    input_layer: Optional[LayerSpec]  # the Sequential's InputLayer entry, if any
    layers: List[LayerSpec]  # model.layers (a Sequential's InputLayer excluded), in order
    input_shape: Optional[Shape]
    output_shape: Optional[Shape]
    graph: Any = None  # model_files.graph.Graph for a Functional model
    input_shapes: List[Optional[Shape]] = field(default_factory=list)  # Functional: one per input
    output_shapes: List[Optional[Shape]] = field(default_factory=list)  # Functional: one per output

    def weight_layers(self, prefix: str = "", h5_prefix: str = "") -> List[Tuple[str, LayerSpec, str]]:
        """(name, layer, h5 group path) of every layer holding its own weights, in Keras's save order.
        Layers of a nested model are named "outer/inner" and live under the outer layer's group
        (layers/sequential/layers/dense); a Functional's InputLayers are listed (empty groups)."""
        out: List[Tuple[str, LayerSpec, str]] = []
        for layer in self.layers:
            if layer.submodel is not None:
                out.extend(layer.submodel.weight_layers(f"{prefix}{layer.name}/", f"{h5_prefix}{layer.h5_path}/"))
            else:
                out.append((prefix + layer.name, layer, h5_prefix + str(layer.h5_path)))
        return out

    def container_groups(self, h5_prefix: str = "") -> List[Tuple[str, str]]:
        """(h5 path of the "vars" group, model name) of this model and of every nested model."""
        out = [(f"{h5_prefix}vars", self.name)]
        for layer in self.layers:
            if layer.submodel is not None:
                out.extend(layer.submodel.container_groups(f"{h5_prefix}{layer.h5_path}/"))
        return out

    @property
    def layers_with_variables(self) -> List[LayerSpec]:
        return [layer for layer in self.layers if layer.variables]

    def layer(self, name: str) -> LayerSpec:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def trainable_params(self) -> Optional[int]:
        counts = [layer.trainable_params for layer in self.layers]
        return None if any(c is None for c in counts) else sum(counts)

    @property
    def non_trainable_params(self) -> Optional[int]:
        counts = [layer.non_trainable_params for layer in self.layers]
        return None if any(c is None for c in counts) else sum(counts)

    @property
    def total_params(self) -> Optional[int]:
        t, n = self.trainable_params, self.non_trainable_params
        return None if t is None or n is None else t + n


# ----------------------------------------------------------------------------------------------
# helpers


def to_snake_case(name: str) -> str:
    """Keras's keras.src.utils.naming.to_snake_case."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def unique_h5_names(class_names: Sequence[str]) -> List[str]:
    """Names Keras 3 gives the saveables of a list (`_save_container_state`):
    snake_case(class name), then `_1`, `_2`, ... for later objects of the same class."""
    used: Dict[str, int] = {}
    out = []
    for cls in class_names:
        base = to_snake_case(cls)
        if base in used:
            used[base] += 1
            out.append(f"{base}_{used[base]}")
        else:
            used[base] = 0
            out.append(base)
    return out


def normalize_shape(value: Any, what: str) -> Optional[Shape]:
    """A JSON shape ([null, 4]) as a tuple ((None, 4)); None stays None."""
    if value is None:
        return None
    if isinstance(value, dict):
        # legacy json_utils encodings: {"class_name": "TensorShape", "items": [...]},
        # {"class_name": "__tuple__", "items": [...]}
        if "items" in value:
            value = value["items"]
        else:
            raise ConfigError(f"{what} is not a shape: {value!r}")
    if not isinstance(value, (list, tuple)):
        raise ConfigError(f"{what} is not a shape: {value!r}")
    dims: List[Optional[int]] = []
    for d in value:
        if d is None:
            dims.append(None)
        elif isinstance(d, bool):
            raise ConfigError(f"{what} is not a shape: {value!r}")
        elif isinstance(d, int) or (isinstance(d, float) and float(d).is_integer()):
            if int(d) < 0:
                dims.append(None)  # -1 is used for "unknown" in some legacy configs
            else:
                dims.append(int(d))
        else:
            raise ConfigError(f"{what} is not a shape: {value!r}")
    return tuple(dims)


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
                raise ConfigError(f"{who}: inputs with shapes {', '.join(map(format_shape, shapes))} cannot be merged")
        out = merged
    batch = {s[0] for s in shapes} - {None}
    return ((batch.pop() if len(batch) == 1 else None),) + tuple(out), []


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


def format_shape(shape: Optional[Shape]) -> str:
    """Keras's summary style: (None, 6, 6, 16); a 1-tuple prints as (None)."""
    if shape is None:
        return "?"
    return "(" + ", ".join(str(d) for d in shape) + ")"


# ----------------------------------------------------------------------------------------------
# the model


def _input_batch_shape(entry_cfg: Dict[str, Any], who: str) -> Optional[Shape]:
    """Batch shape declared on an InputLayer (Keras 3 `batch_shape`, `shape`+`batch_size`, or
    legacy `batch_input_shape`)."""
    for key in ("batch_shape", "batch_input_shape"):
        if entry_cfg.get(key) is not None:
            return normalize_shape(entry_cfg[key], f"{who}: {key}")
    if entry_cfg.get("shape") is not None:
        shape = normalize_shape(entry_cfg["shape"], f"{who}: shape")
        return (entry_cfg.get("batch_size"),) + shape
    if entry_cfg.get("input_shape") is not None:
        shape = normalize_shape(entry_cfg["input_shape"], f"{who}: input_shape")
        return (entry_cfg.get("batch_size"),) + shape
    return None


def _layer_entries(config: Dict[str, Any]) -> Tuple[str, str, List[Dict[str, Any]], Dict[str, Any]]:
    if not isinstance(config, dict):
        raise ConfigError(f"the model config must be a JSON object, got {type(config).__name__}")
    if "class_name" not in config and isinstance(config.get("layers"), list):
        # model.get_config() of a Sequential (no class_name/config wrapper)
        config = {"class_name": "Sequential", "config": config}
    class_name = config.get("class_name")
    inner = config.get("config")
    if class_name is None or inner is None:
        raise ConfigError("the model config has no 'class_name'/'config' (is it a Keras model config?)")
    if class_name == "Model" and isinstance(inner, dict) and "input_layers" in inner:
        class_name = "Functional"  # tf.keras's name for a Functional model
    if class_name not in SUPPORTED_MODELS:
        raise ConfigError(
            f"model class {class_name!r} is not supported (supported: {', '.join(SUPPORTED_MODELS)})"
        )
    if isinstance(inner, list):  # very old Sequential configs: the config is the layer list
        inner = {"name": "sequential", "layers": inner}
    if not isinstance(inner, dict):
        raise ConfigError("the model config's 'config' must be a JSON object")
    layers = inner.get("layers")
    if not isinstance(layers, list):
        raise ConfigError("the model config has no 'layers' list")
    return class_name, str(inner.get("name", "sequential")), layers, inner


def model_spec(config: Dict[str, Any], allow_code_layers: bool = False) -> ModelSpec:
    """Describe a Sequential model config: shapes, variables, params and weight-file paths.

    Raises ConfigError for an unsupported model/layer class or an inconsistent config. Layers whose
    class is in CODE_LAYERS (Lambda, ...) are accepted only with allow_code_layers=True (their output
    shape is then unknown unless declared).
    """
    class_name, model_name, entries, inner = _layer_entries(config)
    if class_name == "Functional":
        return _functional_spec(config, inner, allow_code_layers)
    model_trainable = _layer_trainable(inner)

    unsupported = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("config", {}), dict):
            raise ConfigError(f"layer #{i} of the model config is not a serialized layer")
        cls = entry.get("class_name")
        if cls in SUPPORTED_LAYERS:
            continue
        if cls in CODE_LAYERS and allow_code_layers:
            continue
        unsupported.append(f"{(entry.get('config') or {}).get('name', '#' + str(i))!r} ({cls})")
    if unsupported:
        raise ConfigError(
            f"unsupported layer class in layer(s) {', '.join(unsupported)}; "
            f"supported layers: {', '.join(SUPPORTED_LAYERS)}"
        )

    # Input shape: InputLayer, else the first layer's batch_input_shape, else build configs.
    batch_shape: Optional[Shape] = None
    input_layer: Optional[LayerSpec] = None
    body = list(enumerate(entries))
    if body and body[0][1].get("class_name") == "InputLayer":
        idx, entry = body.pop(0)
        cfg = entry.get("config") or {}
        who = f"layer {cfg.get('name', 'input_layer')!r} (InputLayer)"
        batch_shape = _input_batch_shape(cfg, who)
        input_layer = LayerSpec(
            name=str(cfg.get("name", "input_layer")), class_name="InputLayer", entry=entry, index=idx,
            input_shape=batch_shape, output_shape=batch_shape, variables=[], h5_path=None,
        )
    for _, entry in body:
        if entry.get("class_name") == "InputLayer":
            name = (entry.get("config") or {}).get("name")
            raise ConfigError(f"InputLayer {name!r} is only allowed as the first layer of a Sequential")
    if batch_shape is None and body:
        cfg0 = body[0][1].get("config") or {}
        batch_shape = _input_batch_shape(
            {k: cfg0.get(k) for k in ("batch_input_shape", "batch_shape")}, "first layer"
        )
    if batch_shape is None and inner.get("build_input_shape") is not None:
        batch_shape = normalize_shape(inner["build_input_shape"], "build_input_shape")
    if batch_shape is None:
        bc = config.get("build_config") or {}
        if isinstance(bc, dict) and bc.get("input_shape") is not None:
            batch_shape = normalize_shape(bc["input_shape"], "build_config.input_shape")
    if batch_shape is not None and len(batch_shape) < 2:
        raise ConfigError(f"the model input shape {format_shape(batch_shape)} has no feature axis")

    names = unique_h5_names([e.get("class_name", "") for _, e in body])
    seen_names = set() if input_layer is None else {input_layer.name}
    layers: List[LayerSpec] = []
    shape = batch_shape
    for (idx, entry), h5_name in zip(body, names):
        cls = entry["class_name"]
        cfg = entry.get("config") or {}
        name = cfg.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"layer #{idx} ({cls}) has no name")
        if name in seen_names:
            raise ConfigError(f"two layers are named {name!r}; layer names must be unique")
        seen_names.add(name)
        who = f"layer {name!r} ({cls})"
        inp = shape
        if inp is None:
            bc = entry.get("build_config") or {}
            if isinstance(bc, dict) and bc.get("input_shape") is not None:
                inp = normalize_shape(bc["input_shape"], f"{who}: build_config.input_shape")
        rule = _RULES.get(cls, _unknown_code_layer)
        out, variables = rule(inp, cfg, who)
        layers.append(
            LayerSpec(
                name=name, class_name=cls, entry=entry, index=idx, input_shape=inp,
                output_shape=out, variables=variables, h5_path=f"layers/{h5_name}",
                trainable=model_trainable and _layer_trainable(cfg),
            )
        )
        shape = out
    return ModelSpec(
        class_name=class_name, name=model_name, input_layer=input_layer, layers=layers,
        input_shape=batch_shape, output_shape=shape if layers else batch_shape,
    )


def _functional_spec(config: Dict[str, Any], inner: Dict[str, Any], allow_code_layers: bool) -> ModelSpec:
    """model_spec of a Functional config: shapes through the graph (each layer built by its first
    call), variables, params, the "Connected to" of each node and Keras 3's weight-file paths
    (model.layers includes the InputLayers, so they take layers/input_layer, ...)."""
    from .graph import GraphError, TensorRef, parse_functional

    try:
        graph = parse_functional(inner)
    except GraphError as e:
        raise ConfigError(str(e)) from None
    model_trainable = _layer_trainable(inner)
    unsupported = []
    for i, entry in enumerate(graph.entries):
        cls = entry.get("class_name")
        if cls in SUPPORTED_LAYERS or cls in SUPPORTED_MODELS:
            continue
        if cls in CODE_LAYERS and allow_code_layers:
            continue
        unsupported.append(f"{graph.layer_names[i]!r} ({cls})")
    if unsupported:
        raise ConfigError(
            f"unsupported layer class in layer(s) {', '.join(unsupported)}; "
            f"supported layers: {', '.join(SUPPORTED_LAYERS + ('Sequential', 'Functional'))}"
        )
    entries = {name: entry for name, entry in zip(graph.layer_names, graph.entries)}
    shapes: Dict[Any, Optional[Shape]] = {}
    built: Dict[str, Tuple[Any, List[VariableSpec], Optional[ModelSpec]]] = {}
    last_out: Dict[str, Optional[Shape]] = {}
    for name, entry in entries.items():
        if entry.get("class_name") == "InputLayer":
            cfg = entry.get("config") or {}
            shape = _input_batch_shape(cfg, f"layer {name!r} (InputLayer)")
            shapes[TensorRef(name, 0, 0)] = shape
            last_out[name] = shape
            built[name] = (shape, [], None)

    def arg_shapes(args):
        if isinstance(args, TensorRef):
            if args.tensor != 0:
                raise ConfigError(f"tensor {args.label()} does not exist: layer {args.layer!r} has one output")
            return shapes.get(args)
        return [arg_shapes(a) for a in args]

    for node in graph.order:
        entry = entries[node.layer]
        cls = entry["class_name"]
        cfg = entry.get("config") or {}
        who = f"layer {node.layer!r} ({cls})"
        inp = arg_shapes(node.args)
        if isinstance(inp, list) and any(s is None for s in inp):
            inp = None
        if cls in SUPPORTED_MODELS:
            if node.layer not in built:
                sub = model_spec({k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")},
                                 allow_code_layers)
                if len(sub.input_shapes or [sub.input_shape]) != 1 or len(sub.output_shapes or [sub.output_shape]) != 1:
                    raise ConfigError(f"{who}: a nested model must have one input and one output")
                variables = [v for layer in sub.layers for v in layer.variables]
                built[node.layer] = (inp, variables, sub)
            out = built[node.layer][2].output_shape
        else:
            rule = _RULES.get(cls, _unknown_code_layer)
            out, variables = rule(inp, cfg, who)
            if node.layer not in built:
                built[node.layer] = (inp, variables, None)
        shapes[TensorRef(node.layer, node.index, 0)] = out
        last_out[node.layer] = out

    h5_names = unique_h5_names([e.get("class_name", "") for e in graph.entries])
    layers: List[LayerSpec] = []
    for idx, (name, h5_name) in enumerate(zip(graph.layer_names, h5_names)):
        entry = entries[name]
        cls = entry["class_name"]
        if name not in built:
            raise ConfigError(f"layer {name!r} ({cls}) is not used by the model's graph")
        inp, variables, sub = built[name]
        nodes = graph.layer_nodes(name)
        trainable = model_trainable and _layer_trainable(entry.get("config") or {})
        if sub is not None:
            # The nested model's own per-layer flags decide; a frozen container freezes them all.
            variables = [VariableSpec(v.name, v.shape, v.trainable and layer.trainable and trainable)
                         for layer in sub.layers for v in layer.variables]
        layers.append(LayerSpec(
            name=name, class_name=cls, entry=entry, index=idx, input_shape=inp, output_shape=last_out.get(name),
            variables=variables, h5_path=f"layers/{h5_name}", trainable=True if sub is not None else trainable,
            submodel=sub, connections=[[r.label() for r in n.inputs] for n in nodes],
        ))
    input_shapes = [shapes.get(r) for r in graph.inputs]
    output_shapes = [shapes.get(r) for r in graph.outputs]
    return ModelSpec(
        class_name="Functional", name=graph.name, input_layer=None, layers=layers,
        input_shape=input_shapes[0], output_shape=output_shapes[0], graph=graph,
        input_shapes=input_shapes, output_shapes=output_shapes,
    )


def shape_matches(expected: Optional[Shape], found: Sequence[int]) -> bool:
    if expected is None:
        return True
    found = tuple(found)
    return len(expected) == len(found) and all(e is None or e == f for e, f in zip(expected, found))


def check_layer_weights(spec: ModelSpec, layer_weights, strict: bool = True) -> None:
    """Check `layer_weights` (list of (layer name, [arrays]) or dict name -> [arrays]) against the spec.

    Every layer with variables must be present with the right number of arrays of the right shapes;
    layers without variables may be absent or have an empty list. Raises ConfigError naming the
    layer, the variable, the expected and the found shape.
    """
    if isinstance(layer_weights, dict):
        items = list(layer_weights.items())
    else:
        items = list(layer_weights)
    by_name: Dict[str, Any] = {}
    for item in items:
        try:
            name, arrays = item
        except (TypeError, ValueError):
            raise ConfigError("layer_weights must hold (layer name, list of arrays) pairs")
        if name in by_name:
            raise ConfigError(f"layer_weights holds layer {name!r} twice")
        by_name[name] = arrays
    weight_layers = spec.weight_layers()
    known = {name for name, _, _ in weight_layers}
    if spec.input_layer is not None:
        known.add(spec.input_layer.name)
    extra = [n for n in by_name if n not in known]
    if extra:
        raise ConfigError(f"layer_weights names layer(s) not in the model: {', '.join(map(repr, extra))}")
    if spec.input_layer is not None and by_name.get(spec.input_layer.name):
        raise ConfigError(f"InputLayer {spec.input_layer.name!r} has no weights but was given some")
    for name, layer, _ in weight_layers:
        arrays = by_name.get(name)
        who = f"layer {name!r} ({layer.class_name})"
        if arrays is None:
            if layer.variables:
                raise ConfigError(
                    f"missing weights for {who}: expected {len(layer.variables)} arrays "
                    f"({', '.join(v.name + ' ' + format_shape(v.shape) for v in layer.variables)})"
                )
            continue
        arrays = list(arrays)
        if len(arrays) != len(layer.variables):
            raise ConfigError(
                f"{who} expects {len(layer.variables)} weight arrays "
                f"({', '.join(v.name + ' ' + format_shape(v.shape) for v in layer.variables) or 'none'}), "
                f"found {len(arrays)}"
            )
        for var, arr in zip(layer.variables, arrays):
            found = tuple(getattr(arr, "shape", ()))
            if not shape_matches(var.shape, found):
                raise ConfigError(
                    f"{who}: weight '{var.name}' has shape {found}, expected "
                    f"{tuple(var.shape)} from the config"
                )
