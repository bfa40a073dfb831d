"""The facade C# imports: engine discovery, engine selection and the cancel flag.

Nothing heavy is imported at module load; keras and torch are imported only when an
engine is requested or its status is asked for.
"""

import importlib.metadata
import importlib.util
import json
import os
import threading

from kerasbridge.errors import EngineUnavailableError

_ENGINE_NAMES = ("auto", "keras", "torch")
_engines = {}
_engines_lock = threading.Lock()


class StopFlag:
    """C# sets `requested = True` to cancel a running fit; fit checks it before every batch."""

    def __init__(self):
        self.requested = False

    def between_batches(self):
        """Called by the fit loops before every batch; True stops training."""
        return self.requested

    def __repr__(self):
        return f"StopFlag(requested={self.requested})"


def _keras_backend_name():
    # Keras reads KERAS_BACKEND first, then $KERAS_HOME/keras.json (default ~/.keras), then
    # falls back to tensorflow; mirror that without importing keras (which takes seconds).
    env = os.environ.get("KERAS_BACKEND")
    if env:
        return env
    keras_home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(keras_home, "keras.json"), encoding="utf-8") as f:
            backend = json.load(f).get("backend")
        if backend:
            return backend
    except (OSError, ValueError):
        pass
    return "tensorflow"


_BACKEND_MODULES = {"tensorflow": "tensorflow", "torch": "torch", "jax": "jax", "numpy": "numpy"}


def _keras_status():
    status = {"available": False, "version": None, "backend": None, "reason": None}
    if importlib.util.find_spec("keras") is None:
        status["reason"] = "the 'keras' package is not installed (pip install keras tensorflow)"
        return status
    try:
        version = importlib.metadata.version("keras")
    except importlib.metadata.PackageNotFoundError:
        version = None
    status["version"] = version
    if version is not None:
        try:
            major = int(version.split(".")[0])
        except ValueError:
            major = None
        if major is not None and major < 3:
            status["reason"] = f"keras {version} is installed but KerasBridge needs Keras 3"
            return status
    backend = _keras_backend_name()
    status["backend"] = backend
    module = _BACKEND_MODULES.get(backend)
    if module is None:
        status["reason"] = f"unknown Keras backend '{backend}'"
        return status
    if importlib.util.find_spec(module) is None:
        status["reason"] = f"Keras backend '{backend}' is selected but the '{module}' package is not installed"
        return status
    status["available"] = True
    return status


def _torch_status():
    status = {"available": False, "version": None, "device": None, "reason": None}
    if importlib.util.find_spec("torch") is None:
        status["reason"] = "the 'torch' package is not installed"
        return status
    try:
        import torch
    except Exception as e:  # a broken install must not break status reporting
        status["reason"] = f"importing torch failed: {e}"
        return status
    from kerasbridge.torch_engine.device import choose_device

    status["version"] = torch.__version__
    try:
        status["device"] = str(choose_device())
    except (EngineUnavailableError, ValueError) as e:  # KERAS_TORCH_DEVICE names a device torch cannot use
        status["reason"] = getattr(e, "reason", None) or str(e)
        return status
    status["available"] = True
    return status


def engine_status():
    """Which engines can run here, with versions, backend/device and why not when unavailable."""
    return {"keras": _keras_status(), "torch": _torch_status()}


def _unavailable(engine, reason):
    """The error for an engine that cannot run; `.reason` keeps the bare reason for the auto message."""
    error = EngineUnavailableError(f"The {engine} engine is not available: {reason}.")
    error.reason = reason
    return error


def _reason(error):
    return getattr(error, "reason", None) or f"{type(error).__name__}: {error}"


def _make_keras_engine():
    status = _keras_status()
    if not status["available"]:
        raise _unavailable("Keras", status["reason"])
    try:
        from kerasbridge.keras_engine import KerasEngine
    except ImportError as e:  # keras is there but does not import (e.g. a backend too old for it)
        raise _unavailable("Keras", f"importing keras failed: {type(e).__name__}: {e}") from e

    return KerasEngine()


def _make_torch_engine():
    status = _torch_status()
    if not status["available"]:
        raise _unavailable("PyTorch", status["reason"])
    from kerasbridge.torch_engine.engine import TorchEngine

    return TorchEngine()


def get_engine(name="auto"):
    """Returns the engine called `name` ("auto" | "keras" | "torch"), creating it once.

    "auto" prefers real Keras and falls back to the PyTorch engine when Keras is missing or
    cannot be imported.
    """
    if not isinstance(name, str) or name.lower() not in _ENGINE_NAMES:
        raise ValueError(
            f"get_engine: argument 'name' must be one of {list(_ENGINE_NAMES)}; got {name!r}."
        )
    name = name.lower()
    with _engines_lock:
        if name in _engines:
            return _engines[name]
        if name == "keras":
            engine = _make_keras_engine()
        elif name == "torch":
            engine = _make_torch_engine()
        else:
            try:
                engine = _engines.get("keras") or _make_keras_engine()
            except Exception as keras_error:
                try:
                    engine = _engines.get("torch") or _make_torch_engine()
                except EngineUnavailableError as torch_error:
                    raise EngineUnavailableError(
                        f"No engine can run. Tried the Keras engine first: {_reason(keras_error)}; "
                        f"then the PyTorch engine: {_reason(torch_error)}."
                    ) from torch_error
        _engines[name] = engine
        _engines.setdefault(engine.name, engine)
        return engine
