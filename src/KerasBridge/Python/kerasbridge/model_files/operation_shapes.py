"""Output shapes of the Keras ops the engines run, engine-neutral (no torch, no keras imports).

Each rule is the op's compute_output_spec (keras/src/ops/numpy.py, nn.py, core.py, math.py) with the helpers of
keras/src/ops/operation_utils.py (broadcast_shapes, reduce_shape, compute_reshape_output_shape,
compute_transpose_output_shape, compute_expand_dims_output_shape, compute_matmul_output_shape) and
keras/src/backend/common/backend_utils.py (canonicalize_axis). A rule gets the node's arguments in order: a
tensor as its shape (a tuple), a number or literal as a Constant, a list of tensors as a list of shapes.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence

from .specs import ConfigError, Shape, format_shape


def _constant_value(arg: Any) -> Any:
    return getattr(arg, "value", arg)


def _is_shape(arg: Any) -> bool:
    return isinstance(arg, tuple)


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


def canonicalize_axis(axis: int, ndim: int, who: str, what: str = "axis") -> int:
    """backend_utils.canonicalize_axis: -ndim <= axis < ndim, negative counted from the end."""
    if not -ndim <= axis < ndim:
        raise ConfigError(f"{who}: {what} {axis} is out of bounds for a tensor of rank {ndim}")
    return axis % ndim


def _axes(axis: Any) -> Optional[List[int]]:
    return None if axis is None else [axis] if isinstance(axis, int) else list(axis)


# ---------------------------------------------------------------------------------------------- arguments
def tensors(cls: str, args: Sequence[Any], count: int, who: str, numbers: bool = False) -> List[Shape]:
    """The shapes of an op's `count` arguments; numbers (shape ()) where `numbers` allows them."""
    if len(args) != count:
        raise ConfigError(f"{who}: {cls} takes {count} argument(s); got {len(args)}")
    out = []
    for i, arg in enumerate(args):
        if _is_shape(arg):
            out.append(arg)
        elif numbers and isinstance(_constant_value(arg), (int, float)) and not isinstance(arg, list):
            out.append(())
        else:
            kind = "a Keras tensor or a number" if numbers else "a Keras tensor"
            raise ConfigError(f"{who}: argument {i + 1} of {cls} must be {kind}; got {_constant_value(arg)!r:.80}")
    return out


def tensor_list(cls: str, args: Sequence[Any], who: str) -> List[Shape]:
    if len(args) != 1 or not isinstance(args[0], list) or not args[0] or not all(_is_shape(a) for a in args[0]):
        raise ConfigError(f"{who}: {cls} takes one list of Keras tensors; got {len(args)} argument(s)")
    return list(args[0])


