"""Keras ops (keras.src.ops.numpy Add, Mean, GetItem, Concatenate, ...; keras.src.ops.nn Relu, Softmax, ...) as
steps of a Functional model on PyTorch: what `x + 3.0`, `x[:, 0]` or `keras.ops.mean(x, axis=1)` on symbolic tensors
puts in a Keras model (kerasbridge.model_files.operations has the graph side: configs and shapes). Each op runs the
torch calls of Keras's torch backend (keras/src/backend/torch/numpy.py, nn.py, math.py, core.py): a number argument
becomes a float32 (or int32) tensor as convert_to_tensor makes it, then the torch function Keras calls. All of them
are differentiable torch calls, so models with ops in the middle train as in Keras."""

import torch
import torch.nn.functional as tnn

from kerasbridge.model_files import operations as spec
from kerasbridge.model_files.graph import Constant
from kerasbridge.model_files.operation_shapes import pad_widths
from kerasbridge.model_files.specs import ConfigError
from kerasbridge.torch_engine.activation_layers import keras_relu
from kerasbridge.torch_engine import operations_extra

_TORCH_DTYPES = {
    "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64,
    "int8": torch.int8, "int16": torch.int16, "int32": torch.int32, "int64": torch.int64, "uint8": torch.uint8,
    "bool": torch.bool,
}
assert set(_TORCH_DTYPES) == set(spec.DTYPES)


def _number(value, like):
    # convert_to_tensor: a Python float becomes floatx (float32), an int int32, a bool bool.
    dtype = torch.bool if isinstance(value, bool) else torch.int32 if isinstance(value, int) else torch.float32
    return torch.tensor(value, dtype=dtype, device=like.device)


def _tensors(args):
    """The node's arguments as tensors (numbers converted as convert_to_tensor does, on the others' device)."""
    like = next(a for a in args if isinstance(a, torch.Tensor))
    return [_number(a.value, like) if isinstance(a, Constant) else a for a in args]


def _axes(axis):
    return None if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)


def _float_compute(x):
    # Keras's torch backend computes in float32 what torch cannot on CPU in float16 (nn.softmax, numpy.prod).
    return x.float() if x.dtype == torch.float16 and x.device.type == "cpu" else x


# ---------------------------------------------------------------------------------------------- numpy.py
def _floor_divide(x1, x2):
    return torch.floor_divide(x1, x2).to(torch.result_type(x1, x2))


_BINARY = {
    "Add": torch.add, "Subtract": torch.subtract, "Multiply": torch.multiply, "Divide": torch.divide,
    "TrueDivide": torch.divide, "Power": torch.pow, "Maximum": torch.maximum, "Minimum": torch.minimum,
    "FloorDivide": _floor_divide, "Mod": torch.remainder, "Greater": torch.greater,
    "GreaterEqual": torch.greater_equal, "Less": torch.less, "LessEqual": torch.less_equal, "Equal": torch.eq,
    "NotEqual": torch.not_equal, "LogicalAnd": torch.logical_and, "LogicalOr": torch.logical_or,
}
_UNARY = {
    "Negative": torch.negative, "Absolute": torch.abs, "Abs": torch.abs, "Square": torch.square, "Sqrt": torch.sqrt,
    "Exp": torch.exp, "Log": torch.log, "Log1p": torch.log1p, "Reciprocal": torch.reciprocal, "Tanh": torch.tanh,
    "Sin": torch.sin, "Cos": torch.cos, "Relu": tnn.relu, "Sigmoid": torch.sigmoid, "Silu": tnn.silu,
    "Erf": torch.erf, "Rsqrt": torch.rsqrt, "Relu6": tnn.relu6, "Softplus": tnn.softplus,
    "HardSigmoid": tnn.hardsigmoid, "Selu": tnn.selu, "LogSigmoid": tnn.logsigmoid, "HardSilu": tnn.hardswish,
    "Sign": torch.sign, "LogicalNot": torch.logical_not,
}


def _floating(x):
    # result_type(x, float): an integer or bool tensor becomes floatx (numpy.floor / ceil).
    return x if x.dtype.is_floating_point else x.to(torch.float32)


def _ceil(args, config):
    x = args[0]
    dtype = x.dtype if x.dtype.is_floating_point else torch.float32
    x = x.to(torch.uint8) if x.dtype == torch.bool else _float_compute(x)
    return torch.ceil(x).to(dtype)


