"""Keras operations as nodes of a Functional graph, engine-neutral (no torch, no keras imports).

Keras 3 lets raw ops be applied to symbolic tensors (`x + 3.0`, `x[:, 0]`, `keras.ops.mean(x, axis=1)`); the
Functional model then holds the op (an Operation, not a Layer) as one of its graph entries:
{"module": "keras.src.ops.numpy", "class_name": "Mean", "config": {"name": "mean", "axis": 1, "keepdims": false},
"registered_name": "Mean", "inbound_nodes": [{"args": [<tensor>], "kwargs": {}}]}. Such entries are left out of
`model.layers` (and so of the weights file) but are in `model.operations`, the config and the summary
(keras/src/models/functional.py: the `layers` property keeps the Layer instances of `_operations`).

An op's config is its name and its __init__ arguments with their defaults, in signature order
(keras/src/ops/operation.py: the auto-generated get_config); its shape rule is its compute_output_spec
(model_files/operation_shapes.py). The op classes: keras/src/ops/numpy.py, nn.py, core.py, math.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

from . import operation_dtypes
from . import operation_shapes as rules
from . import operation_shapes_encoding as encoding_rules
from .operation_shapes import broadcast_shapes  # noqa: F401  (re-exported: callers use operations.broadcast_shapes)
from .specs import ConfigError, Shape

NUMPY, NN, CORE, MATH = "keras.src.ops.numpy", "keras.src.ops.nn", "keras.src.ops.core", "keras.src.ops.math"
LINALG = "keras.src.ops.linalg"
# keras.activations.relu(x) with its options records this Operation (keras/src/activations/activations.py ReLU).
ACTIVATIONS = "keras.src.activations.activations"
MODULE = NUMPY  # the module of the arithmetic ops (x + 3.0)
_REQUIRED = object()

# Dtype names ops.cast takes (keras/src/backend/common/dtypes.py ALLOWED_DTYPES that torch has).
DTYPES = ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")


# ---------------------------------------------------------------------------------------------- argument checks
def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_int = _is_int


def _ints(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and all(_is_int(a) for a in v)


def _axis(v: Any) -> bool:
    return v is None or _is_int(v) or _ints(v)


def _int_or_none(v: Any) -> bool:
    return v is None or _is_int(v)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _number_or_none(v: Any) -> bool:
    return v is None or _number(v)


def _dtype(v: Any) -> bool:
    return v in DTYPES


def _dtype_or_none(v: Any) -> bool:
    return v is None or v in DTYPES


def _false_or_none(v: Any) -> bool:
    return v is None or v is False  # dense tensors only: the engines have no sparse or ragged ones


def _int_or_ints(v: Any) -> bool:
    return _is_int(v) or _ints(v)


def _ints_or_none(v: Any) -> bool:
    return v is None or _ints(v)


def _positive_ints(v: Any) -> bool:
    return (_is_int(v) and v >= 0) or (_ints(v) and all(a >= 0 for a in v))


def _sections(v: Any) -> bool:
    return (_is_int(v) and v >= 1) or _ints(v)


def _pad_width(v: Any) -> bool:
    return (_is_int(v) and v >= 0) or (_ints(v) and all(a >= 0 for a in v)) or (
        isinstance(v, (list, tuple)) and bool(v) and all(_ints(p) and 1 <= len(p) <= 2 and min(p) >= 0 for p in v))


PAD_MODES = ("constant", "reflect", "symmetric", "circular")


def _pad_mode(v: Any) -> bool:
    return v in PAD_MODES


def _norm_order(v: Any) -> bool:
    return v is None or _number(v) or v in ("fro", "nuc")


def _positive_int(v: Any) -> bool:
    return _is_int(v) and v >= 1


def _order(v: Any) -> bool:
    return _is_int(v) and v >= 1


def _subscripts(v: Any) -> bool:
    return isinstance(v, str) and bool(v)


def _reshape(v: Any) -> bool:
    return _is_int(v) or (_ints(v) and all(a >= -1 for a in v))


_EXPECTED = {
    _int: "an int", _ints: "a list of ints", _axis: "an int, a list of ints or None", _int_or_none: "an int or None",
    _bool: "true or false", _number: "a number", _number_or_none: "a number or None",
    _dtype: f"one of {', '.join(DTYPES)}", _dtype_or_none: f"None or one of {', '.join(DTYPES)}",
    _pad_width: "an int, a pair or a list of pairs of ints >= 0", _pad_mode: f"one of {', '.join(PAD_MODES)}",
    _order: "an int >= 1", _positive_int: "an int >= 1", _norm_order: "None, a number, 'fro' or 'nuc'",
    _sections: "a number of sections >= 1 or a list of split indices",
    _subscripts: "einsum subscripts such as 'bij,bjk->bik'", _int_or_ints: "an int or a list of ints",
    _positive_ints: "an int >= 0 or a list of them", _ints_or_none: "a list of ints or None",
    _reshape: "an int or a list of ints (-1: inferred)",
}

Param = Tuple[str, Any, Callable[[Any], bool]]


@dataclass(frozen=True)
class OpSpec:
    module: str
    shape: Callable[[str, Sequence[Any], Dict[str, Any], str], Shape]
    params: Tuple[Param, ...] = ()


_REDUCE = (("axis", None, _axis), ("keepdims", False, _bool))
_SOFTMAX = (("axis", -1, _int_or_none),)

SPECS: Dict[str, OpSpec] = {}
for _name in ("Add", "Subtract", "Multiply", "Divide", "TrueDivide", "Power", "Maximum", "Minimum", "FloorDivide",
              "Mod", "Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr"):
    SPECS[_name] = OpSpec(NUMPY, rules.binary)
for _name in ("Negative", "Absolute", "Abs", "Square", "Sqrt", "Exp", "Log", "Log1p", "Reciprocal", "Tanh", "Sin",
              "Cos", "Floor", "Ceil", "Sign", "Expm1", "LogicalNot"):
    SPECS[_name] = OpSpec(NUMPY, rules.elementwise)
for _name in ("Relu", "Sigmoid", "Silu", "Relu6", "Softplus", "HardSigmoid", "Selu", "LogSigmoid", "HardSilu"):
    SPECS[_name] = OpSpec(NN, rules.elementwise)
for _name in ("Erf", "Rsqrt"):
    SPECS[_name] = OpSpec(MATH, rules.elementwise)
SPECS.update({
    "Softmax": OpSpec(NN, rules.elementwise, _SOFTMAX),
    "LogSoftmax": OpSpec(NN, rules.elementwise, _SOFTMAX),
    "Gelu": OpSpec(NN, rules.elementwise, (("approximate", True, _bool),)),
    "LeakyRelu": OpSpec(NN, rules.elementwise, (("negative_slope", 0.2, _number),)),
    "Elu": OpSpec(NN, rules.elementwise, (("alpha", 1.0, _number),)),
    "ReLU": OpSpec(ACTIVATIONS, rules.elementwise,
                   (("negative_slope", 0.0, _number), ("max_value", None, _number_or_none),
                    ("threshold", 0.0, _number))),
    "Cast": OpSpec(CORE, rules.elementwise, (("dtype", _REQUIRED, _dtype),)),
    # ops.convert_to_tensor on a symbolic tensor (Attention.compute_mask records it for the mask it passes on).
    "ConvertToTensor": OpSpec(CORE, rules.elementwise, (("dtype", None, _dtype_or_none),
                                                        ("sparse", None, _false_or_none),
                                                        ("ragged", None, _false_or_none))),
    "Clip": OpSpec(NUMPY, rules.elementwise, (("x_min", _REQUIRED, _number), ("x_max", _REQUIRED, _number))),
    "Where": OpSpec(NUMPY, rules.where),
    "GetItem": OpSpec(NUMPY, rules.get_item),
    "Reshape": OpSpec(NUMPY, rules.reshape, (("newshape", _REQUIRED, _reshape),)),
    "Transpose": OpSpec(NUMPY, rules.transpose, (("axes", None, _ints_or_none),)),
    "ExpandDims": OpSpec(NUMPY, rules.expand_dims, (("axis", _REQUIRED, _int_or_ints),)),
    "Squeeze": OpSpec(NUMPY, rules.squeeze, (("axis", None, _axis),)),
    "Concatenate": OpSpec(NUMPY, rules.concatenate, (("axis", 0, _int),)),
    "Stack": OpSpec(NUMPY, rules.stack, (("axis", 0, _int),)),
    "Mean": OpSpec(NUMPY, rules.reduce, _REDUCE),
    "Sum": OpSpec(NUMPY, rules.reduce, _REDUCE),
    "Max": OpSpec(NUMPY, rules.reduce, _REDUCE + (("initial", None, _number_or_none),)),
    "Min": OpSpec(NUMPY, rules.reduce, _REDUCE + (("initial", None, _number_or_none),)),
    "Prod": OpSpec(NUMPY, rules.reduce, _REDUCE + (("dtype", None, _dtype_or_none),)),
    "Any": OpSpec(NUMPY, rules.reduce, _REDUCE),  # Concatenate's compute_mask records ops.any (masking)
    "All": OpSpec(NUMPY, rules.reduce, _REDUCE),
    "Argmax": OpSpec(NUMPY, rules.reduce, (("axis", None, _int_or_none), ("keepdims", False, _bool))),
    "Argmin": OpSpec(NUMPY, rules.reduce, (("axis", None, _int_or_none), ("keepdims", False, _bool))),
    "Round": OpSpec(NUMPY, rules.elementwise, (("decimals", 0, _int),)),
    "OnesLike": OpSpec(NUMPY, rules.elementwise, (("dtype", None, _dtype_or_none),)),
    "ZerosLike": OpSpec(NUMPY, rules.elementwise, (("dtype", None, _dtype_or_none),)),
    "Cumsum": OpSpec(NUMPY, rules.cumsum, (("axis", None, _int_or_none), ("dtype", None, _dtype_or_none))),
    "OneHot": OpSpec(NN, encoding_rules.one_hot, (("num_classes", _REQUIRED, _positive_int), ("axis", -1, _int),
                                         ("dtype", None, _dtype_or_none), ("sparse", False, _bool))),
    "Normalize": OpSpec(NN, rules.normalize,
                        (("axis", -1, _axis), ("order", 2, _order), ("epsilon", None, _number_or_none))),
    "Repeat": OpSpec(NUMPY, rules.repeat, (("repeats", _REQUIRED, _positive_ints), ("axis", None, _int_or_none))),
    "Pad": OpSpec(NUMPY, rules.pad, (("pad_width", _REQUIRED, _pad_width), ("mode", "constant", _pad_mode))),
    "Take": OpSpec(NUMPY, rules.take, (("axis", None, _int_or_none),)),
    "Split": OpSpec(NUMPY, rules.split, (("indices_or_sections", _REQUIRED, _sections), ("axis", 0, _int))),
    "Var": OpSpec(NUMPY, rules.reduce, _REDUCE),
    "Std": OpSpec(NUMPY, rules.reduce, _REDUCE),
    "Logsumexp": OpSpec(MATH, rules.reduce, _REDUCE),
    "Norm": OpSpec(LINALG, rules.norm, (("ord", None, _norm_order),) + _REDUCE),
    "Flip": OpSpec(NUMPY, rules.flip, (("axis", None, _axis),)),
    "Swapaxes": OpSpec(NUMPY, rules.swapaxes, (("axis1", _REQUIRED, _int), ("axis2", _REQUIRED, _int))),
    "Moveaxis": OpSpec(NUMPY, rules.moveaxis, (("source", _REQUIRED, _int_or_ints),
                                               ("destination", _REQUIRED, _int_or_ints))),
    "Tile": OpSpec(NUMPY, rules.tile, (("repeats", _REQUIRED, _positive_ints),)),
    "Matmul": OpSpec(NUMPY, rules.matmul),
    "Einsum": OpSpec(NUMPY, rules.einsum, (("subscripts", _REQUIRED, _subscripts),)),
    "Dot": OpSpec(NUMPY, rules.dot),
    # ops.average(x, axis) records weights=None as a call keyword; weights given as a tensor are refused.
    "Average": OpSpec(NUMPY, rules.average, (("axis", None, _int_or_none),)),
    "MultiHot": OpSpec(NN, encoding_rules.multi_hot, (("num_classes", _REQUIRED, _positive_int), ("axis", -1, _int),
                                             ("dtype", None, _dtype_or_none), ("sparse", False, _bool))),
    "Unstack": OpSpec(CORE, rules.unstack, (("num", None, _int_or_none), ("axis", 0, _int))),
})
OPERATIONS = tuple(SPECS)
# Ops whose node takes a literal besides tensors and numbers (x[:, 0]'s key of ints, slices, None, Ellipsis;
# ops.take's list of indices).
LITERAL_ARGUMENTS = ("GetItem", "Take")
# Keyword arguments an op's call takes, which its node records in "kwargs" (keras/src/ops/numpy.py pad:
# Pad(pad_width, mode)(x, constant_values=...)).
CALL_KWARGS = {"Pad": ("constant_values",), "Average": ("weights",)}


def is_operation(entry: Any) -> bool:
    """A graph entry holding a Keras op rather than a layer (its module is keras.src.ops.<...>, or the
    Operation keras.activations.relu records)."""
    if not isinstance(entry, dict):
        return False
    module = str(entry.get("module") or "")
    return module.startswith("keras.src.ops.") or module == ACTIVATIONS


def _supported() -> str:
    by_module: Dict[str, list] = {}
    for cls, spec in SPECS.items():
        by_module.setdefault(spec.module, []).append(cls)
    return "; ".join(f"{module}: {', '.join(names)}" for module, names in by_module.items())


def config_of(entry: Dict[str, Any], who: str) -> Dict[str, Any]:
    """The op's config checked as its constructor takes it: {name, arguments...} with Keras's defaults filled in,
    in Keras's order. Refuses an op the engines do not run, an unknown argument and a value of the wrong kind."""
    cls = entry.get("class_name")
    spec = SPECS.get(cls)
    if spec is None or entry.get("module") != spec.module:
        raise ConfigError(f"{who}: the operation {entry.get('module')}.{cls} is not supported; supported operations "
                          f"({_supported()})")
    given = dict(entry.get("config") or {})
    names = [p[0] for p in spec.params]
    extra = sorted(set(given) - {"name"} - set(names))
    if extra:
        takes = ", ".join(names) if names else "none"
        raise ConfigError(f"{who}: unexpected operation argument(s) {extra}; {cls} takes {takes}")
    config = {"name": given.get("name")}
    for name, default, ok in spec.params:
        if name not in given and default is _REQUIRED:
            raise ConfigError(f"{who}: {cls} needs argument '{name}' ({_EXPECTED[ok]})")
        value = given.get(name, default)
        if not ok(value):
            raise ConfigError(f"{who}: argument '{name}' of {cls}: expected {_EXPECTED[ok]}; got {value!r:.80}")
        config[name] = value
    return config