# ---------------------------------------------------------------------------------------------- rules
def elementwise(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    return tensors(cls, args, 1, who)[0]


def binary(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    s1, s2 = tensors(cls, args, 2, who, numbers=True)
    return broadcast_shapes(s1, s2, who)


def where(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    condition, x1, x2 = tensors(cls, args, 3, who, numbers=True)
    return broadcast_shapes(broadcast_shapes(condition, x1, who), x2, who)


def reshape(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """compute_reshape_output_shape: newshape includes the batch axis; one -1 is inferred when all is known."""
    shape = tensors(cls, args, 1, who)[0]
    newshape = config["newshape"]
    newshape = [newshape] if isinstance(newshape, int) else list(newshape)
    if newshape.count(-1) > 1:
        raise ConfigError(f"{who}: argument 'newshape' may hold at most one -1; got {newshape}")
    if None in shape:
        return tuple(None if d == -1 else d for d in newshape)
    size = math.prod(shape)
    known = math.prod(d for d in newshape if d != -1)
    if -1 not in newshape:
        if known != size:
            raise ConfigError(f"{who}: cannot reshape a tensor of shape {format_shape(shape)} to {tuple(newshape)}: "
                              f"the total size must be unchanged")
        return tuple(newshape)
    if known == 0 or size % known:
        raise ConfigError(f"{who}: cannot reshape a tensor of shape {format_shape(shape)} to {tuple(newshape)}")
    return tuple(size // known if d == -1 else d for d in newshape)


def transpose(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = list(tensors(cls, args, 1, who)[0])
    axes = config["axes"]
    if axes is None:
        return tuple(shape[::-1])
    if len(axes) != len(shape):
        raise ConfigError(f"{who}: argument 'axes' must list the {len(shape)} axes of the input "
                          f"{format_shape(tuple(shape))}; got {list(axes)}")
    normalized = [canonicalize_axis(a, len(shape), who, "axes entry") for a in axes]
    if len(set(normalized)) != len(shape):
        raise ConfigError(f"{who}: argument 'axes' must be a permutation (no duplicates); got {list(axes)}")
    return tuple(shape[a] for a in normalized)


def expand_dims(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = list(tensors(cls, args, 1, who)[0])
    axes = _axes(config["axis"])
    ndim = len(axes) + len(shape)
    axes = [canonicalize_axis(a, ndim, who) for a in axes]
    it = iter(shape)
    return tuple(1 if a in axes else next(it) for a in range(ndim))


def squeeze(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = list(tensors(cls, args, 1, who)[0])
    axes = _axes(config["axis"])
    if axes is None:
        return tuple(d for d in shape if d != 1)
    axes = [canonicalize_axis(a, len(shape), who) for a in axes]
    for a in axes:
        if shape[a] != 1:
            raise ConfigError(f"{who}: cannot squeeze axis {a} of {format_shape(tuple(shape))}: its size is not 1")
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def concatenate(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shapes = tensor_list(cls, args, who)
    first = list(shapes[0])
    axis = canonicalize_axis(config["axis"], len(first), who)
    total: Optional[int] = 0
    for s in shapes:
        if len(s) != len(first) or any(a is not None and b is not None and a != b
                                       for i, (a, b) in enumerate(zip(s, first)) if i != axis):
            raise ConfigError(f"{who}: every tensor must have the shape of the first, {format_shape(tuple(first))}, "
                              f"except on axis {axis}; got {format_shape(tuple(s))}")
        total = None if total is None or s[axis] is None else total + s[axis]
    first[axis] = total
    return tuple(first)


def stack(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shapes = tensor_list(cls, args, who)
    first = list(shapes[0])
    axis = canonicalize_axis(config["axis"], len(first) + 1, who)
    for s in shapes:
        if len(s) != len(first) or any(a is not None and b is not None and a != b for a, b in zip(s, first)):
            raise ConfigError(f"{who}: every tensor must have the shape of the first, {format_shape(tuple(first))}; "
                              f"got {format_shape(tuple(s))}")
    first.insert(axis, len(shapes))
    return tuple(first)


def reduce(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """operation_utils.reduce_shape."""
    shape = list(tensors(cls, args, 1, who)[0])
    axes = _axes(config.get("axis"))
    keepdims = bool(config.get("keepdims"))
    if axes is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = [canonicalize_axis(a, len(shape), who) for a in axes]
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def matmul(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """compute_matmul_output_shape (1-D operands promoted, then the added axis removed, as np.matmul)."""
    s1, s2 = tensors(cls, args, 2, who)
    if not s1 or not s2:
        raise ConfigError(f"{who}: Matmul takes tensors of rank 1 or more; got {format_shape(s1)} and "
                          f"{format_shape(s2)}")
    one1, one2 = len(s1) == 1, len(s2) == 1
    s1 = (1, s1[0]) if one1 else s1
    s2 = (s2[0], 1) if one2 else s2
    if s1[-1] is not None and s2[-2] is not None and s1[-1] != s2[-2]:
        raise ConfigError(f"{who}: inner dimensions must be equal; got {format_shape(s1)} and {format_shape(s2)}")
    out = list(broadcast_shapes(s1[:-2], s2[:-2], who)) + [s1[-2], s2[-1]]
    if one1:
        del out[-2]
    if one2:
        del out[-1]
    return tuple(out)


def dot(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Dot.compute_output_spec (a scalar operand multiplies)."""
    s1, s2 = (list(s) for s in tensors(cls, args, 2, who))
    if not s1 or not s2:
        return broadcast_shapes(s1, s2, who)
    if len(s1) == 1 and len(s2) == 1:
        return ()
    if len(s2) == 1:
        if s1[-1] != s2[0]:
            raise ConfigError(f"{who}: the last axis of x1 {format_shape(tuple(s1))} must match x2 "
                              f"{format_shape(tuple(s2))}")
        return tuple(s1[:-1])
    if s1[-1] is None or s2[-2] is None or s1[-1] == s2[-2]:
        return tuple(s1[:-1] + s2[:-2] + s2[-1:])
    raise ConfigError(f"{who}: the last axis of x1 {format_shape(tuple(s1))} must match the second last of x2 "
                      f"{format_shape(tuple(s2))}")


def get_item(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """GetItem.compute_output_spec: ints drop an axis, slices keep it, None adds one, one Ellipsis fills."""
    if len(args) != 2 or not _is_shape(args[0]) or _is_shape(args[1]):
        raise ConfigError(f"{who}: GetItem takes a Keras tensor and a key of ints, slices, None and Ellipsis")
    shape, key = list(args[0]), _constant_value(args[1])
    if not (isinstance(key, (list, tuple)) or (isinstance(key, int) and not isinstance(key, bool))):
        # As Keras: x[1:3], x[None], x[...] on a KerasTensor are refused; x[(None,)] is the form it takes.
        raise ConfigError(f"{who}: unsupported key type for array slice: a GetItem key is an int or a list of "
                          f"entries (x[(None,)] for x[None]); got {key!r:.80}")
    remaining = list(key) if isinstance(key, (list, tuple)) else [key]
    for k in remaining:
        if not (k is None or k is Ellipsis or isinstance(k, slice) or (isinstance(k, int) and not isinstance(k, bool))):
            raise ConfigError(f"{who}: a key entry must be an int, a slice, None or Ellipsis; got {k!r:.80}")
        if isinstance(k, slice) and not all(v is None or isinstance(v, int) for v in (k.start, k.stop, k.step)):
            raise ConfigError(f"{who}: slice bounds must be ints or None; got {k}")
        if isinstance(k, slice) and k.step is not None and k.step <= 0:
            raise ConfigError(f"{who}: slice steps must be positive (torch has no negative steps); got {k}")
    if remaining.count(Ellipsis) > 1:
        raise ConfigError(f"{who}: a key may hold only one Ellipsis; got {key}")
    if Ellipsis not in remaining:
        remaining.append(Ellipsis)
    out: List[Optional[int]] = []
    while remaining:
        k = remaining.pop(0)
        if k is Ellipsis:
            consumed = len(shape) - (len(remaining) - remaining.count(None))
            out += shape[:consumed]
            shape = shape[consumed:]
            continue
        if k is None:
            out.append(1)
            continue
        if not shape:
            raise ConfigError(f"{who}: the key {key} has more indices than the tensor {format_shape(tuple(args[0]))}")
        length = shape.pop(0)
        if isinstance(k, slice):
            out.append(None if length is None else len(range(*k.indices(length))))
        elif length is not None and not -length <= k < length:
            raise ConfigError(f"{who}: index {k} is out of bounds for an axis of size {length}")
    return tuple(out)


def flip(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = tensors(cls, args, 1, who)[0]
    for a in _axes(config["axis"]) or []:
        canonicalize_axis(a, len(shape), who)
    return shape


def swapaxes(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = list(tensors(cls, args, 1, who)[0])
    a1 = canonicalize_axis(config["axis1"], len(shape), who, "axis1")
    a2 = canonicalize_axis(config["axis2"], len(shape), who, "axis2")
    shape[a1], shape[a2] = shape[a2], shape[a1]
    return tuple(shape)


def moveaxis(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Moveaxis.compute_output_spec: the moved axes at their destinations, the others in order."""
    shape = list(tensors(cls, args, 1, who)[0])
    sources = [canonicalize_axis(a, len(shape), who, "source") for a in _axes(config["source"])]
    destinations = [canonicalize_axis(a, len(shape), who, "destination") for a in _axes(config["destination"])]
    if len(sources) != len(destinations):
        raise ConfigError(f"{who}: 'source' and 'destination' must list as many axes; got {config['source']} "
                          f"and {config['destination']}")
    order = [a for a in range(len(shape)) if a not in sources]
    for destination, source in sorted(zip(destinations, sources)):
        order.insert(destination, source)
    return tuple(shape[a] for a in order)


def tile(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    shape = list(tensors(cls, args, 1, who)[0])
    repeats = _axes(config["repeats"])
    if len(shape) > len(repeats):
        repeats = [1] * (len(shape) - len(repeats)) + repeats
    else:
        shape = [1] * (len(repeats) - len(shape)) + shape
    return tuple(None if d is None else d * r for d, r in zip(shape, repeats))


def einsum(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Einsum.compute_output_spec: each letter's size from the operands (1 broadcasts, None unknown), "..." the
    broadcast of the axes no letter names; without "->" the output is "..." then the letters used once, sorted."""
    subscripts = config["subscripts"].replace(" ", "")
    inputs, _, output = subscripts.partition("->")
    specs = inputs.split(",")
    shapes = tensors(cls, args, len(args), who)
    if len(specs) != len(shapes) or subscripts.count("->") > 1:
        raise ConfigError(f"{who}: subscripts {config['subscripts']!r} name {len(specs)} operand(s); got {len(shapes)}")
    sizes: Dict[str, Optional[int]] = {}
    ellipsis: Shape = ()
    for spec, shape in zip(specs, shapes):
        letters = spec.replace("...", "")
        if not letters.isalpha() and letters or ("..." not in spec and len(letters) != len(shape)) \
                or len(letters) > len(shape):
            raise ConfigError(f"{who}: subscripts {spec!r} do not fit an operand of shape {format_shape(shape)}")
        head = spec.index("...") if "..." in spec else len(letters)
        named = list(shape[:head]) + list(shape[len(shape) - (len(letters) - head):])
        ellipsis = broadcast_shapes(ellipsis, shape[head:len(shape) - (len(letters) - head)], who)
        for letter, size in zip(letters, named):
            known = sizes.get(letter, 1)
            sizes[letter] = broadcast_shapes((known,), (size,), who)[0] if letter in sizes else size
    if "->" not in subscripts:
        once = sorted(c for c in set(inputs) if c.isalpha() and inputs.count(c) == 1)
        output = "..." + "".join(once)
    out: List[Optional[int]] = []
    for part in output.split("..."):
        out.extend(sizes[c] if c in sizes else _unknown_letter(c, who) for c in part)
        out.extend(ellipsis)
    return tuple(out[:len(out) - len(ellipsis)])


def _unknown_letter(letter: str, who: str) -> Optional[int]:
    raise ConfigError(f"{who}: output subscript {letter!r} is not among the operands' subscripts")


def cumsum(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Cumsum.compute_output_spec: axis None sums along the flattened tensor (batch included)."""
    shape = tensors(cls, args, 1, who)[0]
    if config["axis"] is None:
        return (None,) if None in shape else (math.prod(shape),)
    canonicalize_axis(config["axis"], len(shape), who)
    return shape


def normalize(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Normalize: the input's shape. An order other than 2 takes Keras's linalg.norm, a vector norm over one axis here
    (over several axes Keras takes a matrix norm, which the engines do not compute)."""
    if config["order"] != 2 and not isinstance(config["axis"], int):
        raise ConfigError(f"{who}: order {config['order']} over axis {config['axis']} is a matrix norm, which is not "
                          f"supported; use order 2 or one axis")
    return flip(cls, args, config, who)


def split(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> List[Shape]:
    """_compute_split_output_spec: one shape per piece (Split is an op with several output tensors)."""
    shape = list(tensors(cls, args, 1, who)[0])
    axis = canonicalize_axis(config["axis"], len(shape), who)
    size, sections = shape[axis], config["indices_or_sections"]
    if isinstance(sections, int):
        if size is not None and size % sections:
            raise ConfigError(f"{who}: axis {axis} of size {size} cannot be split into {sections} equal sections")
        sizes: List[Optional[int]] = [None if size is None else size // sections] * sections
    else:
        bounds = [0] + list(sections) + [size]
        sizes = [None if a is None or b is None else b - a for a, b in zip(bounds, bounds[1:])]
        if any(s is not None and s < 0 for s in sizes):
            raise ConfigError(f"{who}: the split indices {list(sections)} must increase within the axis of size {size}")
    return [tuple(shape[:axis] + [s] + shape[axis + 1:]) for s in sizes]


def _literal_shape(value: Any) -> Shape:
    # np.array(indices).shape for a nested list of ints.
    shape: List[Optional[int]] = []
    while isinstance(value, list):
        shape.append(len(value))
        value = value[0] if value else None
    return tuple(shape)


def take(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Take.compute_output_spec: the indices' shape in place of the axis (axis None: of the flattened tensor)."""
    if len(args) != 2 or not _is_shape(args[0]):
        raise ConfigError(f"{who}: Take takes a Keras tensor and indices (a tensor or a list of ints)")
    shape, indices = list(args[0]), args[1]
    if not _is_shape(indices):
        value = _constant_value(indices)
        if not _is_int_literal(value):
            raise ConfigError(f"{who}: the indices of Take must be a Keras tensor, an int or a list of ints; "
                              f"got {value!r:.80}")
        indices = _literal_shape(value)
    if config["axis"] is None:
        return tuple(indices)
    axis = canonicalize_axis(config["axis"], len(shape), who)
    return tuple(shape[:axis]) + tuple(indices) + tuple(shape[axis + 1:])


def _is_int_literal(value: Any) -> bool:
    if isinstance(value, list):
        return all(_is_int_literal(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool)


def repeat(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Repeat.compute_output_spec: one count repeats every entry, a list gives each entry its own count."""
    shape = list(tensors(cls, args, 1, who)[0])
    repeats = _axes(config["repeats"])
    if config["axis"] is None:
        if None in shape:
            return (None,)
        size = math.prod(shape)
        if len(repeats) not in (1, size):
            raise ConfigError(f"{who}: 'repeats' must hold 1 or {size} counts (the flattened size); got {len(repeats)}")
        return (size * repeats[0] if len(repeats) == 1 else sum(repeats),)
    axis = canonicalize_axis(config["axis"], len(shape), who)
    if shape[axis] is None:
        return tuple(shape)
    if len(repeats) not in (1, shape[axis]):
        raise ConfigError(f"{who}: 'repeats' must hold 1 or {shape[axis]} counts (axis {axis}); got {len(repeats)}")
    shape[axis] = shape[axis] * repeats[0] if len(repeats) == 1 else sum(repeats)
    return tuple(shape)


def pad_widths(pad_width: Any, ndim: int, who: str) -> List[List[int]]:
    """Pad._process_pad_width, then one (before, after) pair per axis."""
    if isinstance(pad_width, int):
        pairs = [[pad_width, pad_width]]
    elif isinstance(pad_width[0], int):
        pairs = [list(pad_width)]
    else:
        pairs = [[p[0], p[0]] if len(p) == 1 else list(p) for p in pad_width]
    if len(pairs) == 1:
        pairs = pairs * ndim
    if len(pairs) != ndim:
        raise ConfigError(f"{who}: 'pad_width' must give one pair per axis ({ndim}) or one for all; got {pad_width}")
    return pairs


def pad(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Pad.compute_output_spec: each known axis grows by its two widths."""
    shape = tensors(cls, args, 1, who)[0]
    if config.get("constant_values") is not None and config["mode"] != "constant":
        raise ConfigError(f"{who}: 'constant_values' is only taken with mode 'constant'; got mode {config['mode']!r}")
    pairs = pad_widths(config["pad_width"], len(shape), who)
    return tuple(None if d is None else d + a + b for d, (a, b) in zip(shape, pairs))


def norm(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Norm.compute_output_spec: a vector norm over one axis, a matrix norm over two (ord None, fro, nuc, +-1, +-2)."""
    shape = tensors(cls, args, 1, who)[0]
    count = len(shape) if config["axis"] is None else len(_axes(config["axis"]))
    order = config["ord"]
    if count == 1 and isinstance(order, str):
        raise ConfigError(f"{who}: ord {order!r} is a matrix norm; a norm over one axis takes a number or None")
    if count == 2 and order not in (None, "fro", "nuc", 1, -1, 2, -2):
        raise ConfigError(f"{who}: a matrix norm (two axes) takes ord None, 'fro', 'nuc', 1, -1, 2 or -2; "
                          f"got {order!r}")
    if count > 2 and order is not None:
        raise ConfigError(f"{who}: a norm over {count} axes takes ord None; got {order!r}")
    return reduce(cls, args, config, who)


def average(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> Shape:
    """Average.compute_output_spec without weights: () for axis None, else the axis removed."""
    if config.get("weights") is not None:
        raise ConfigError(f"{who}: weights must be None (weighted averages are not supported); got "
                          f"{config['weights']!r:.80}")
    return reduce(cls, args, {"axis": config["axis"], "keepdims": False}, who)


def unstack(cls: str, args: Sequence[Any], config: Dict[str, Any], who: str) -> List[Shape]:
    """Unstack.compute_output_spec: `num` (or the axis's size) tensors without that axis."""
    shape = list(tensors(cls, args, 1, who)[0])
    axis = canonicalize_axis(config["axis"], len(shape), who)
    num, size = config["num"], shape[axis]
    if num is None and size is None:
        raise ConfigError(f"{who}: cannot infer num from shape {format_shape(tuple(shape))}; give num or a tensor "
                          f"whose axis {axis} has a known size")
    if num is not None and size is not None and num != size:
        raise ConfigError(f"{who}: num={num} differs from the size {size} of axis {axis}")
    return [tuple(shape[:axis] + shape[axis + 1:])] * (size if num is None else num)