def _var(args, config):
    x, axis = args[0], config["axis"]
    result = x.dtype if x.dtype.is_floating_point else torch.float32
    if axis == [] or axis == ():
        return torch.zeros_like(x, dtype=result)
    compute = torch.promote_types(x.dtype, torch.float32) if x.dtype.is_floating_point else torch.float32
    axes = tuple(range(x.ndim)) if axis is None else _axes(axis)
    return torch.var(x.to(compute), dim=axes, keepdim=config["keepdims"], unbiased=False).to(result)


def _std(args, config):
    x, axis = args[0], config["axis"]
    x = x if x.dtype.is_floating_point else x.to(torch.float32)
    axes = tuple(range(x.ndim)) if axis is None else _axes(axis)
    return torch.std(x, dim=axes, keepdim=config["keepdims"], unbiased=False)


def _norm(args, config):
    # linalg.norm: torch.linalg.norm in floatx for integer input; one axis is written [axis] (Norm.__init__).
    x = _floating(args[0])
    axis = config["axis"]
    return torch.linalg.norm(x, ord=config["ord"], dim=[axis] if isinstance(axis, int) else axis,
                             keepdim=config["keepdims"])


def _logsumexp(args, config):
    x, axis = args[0], config["axis"]
    return torch.logsumexp(x, dim=tuple(range(x.ndim)) if axis is None else _axes(axis), keepdim=config["keepdims"])


def _flip(args, config):
    x, axis = args[0], config["axis"]
    return torch.flip(x, dims=tuple(range(x.ndim)) if axis is None else _axes(axis))


def _tile(args, config):
    return torch.tile(args[0], dims=_axes(config["repeats"]))


def _where(args, config):
    condition, x1, x2 = _tensors(args)
    return torch.where(condition.to(torch.bool), x1, x2)


def _get_item(args, config):
    x, key = args[0], args[1].value
    return x[tuple(key) if isinstance(key, list) else key]


def _reshape(args, config):
    newshape = config["newshape"]
    return torch.reshape(args[0], (newshape,) if isinstance(newshape, int) else tuple(newshape))


def _transpose(args, config):
    x = args[0]
    axes = config["axes"]
    return torch.permute(x, dims=tuple(axes) if axes is not None else tuple(reversed(range(x.ndim))))


def _expand_dims(args, config):
    x = args[0]
    axes = _axes(config["axis"])
    ndim = x.ndim + len(axes)
    for a in sorted(a % ndim for a in axes):
        x = torch.unsqueeze(x, dim=a)
    return x


def _squeeze(args, config):
    x, axis = args[0], config["axis"]
    if axis is None:
        return torch.squeeze(x)
    for a in sorted((a % x.ndim for a in _axes(axis)), reverse=True):  # torch 1.13 squeezes one dim at a time
        x = torch.squeeze(x, dim=a)
    return x


def _sum(args, config):
    x, axis = args[0], config["axis"]
    if axis == [] or axis == ():
        return x
    dtype = torch.int32 if x.dtype in (torch.bool, torch.uint8, torch.int8, torch.int16) else x.dtype
    if axis is None:
        out = torch.sum(x, dim=tuple(range(x.ndim)), keepdim=True) if config["keepdims"] else torch.sum(x)
    else:
        out = torch.sum(x, dim=_axes(axis), keepdim=config["keepdims"])
    return out.to(dtype)


def _mean(args, config):
    x, axis = args[0], config["axis"]
    if axis == [] or axis == ():
        return x
    result = x.dtype if x.dtype.is_floating_point else torch.float32
    compute = torch.promote_types(x.dtype, torch.float32) if x.dtype.is_floating_point else torch.float32
    axes = tuple(range(x.ndim)) if axis is None else _axes(axis)
    return torch.mean(x.to(compute), axes, config["keepdims"]).to(result)


def _logical_reduce(reduce):
    """numpy.any / numpy.all of Keras's torch backend: over the axes one at a time (torch reduces one dim), on bools."""
    def run(args, config):
        x, axis = args[0].bool(), config["axis"]
        axes = range(x.ndim) if axis is None else _axes(axis)
        for a in sorted((a % x.ndim for a in axes), reverse=True):
            x = reduce(x, dim=a, keepdim=config["keepdims"])
        return x
    return run