def check(entry: Dict[str, Any], who: str) -> None:
    """Refuses an op the engines do not run, or a config its constructor would not take."""
    config_of(entry, who)


def output_shape(entry: Any, args: Sequence[Any], who: str) -> Any:
    """The shape of the op's output from its arguments: a tensor as its shape, a number (or literal) as a
    graph Constant or (), a list of tensors as a list of shapes; None when an input shape is unknown; a list of
    shapes for an op with several outputs (Split).
    `entry` is the op's graph entry, or the class name of an op without arguments (Add, ...)."""
    if isinstance(entry, str):
        entry = {"module": SPECS[entry].module if entry in SPECS else MODULE, "class_name": entry, "config": {}}
    config = config_of(entry, who)
    args, config = split_keywords(args, config)
    if any(a is None or (isinstance(a, list) and any(s is None for s in a)) for a in args):
        return None
    cls = entry["class_name"]
    return SPECS[cls].shape(cls, [_shape_or_list(a) for a in args], config, who)


def split_keywords(args: Sequence[Any], config: Dict[str, Any]):
    """The positional arguments, and the config with the call's keyword arguments (graph Keywords) added."""
    keywords = {a.keyword: a.value for a in args if getattr(a, "keyword", None)}
    return [a for a in args if not getattr(a, "keyword", None)], {**config, **keywords} if keywords else config


def output_dtype(entry: Dict[str, Any], dtypes: Sequence[Any], who: str) -> str:
    """The dtype of the op's output (model_files/operation_dtypes.py): an argument's dtype is a dtype name,
    "int"/"float" for a Python number, a list of names for a list of tensors."""
    return operation_dtypes.output_dtype(entry["class_name"], dtypes, config_of(entry, who))


def _shape_or_list(arg: Any) -> Any:
    # A shape may come as a list (from JSON); a list of shapes is Concatenate's list of tensors.
    if isinstance(arg, list):
        return tuple(arg) if all(d is None or _is_int(d) for d in arg) else [_shape_or_list(a) for a in arg]
    return arg


def entry(cls: str, name: str, **arguments: Any) -> Dict[str, Any]:
    """The serialized op Keras writes (without name and inbound_nodes)."""
    spec = SPECS[cls]
    config = config_of({"module": spec.module, "class_name": cls, "config": {"name": name, **arguments}}, cls)
    return {"module": spec.module, "class_name": cls, "config": config, "registered_name": cls}
