"""Output dtypes of the Keras ops the engines run, engine-neutral: the dtype half of each op's compute_output_spec
(keras/src/ops/numpy.py, nn.py, core.py, math.py) with Keras's promotion rules (keras/src/backend/common/dtypes.py
result_type, which follows jnp.result_type: a Python int or float is "weak" and does not widen a tensor's dtype).
The C# Functional API records these in the __keras_tensor__ entries of a model's config, as Keras does.

An argument's dtype is a dtype name, "int" or "float" for a Python number, or a list of names for a list of tensors.
"""

from __future__ import annotations

from typing import Any, Dict, Sequence

FLOATX = "float32"
_FLOATS = ("float16", "bfloat16", "float32", "float64")
_SIGNED = ("int8", "int16", "int32", "int64")


def result_type(*dtypes: str) -> str:
    """dtypes.result_type for the dtypes the engines run (bool, uint8, int8..int64, bfloat16, float16..float64)."""
    strong = [d for d in dtypes if d not in ("int", "float")]
    floats = [d for d in strong if d in _FLOATS]
    if floats:
        distinct = set(floats)
        if distinct == {"float16", "bfloat16"}:
            return "float32"
        return max(distinct, key=lambda d: (_FLOATS.index(d) if d != "bfloat16" else 0))
    if "float" in dtypes:
        return FLOATX
    signed = [d for d in strong if d in _SIGNED]
    if signed:
        bits = max(int(d[3:]) for d in signed)
        return f"int{max(bits, 16) if 'uint8' in strong else bits}"
    if "uint8" in strong:
        return "uint8"
    return "int32" if "int" in dtypes else "bool"


def _floating(dtype: str) -> str:
    # result_type(x, float): an integer or bool tensor computes in floatx.
    return FLOATX if dtype == "int64" else result_type(dtype, "float")


_SAME = ("Negative", "Absolute", "Abs", "Relu", "Sigmoid", "Silu", "Gelu", "Softmax", "LogSoftmax", "Erf", "Rsqrt",
         "GetItem", "Reshape", "Transpose", "ExpandDims", "Squeeze", "Max", "Min", "Relu6", "Softplus", "HardSigmoid",
         "Selu", "LogSigmoid", "HardSilu", "LeakyRelu", "Elu", "ReLU", "Sign", "Flip", "Swapaxes", "Moveaxis", "Tile",
         "Round", "Split", "Take", "Repeat", "Pad", "Unstack",
         "MultiHot")  # MultiHot.compute_output_spec records the input's dtype (its values have `dtype`)
_FLOATING = ("Sqrt", "Log", "Log1p", "Sin", "Cos", "Tanh", "Floor", "Ceil", "Var")
_PROMOTE = ("Add", "Subtract", "Multiply", "Power", "Maximum", "Minimum", "FloorDivide", "Mod", "Matmul", "Dot")
_COMPARE = ("Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
            "LogicalNot", "Any", "All")


def output_dtype(cls: str, dtypes: Sequence[Any], config: Dict[str, Any]) -> str:
    """The dtype of the op's output from its arguments' dtypes (of each output, for Split)."""
    first = dtypes[0]
    if cls in _SAME:
        return first
    if cls in _FLOATING:
        return _floating(first)
    if cls in _PROMOTE:
        if cls == "Matmul" and list(dtypes) == ["int8", "int8"]:
            return "int32"
        return result_type(*dtypes)
    if cls in _COMPARE:
        return "bool"
    if cls in ("TrueDivide", "Divide"):
        return result_type(*dtypes, "float")
    if cls == "Einsum":
        return "int32" if set(dtypes) == {"int8"} else result_type(*dtypes)
    if cls in ("Concatenate", "Stack"):
        return result_type(*first)
    if cls == "Where":
        return result_type(*dtypes[1:])
    if cls in ("OnesLike", "ZerosLike", "Cumsum"):
        dtype = config["dtype"] or first
        return "int32" if cls == "Cumsum" and dtype == "bool" else dtype
    if cls in ("Exp", "Expm1"):
        return FLOATX if "int" in first or first == "bool" else first
    if cls == "Square":
        return "int32" if first == "bool" else first
    if cls == "Clip":
        return "int32" if first == "bool" else first
    if cls in ("Std", "Norm"):
        return FLOATX if "int" in first or first == "bool" else first
    if cls == "Mean":
        return result_type(first, FLOATX) if "int" in first or first == "bool" else first
    if cls == "Sum":
        return "int32" if first in ("bool", "int8", "int16", "uint8") else first
    if cls == "Prod":
        return config["dtype"] or ("int32" if first in ("bool", "int8", "int16", "uint8") else first)
    if cls in ("Argmax", "Argmin"):
        return "int32"
    if cls == "OneHot":
        return config["dtype"] or FLOATX
    if cls == "Cast":
        return config["dtype"]
    if cls == "ConvertToTensor":
        return config["dtype"] or first
    if cls == "Average":
        return result_type(first, "float")
    if cls in ("Reciprocal", "Logsumexp", "Normalize"):
        return FLOATX  # KerasTensor(shape): floatx
    raise KeyError(f"no dtype rule for {cls}")