def _extreme(reduce_all, reduce_axes, combine):
    def run(args, config):
        x, axis, initial = args[0], config["axis"], config["initial"]
        if axis is None:
            out = reduce_all(x)
            if config["keepdims"]:
                out = out.reshape((1,) * x.ndim)
        else:
            out = reduce_axes(x, dim=_axes(axis), keepdim=config["keepdims"])
        if initial is not None:
            out = combine(out, torch.full(out.shape, initial, dtype=out.dtype, device=out.device))
        return out
    return run


def _prod(args, config):
    x = args[0]
    dtype = config["dtype"]
    if dtype is None:
        dtype = torch.int32 if x.dtype in (torch.bool, torch.int8, torch.int16, torch.uint8) else x.dtype
    else:
        dtype = _TORCH_DTYPES[dtype]
    compute = torch.float32 if dtype == torch.float16 and x.device.type == "cpu" else dtype
    if config["axis"] is None:
        out = torch.prod(x, dtype=compute).to(dtype)
        return out.reshape((1,) * x.ndim) if config["keepdims"] else out
    for a in sorted((a % x.ndim for a in _axes(config["axis"])), reverse=True):
        x = torch.prod(x, dim=a, keepdim=config["keepdims"], dtype=compute).to(dtype)
    return x


def _arg(fn):
    def run(args, config):
        x = args[0]
        if x.dtype == torch.bool:
            x = x.to(torch.uint8)
        if config["axis"] is None:  # numpy: over the flattened tensor
            out = fn(x.reshape(-1), dim=0)
            out = out.reshape((1,) * x.ndim) if config["keepdims"] else out
        else:
            out = fn(x, dim=config["axis"], keepdim=config["keepdims"])
        return out.to(torch.int32)
    return run


def _matmul(args, config):
    x1, x2 = args
    result = torch.result_type(x1, x2)
    compute = torch.float32 if result == torch.bool or (result == torch.float16 and x1.device.type == "cpu") else result
    return torch.matmul(x1.to(compute), x2.to(compute)).to(result)


def _dot(args, config):
    x1, x2 = args
    result = torch.result_type(x1, x2)
    compute = torch.promote_types(result, torch.float32) if not result.is_floating_point else result
    if compute == torch.float16 and x1.device.type == "cpu":
        compute = torch.float32
    x1, x2 = x1.to(compute), x2.to(compute)
    out = torch.multiply(x1, x2) if x1.ndim == 0 or x2.ndim == 0 else torch.matmul(x1, x2)
    return out.to(result)


def _einsum(args, config):
    if all(a.dtype == torch.int8 for a in args):  # Keras computes int8 operands in int32
        return torch.einsum(config["subscripts"], *[a.to(torch.int32) for a in args])
    return torch.einsum(config["subscripts"], *args)


def _clip(args, config):
    x = args[0]
    if x.dtype == torch.float16 and x.device.type == "cpu":
        return torch.clip(x.float(), min=config["x_min"], max=config["x_max"]).half()
    return torch.clip(x.to(torch.int32) if x.dtype == torch.bool else x, min=config["x_min"], max=config["x_max"])


# ---------------------------------------------------------------------------------------------- nn.py, core.py
def _softmax(fn):
    def run(args, config):
        x, axis = args[0], config["axis"]
        dtype = x.dtype
        x = _float_compute(x)
        out = fn(x.reshape(-1), dim=-1).reshape(x.shape) if axis is None else fn(x, dim=axis)
        return out.to(dtype)
    return run


def _round(args, config):
    x = args[0]
    if x.dtype.is_floating_point:
        return torch.round(x, decimals=config["decimals"])
    return torch.round(x.to(torch.float32), decimals=config["decimals"]).to(x.dtype)


def _like(fill):
    def run(args, config):
        x = args[0]
        return fill(x, dtype=_TORCH_DTYPES[config["dtype"]] if config["dtype"] else x.dtype)
    return run


def _cumsum(args, config):
    x, axis = args[0], config["axis"]
    if axis is None:
        x, axis = x.flatten(), 0
    dtype = _TORCH_DTYPES[config["dtype"]] if config["dtype"] else x.dtype
    if dtype == torch.bool:
        dtype = torch.int32
    elif dtype == torch.float16 and x.device.type == "cpu":
        return torch.cumsum(x, dim=axis, dtype=torch.float32).half()
    return torch.cumsum(x, dim=axis, dtype=dtype)


