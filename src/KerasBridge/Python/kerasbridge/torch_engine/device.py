"""The device the PyTorch engine computes on, and float32 arithmetic there (no TF32).

Follows keras/src/backend/torch/core.py (DEFAULT_DEVICE): the GPU when torch sees one, else the CPU, and
KERAS_TORCH_DEVICE overrides the choice, so one variable moves both engines. The engine takes "cpu", "cuda"
(the first GPU) or "cuda:N"; a GPU that torch cannot see is refused with the reason instead of failing later
in the first tensor copy.
"""

import os
import re

import torch

from kerasbridge.errors import EngineUnavailableError, InvalidArgumentError

DEVICE_VARIABLE = "KERAS_TORCH_DEVICE"
_CUDA = re.compile(r"^cuda(?::(\d+))?$")


def choose_device(requested=None):
    """torch.device for `requested` ("auto"/None: KERAS_TORCH_DEVICE when set, else cuda:0 when torch sees a
    GPU, else cpu)."""
    source = "argument 'device'"
    if requested is None or (isinstance(requested, str) and requested.strip().lower() == "auto"):
        requested = os.environ.get(DEVICE_VARIABLE) or None
        source = f"environment variable {DEVICE_VARIABLE}"
        if requested is None:
            return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    if not isinstance(requested, str):
        raise InvalidArgumentError(
            f"PyTorch engine: {source} must be 'auto', 'cpu', 'cuda' or 'cuda:N'; got {type(requested).__name__} {requested!r}.")
    name = requested.strip().lower()
    if name == "cpu":
        return torch.device("cpu")
    found = _CUDA.match(name)
    if found is None:
        raise InvalidArgumentError(f"PyTorch engine: {source} must be 'auto', 'cpu', 'cuda' or 'cuda:N'; got {requested!r}.")
    index = int(found.group(1) or 0)
    if not torch.cuda.is_available():
        raise _unusable(requested, source, f"torch {torch.__version__} sees no CUDA GPU (torch.cuda.is_available() is "
                                           f"False; torch built for CUDA: {torch.version.cuda or 'no'}); use 'cpu' or 'auto'")
    count = torch.cuda.device_count()
    if index >= count:
        raise _unusable(requested, source, f"torch sees {count} CUDA GPU(s), cuda:0 to cuda:{count - 1}")
    return torch.device(f"cuda:{index}")


def _unusable(requested, source, why):
    """The error for a device torch cannot use; `.reason` is the part engine_status and get_engine("auto") quote."""
    reason = f"device '{requested}' ({source}) is not usable here: {why}"
    error = EngineUnavailableError(f"The PyTorch engine cannot run on the requested device: {reason}.")
    error.reason = reason
    return error


def use_float32_arithmetic():
    """TF32 off for matmuls, cuDNN convolutions and RNNs: Keras's arithmetic is float32, and TF32 (torch's CUDA
    default for cuDNN) keeps 10 mantissa bits, which moves results in the 4th significant digit. The setting is
    process-wide, so real Keras in the same process computes in float32 too. torch >= 2.9 has per-backend
    `fp32_precision` flags and refuses a mix of them with the older `allow_tf32` ones, so only one API is used."""
    backends = torch.backends
    if has_fp32_precision_flags():
        for owner in (backends, backends.cuda.matmul, backends.cudnn, getattr(backends.cudnn, "conv", None),
                      getattr(backends.cudnn, "rnn", None)):
            if owner is not None and _has(owner, "fp32_precision"):
                owner.fp32_precision = "ieee"
    else:
        backends.cuda.matmul.allow_tf32 = False
        backends.cudnn.allow_tf32 = False


def _has(owner, name):
    # torch 1.13's cuBLASModule raises AssertionError, not AttributeError, for names it lacks: hasattr fails.
    try:
        getattr(owner, name)
    except Exception:
        return False
    return True


def has_fp32_precision_flags():
    """True on torch >= 2.9, which has the per-backend fp32_precision flags."""
    return _has(torch.backends.cuda.matmul, "fp32_precision")


def precision_settings():
    """The float32 and cuDNN flags now in force (for reports; reading them never raises)."""
    backends = torch.backends
    names = {
        "matmul.fp32_precision": lambda: backends.cuda.matmul.fp32_precision,
        "cudnn.conv.fp32_precision": lambda: backends.cudnn.conv.fp32_precision,
        "cudnn.rnn.fp32_precision": lambda: backends.cudnn.rnn.fp32_precision,
        "matmul.allow_tf32": lambda: backends.cuda.matmul.allow_tf32,
        "cudnn.allow_tf32": lambda: backends.cudnn.allow_tf32,
        "cudnn.benchmark": lambda: backends.cudnn.benchmark,
        "cudnn.deterministic": lambda: backends.cudnn.deterministic,
        "float32_matmul_precision": torch.get_float32_matmul_precision,
    }
    settings = {}
    for name, read in names.items():
        try:
            settings[name] = read()
        except Exception as e:  # absent in this torch, or torch refuses the legacy name after the new one was set
            settings[name] = f"unreadable: {type(e).__name__}"
    return settings
