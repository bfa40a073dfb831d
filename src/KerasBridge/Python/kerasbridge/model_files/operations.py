"""Keras operations as nodes of a Functional graph, engine-neutral (no torch, no keras imports).

Keras 3 lets raw ops be applied to symbolic tensors (`x + 3.0`, `a * b`, `keras.ops.sqrt(x)`); the Functional
model then holds the op (an Operation, not a Layer) as one of its graph entries:
{"module": "keras.src.ops.numpy", "class_name": "Add", "config": {"name": "add"}, "registered_name": "Add",
"inbound_nodes": [{"args": [<tensor>, 3.0], "kwargs": {}}]}. Such entries are left out of `model.layers` (and
so of the weights file) but are in `model.operations`, the config and the summary
(keras/src/models/functional.py: the `layers` property keeps the Layer instances of `_operations`).

Follows keras/src/ops/numpy.py (the op classes; their auto-generated get_config is just {"name"}) and
keras/src/ops/operation_utils.py (broadcast_shapes) for shapes.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from .specs import ConfigError, Shape, format_shape

MODULE = "keras.src.ops.numpy"

# Element-wise ops of two arguments (tensors or constants, broadcast) and of one tensor.
BINARY = ("Add", "Subtract", "Multiply", "Divide", "TrueDivide", "Power", "Maximum", "Minimum", "FloorDivide", "Mod")
UNARY = ("Negative", "Absolute", "Abs", "Square", "Sqrt", "Exp", "Log")
OPERATIONS = BINARY + UNARY


def is_operation(entry: Any) -> bool:
    """A graph entry holding a Keras op rather than a layer (its module is keras.src.ops.<...>)."""
    return isinstance(entry, dict) and str(entry.get("module") or "").startswith("keras.src.ops.")


def check(entry: Dict[str, Any], who: str) -> None:
    """Refuses an op the engines do not run, or one with arguments beyond its name."""
    cls = entry.get("class_name")
    if entry.get("module") != MODULE or cls not in OPERATIONS:
        raise ConfigError(f"{who}: the operation {entry.get('module')}.{cls} is not supported; supported operations "
                          f"({MODULE}): {', '.join(OPERATIONS)}")
    config = entry.get("config") or {}
    extra = sorted(set(config) - {"name"})
    if extra:
        raise ConfigError(f"{who}: unexpected operation argument(s) {extra}; {cls} takes none")


def broadcast_shapes(shape1: Sequence[Optional[int]], shape2: Sequence[Optional[int]], who: str) -> Shape:
    """keras/src/ops/operation_utils.py broadcast_shapes (None: unknown)."""
    s1, s2 = list(shape1), list(shape2)
    if len(s1) > len(s2):
        s2 = [1] * (len(s1) - len(s2)) + s2
    if len(s1) < len(s2):
        s1 = [1] * (len(s2) - len(s1)) + s1
    out: List[Optional[int]] = list(s1)
    for i, (a, b) in enumerate(zip(s1, s2)):
        if a == 1:
            out[i] = b
        elif a is None:
            out[i] = None if b == 1 else b
        elif not (b == 1 or b is None or b == a):
            raise ConfigError(f"{who}: cannot broadcast shapes {format_shape(tuple(shape1))} and "
                              f"{format_shape(tuple(shape2))} (dimension {a} against {b})")
    return tuple(out)


def output_shape(cls: str, shapes: Sequence[Optional[Shape]], who: str) -> Optional[Shape]:
    """The shape of the op's output from the shapes of its arguments (a constant's shape is ())."""
    if any(s is None for s in shapes):
        return None
    if cls in UNARY:
        if len(shapes) != 1:
            raise ConfigError(f"{who}: {cls} takes one tensor; got {len(shapes)} arguments")
        return tuple(shapes[0])
    if len(shapes) != 2:
        raise ConfigError(f"{who}: {cls} takes two arguments; got {len(shapes)}")
    return broadcast_shapes(shapes[0], shapes[1], who)


def entry(cls: str, name: str) -> Dict[str, Any]:
    """The serialized op Keras writes (without name and inbound_nodes)."""
    return {"module": MODULE, "class_name": cls, "config": {"name": name}, "registered_name": cls}