def _normalize(args, config):
    # keras/src/ops/nn.py _normalize: order 2 as x * min(rsqrt(sum(x^2)), 1/epsilon), else x / max(norm, epsilon).
    x, axis, order = args[0], config["axis"], config["order"]
    epsilon = 1e-7 if config["epsilon"] is None else config["epsilon"]
    dims = _axes(axis)
    if order == 2:
        inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=dims, keepdim=True))
        return x * torch.minimum(inv_norm, _number(1.0 / epsilon, x))
    norm = torch.linalg.vector_norm(x, ord=order, dim=dims, keepdim=True)
    return torch.divide(x, torch.maximum(norm, _number(float(epsilon), x)))


def _take(args, config):
    # numpy.take: negative indices count from the end; a 2-D table along axis 0 is an embedding lookup.
    x, indices, axis = args[0], args[1], config["axis"]
    indices = (torch.tensor(indices.value, device=x.device) if isinstance(indices, Constant) else indices).long()
    indices = torch.where(indices < 0, indices + (x.shape[axis] if axis is not None else x.shape[0]), indices)
    if x.ndim == 2 and axis == 0:
        return tnn.embedding(indices, x)
    if axis is None:
        x, axis = torch.reshape(x, (-1,)), 0
    axis = axis % x.ndim
    shape = x.shape[:axis] + indices.shape + x.shape[axis + 1:]
    return torch.index_select(x, dim=axis, index=indices.ravel()).squeeze(axis).reshape(shape)


def _repeat(args, config):
    # numpy.repeat: one count along an axis as unsqueeze + expand + reshape, else repeat_interleave.
    x, repeats, axis = args[0], config["repeats"], config["axis"]
    if isinstance(repeats, int) and axis is not None:
        axis = axis % x.ndim
        shape = list(x.shape)
        x = x.unsqueeze(axis + 1)
        expand = [-1] * x.ndim
        expand[axis + 1] = repeats
        shape[axis] *= repeats
        return x.expand(expand).reshape(shape)
    if isinstance(repeats, int):
        return torch.repeat_interleave(x, repeats, dim=axis)
    return torch.repeat_interleave(x, torch.tensor(repeats, device=x.device), dim=axis)


def _pad(args, config):
    # numpy.pad: torch's pad list runs from the last axis, cut where no more padding follows; "symmetric" is torch's
    # "replicate" there; the non-constant modes pad a 3-D float tensor.
    x, mode, value = args[0], config["mode"], config.get("constant_values")
    pairs = pad_widths(config["pad_width"], x.ndim, "Pad")[::-1]
    flat, remaining = [], sum(a + b for a, b in pairs)
    for a, b in pairs:
        flat += [a, b]
        remaining -= a + b
        if remaining == 0:
            break
    if mode == "constant":
        return tnn.pad(x, flat, mode="constant", **({"value": value} if value is not None else {}))
    ndim, dtype = x.ndim, x.dtype
    if ndim < 3:
        x = x.view(*([1] * (3 - ndim)), *x.shape)
    if dtype not in (torch.float32, torch.float64):
        x = x.to(torch.float32)
    x = tnn.pad(x, flat, mode="replicate" if mode == "symmetric" else mode).to(dtype)
    for _ in range(3 - ndim):  # the leading axes added above
        x = x.squeeze(0)
    return x


