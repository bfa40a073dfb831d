"""The data types of model_files' view of a model (ModelSpec, LayerSpec, VariableSpec, ConfigError), the
layer and model classes it supports, and small shape and naming helpers. No numpy, no torch."""

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

#: Activation, convolution, pooling, reshaping, noise layers and TimeDistributed: their shapes and variables
#: come from the PyTorch engine's classes (engine_rules.torch_layer_rule).
SPATIAL_LAYERS: Tuple[str, ...] = (
    "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax",
    "Conv1D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
    "Conv1DTranspose", "Conv2DTranspose",
    "MaxPooling1D", "AveragePooling1D", "AveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "GlobalAveragePooling1D",
    "Reshape", "Permute", "RepeatVector", "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D",
    "Cropping1D", "Cropping2D", "TimeDistributed",
    "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
)
SUPPORTED_LAYERS += SPATIAL_LAYERS

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
CLASSES_WITH_BUILD_CONFIG += (
    "PReLU", "Conv1D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
    "Conv1DTranspose", "Conv2DTranspose", "Permute", "RepeatVector", "UpSampling1D", "UpSampling2D",
    "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "TimeDistributed",
)


class ConfigError(ValueError):
    """A config that does not describe a model the engines can build."""


@dataclass
class VariableSpec:
    name: str  # Keras's variable name, e.g. "kernel", "moving_mean"
    shape: Optional[Shape]  # None or None-dims where the input shape is unknown
    trainable: bool  # as created by Keras (before any layer.trainable = False)
    group: str = ""  # the weight file's sub-group of the layer holding it ("layer" for TimeDistributed's)
    owner: Optional[str] = None  # the name of the (sub-)layer owning it, when not the layer itself
    # Further (group, owner) of the weight files holding this same variable: Keras tracks SpectralNormalization's
    # kernel as the wrapper's and as its wrapped layer's, and saves it in both groups (it counts and lists it once).
    also_in: Tuple[Tuple[str, Optional[str]], ...] = ()

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
    operation: bool = False  # a Keras op (x + 3.0): in the graph and summary, not in model.layers nor the weights

    @property
    def config(self) -> Dict[str, Any]:
        return self.entry.get("config") or {}

    def variable_groups(self) -> List[Tuple[str, str, List[VariableSpec]]]:
        """(sub-group, owner name, variables) in Keras's save order: the layer's own `vars` first (even
        when empty), then each sub-layer's (TimeDistributed keeps its wrapped layer's under `layer/`)."""
        groups: Dict[str, Tuple[str, List[VariableSpec]]] = {"": (self.name, [])}
        for v in self.variables:
            for group, owner in ((v.group, v.owner),) + tuple(v.also_in):
                groups.setdefault(group, (owner or self.name, []))[1].append(v)
        return [(group, owner, variables) for group, (owner, variables) in groups.items()]

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
            if layer.operation:
                continue
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


# Config class names (Keras's export names) whose Python class is named otherwise; the weight files and the
# summary use the latter.
_PYTHON_CLASS_NAMES = {"GroupQueryAttention": "GroupedQueryAttention"}


def python_class_name(class_name: str) -> str:
    """The Python class behind a config class name (GroupQueryAttention -> GroupedQueryAttention)."""
    return _PYTHON_CLASS_NAMES.get(class_name, class_name)


def unique_h5_names(class_names: Sequence[str]) -> List[str]:
    """Names Keras 3 gives the saveables of a list (`_save_container_state`):
    snake_case(Python class name), then `_1`, `_2`, ... for later objects of the same class."""
    used: Dict[str, int] = {}
    out = []
    for cls in class_names:
        base = to_snake_case(python_class_name(cls))
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


def format_shape(shape: Optional[Shape]) -> str:
    """Keras's summary style: (None, 6, 6, 16); a 1-tuple prints as (None)."""
    if shape is None:
        return "?"
    return "(" + ", ".join(str(d) for d in shape) + ")"


# ----------------------------------------------------------------------------------------------
# the model