def _split(args, config):
    x, sections, axis = args[0], config["indices_or_sections"], config["axis"]
    size = x.shape[axis]
    if isinstance(sections, int):
        return list(torch.split(x, size // sections, dim=axis))
    bounds = [0] + list(sections) + [size]
    return list(torch.split(x, [b - a for a, b in zip(bounds, bounds[1:])], dim=axis))


def _relu(args, config):
    # keras/src/activations/activations.py ReLU.static_call, as the ReLU layer runs it.
    return keras_relu(args[0], config["negative_slope"], config["max_value"], config["threshold"])


def _one_hot(args, config):
    # nn.one_hot: negative classes give all zeros; the new axis moved from last to `axis`.
    x = args[0].long()
    output = tnn.one_hot(torch.clamp(x, min=0), config["num_classes"])
    output = torch.where(x.unsqueeze(-1) >= 0, output, torch.zeros((), dtype=torch.long, device=x.device))
    output = output.to(_TORCH_DTYPES[config["dtype"] or "float32"])
    axis, dims = config["axis"], output.dim()
    if axis not in (-1, dims):
        order = list(range(dims))
        order[axis] = -1
        for ax in range(axis + 1, dims):
            order[ax] -= 1
        output = output.permute(order)
    return output


def _gelu(args, config):
    return tnn.gelu(args[0], approximate="tanh") if config["approximate"] else tnn.gelu(args[0])


def _cast(args, config):
    return args[0].to(_TORCH_DTYPES[config["dtype"]])


def _convert_to_tensor(args, config):
    return args[0] if config["dtype"] is None else _cast(args, config)


_CALLS = {
    "Where": _where, "GetItem": _get_item, "Reshape": _reshape, "Transpose": _transpose, "ExpandDims": _expand_dims,
    "Squeeze": _squeeze, "Concatenate": lambda args, config: torch.cat(args[0], dim=config["axis"]),
    "Stack": lambda args, config: torch.stack(args[0], dim=config["axis"]), "Sum": _sum, "Mean": _mean,
    "Max": _extreme(torch.max, torch.amax, torch.maximum), "Min": _extreme(torch.min, torch.amin, torch.minimum),
    "Prod": _prod, "Any": _logical_reduce(torch.any), "All": _logical_reduce(torch.all), "Argmax": _arg(torch.argmax), "Argmin": _arg(torch.argmin), "Matmul": _matmul, "Dot": _dot,
    "Clip": _clip, "Softmax": _softmax(tnn.softmax), "LogSoftmax": _softmax(tnn.log_softmax), "Gelu": _gelu,
    "Cast": _cast, "ConvertToTensor": _convert_to_tensor, "ReLU": _relu, "Einsum": _einsum, "Round": _round, "OnesLike": _like(torch.ones_like),
    "ZerosLike": _like(torch.zeros_like), "Cumsum": _cumsum, "Normalize": _normalize, "Split": _split,
    "Take": _take, "Repeat": _repeat, "Pad": _pad, "Ceil": _ceil, "Var": _var, "Std": _std,
    "Logsumexp": _logsumexp, "Norm": _norm, "OneHot": _one_hot, "Flip": _flip, "Tile": _tile,
    "Expm1": lambda args, config: torch.expm1(_floating(args[0])),
    "Floor": lambda args, config: torch.floor(_floating(args[0])),
    "LeakyRelu": lambda args, config: tnn.leaky_relu(args[0], config["negative_slope"]),
    "Elu": lambda args, config: tnn.elu(args[0], config["alpha"]),
    "Swapaxes": lambda args, config: torch.swapaxes(args[0], config["axis1"], config["axis2"]),
    "Moveaxis": lambda args, config: torch.moveaxis(args[0], config["source"], config["destination"]),
}
_CALLS.update(operations_extra.calls(_one_hot))
_CALLS.update({cls: (lambda fn: lambda args, config: fn(*_tensors(args)))(fn) for cls, fn in _BINARY.items()})
_CALLS.update({cls: (lambda fn: lambda args, config: fn(args[0]))(fn) for cls, fn in _UNARY.items()})
assert set(_CALLS) == set(spec.OPERATIONS)


class Operation:
    """One op of the graph: no weights, not in model.layers; called with the list of its node's arguments
    (tensors, lists of tensors, and the Constants of numbers and keys) in order."""

    variables = ()
    trainable = True
    has_build_config = False
    activity_regularizer = None  # an op takes none (Keras's Operation is not a Layer)

    def __init__(self, entry):
        self.class_name = entry.get("class_name")
        self.name = (entry.get("config") or {}).get("name") or entry.get("name")
        self.label = f"Operation '{self.name}' ({self.class_name})"
        self._entry = entry
        try:
            self.config = spec.config_of(entry, self.label)
        except ConfigError as e:
            raise ValueError(str(e)) from None
        self.config["name"] = self.name
        self._call = _CALLS[self.class_name]
        self.input_shape = None
        self.output_shape = None
        self.built = False

    def count_params(self):
        return 0

    def compute_output_shape(self, input_shape):
        args = input_shape if isinstance(input_shape, list) else [input_shape]
        try:
            return spec.output_shape(self._entry, args, self.label)
        except ConfigError as e:
            raise ValueError(str(e)) from None

    def build(self, input_shape, device):
        self.input_shape = input_shape
        self.output_shape = self.compute_output_shape(input_shape)
        self.built = True

    def call(self, x, training=None):
        args, config = spec.split_keywords(x if isinstance(x, list) else [x], self.config)
        return self._call(args, config)

    def serialize(self):
        return {"module": spec.SPECS[self.class_name].module, "class_name": self.class_name,
                "config": dict(self.config), "registered_name": self.class_name}
