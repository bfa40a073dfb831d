"""The public reading API of model_files, and the re-exported writers.

Formats
- `.keras` (Keras 3): a zip holding `metadata.json`, `config.json` and `model.weights.h5` (keras3_read).
- `.weights.h5` (Keras 3): the same HDF5 layout as `model.weights.h5` (keras3_read).
- legacy `.h5` (Keras 2 / tf.keras / Keras 3 `model.save("x.h5")`) (legacy_h5_read).
Writers: writing.py. Every reader takes the file's bytes once (read_snapshot) and parses them in
memory; callers that check a file and then hand it to Keras pass the same snapshot as `data`.
"""

from __future__ import annotations

import io
import json
import os
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..errors import ModelFileError, UnsafeModelError
from .common import (
    _CONFIG,
    _METADATA,
    _WEIGHTS,
    KERAS_FORMAT_VERSION,
    LayerWeights,
    LoadedModelFile,
    _attr_str,
    _check_safe,
    _check_version,
    _open_h5,
    _open_zip,
    _require_h5py,
    _safe_child,
    _sniff,
    _spec,
    h5py,
    read_snapshot,
)
from .keras3_read import _json_member, _read_keras3_weights, _read_keras_zip, _zip_member
from .legacy import decode_legacy_json
from .legacy_h5_read import _read_legacy_h5_model, _read_legacy_layer_weights
from .safety import find_unsafe, unsafe_message
from .engine_rules import known_layer
from .shapes import SUPPORTED_LAYERS, ConfigError, ModelSpec, model_spec  # noqa: F401
from .writing import save_bytes, write_keras_file, write_weights_file

__all__ = [
    "KERAS_FORMAT_VERSION", "LoadedModelFile", "check_config", "check_model_file", "read_model_file",
    "read_snapshot", "read_weights_and_optimizer", "read_weights_file", "save_bytes", "write_keras_file",
    "write_weights_file",
]


def read_model_file(path, safe_mode: bool = True, data: Optional[bytes] = None) -> LoadedModelFile:
    """Read a `.keras` archive or a legacy `.h5` model file (decided by content, not by name).

    `data`: the file's bytes when the caller already took them (read_snapshot); otherwise they are
    read here, once. Raises ModelFileError (naming the file and the problem) or UnsafeModelError;
    never returns a partly loaded result.
    """
    path = os.fspath(path)
    if data is None:
        data = read_snapshot(path)
    try:
        kind = _sniff(path, data)
        if kind == "zip":
            return _read_keras_zip(path, data, safe_mode)
        return _read_legacy_h5_model(path, data, safe_mode)
    except (ModelFileError, UnsafeModelError):
        raise
    except MemoryError:
        raise ModelFileError(path, "is too large to be loaded into memory") from None
    except Exception as e:
        raise ModelFileError(path, f"cannot be read ({type(e).__name__}: {e})") from e


def _config_layer_classes(config: Any) -> Optional[List[Any]]:
    inner = config.get("config") if isinstance(config, dict) else None
    if isinstance(inner, list):
        layers = inner
    elif isinstance(inner, dict):
        layers = inner.get("layers")
    else:
        return None
    if not isinstance(layers, list):
        return None
    return [entry.get("class_name") if isinstance(entry, dict) else None for entry in layers]


def _known_model(config: Any) -> bool:
    """A Sequential or Functional config made only of layers (and nested such models) this module knows."""
    if not isinstance(config, dict) or config.get("class_name") not in ("Sequential", "Functional", None):
        return False
    classes = _config_layer_classes(config)
    if classes is None:
        return False
    inner = config.get("config")
    entries = inner.get("layers") if isinstance(inner, dict) else inner
    for cls, entry in zip(classes, entries):
        if cls in ("Sequential", "Functional"):
            if config.get("class_name") != "Functional" or not _known_model(entry):
                return False
        elif not known_layer(cls):
            return False
    return True


def check_model_file(path, safe_mode: bool = True, data: Optional[bytes] = None) -> None:
    """The checks read_model_file makes, for an engine that reads the file itself (real Keras).

    Always: the file exists, is a .keras zip or HDF5 model that opens, has its config, is not from a
    newer Keras, and (safe mode) holds no code. When the model is a Sequential of layers this
    module knows, the whole file is read too (weights against the config, ...), so both engines
    report the same problems with the same messages; other models are left to Keras to judge.
    `data` as for read_model_file.
    """
    path = os.fspath(path)
    if data is None:
        data = read_snapshot(path)
    try:
        kind = _sniff(path, data)
        if kind == "zip":
            with _open_zip(path, data) as zf:
                names = zf.namelist()
                if _CONFIG not in names:
                    raise ModelFileError(path, f"has no {_CONFIG}, so it is not a Keras 3 model archive "
                                               f"(members: {', '.join(names[:10]) or 'none'})")
                if _METADATA in names:
                    metadata = _json_member(zf, _METADATA, path)
                    if isinstance(metadata, dict):
                        _check_version(path, metadata.get("keras_version"))
                config = _json_member(zf, _CONFIG, path)
            if not isinstance(config, dict):
                raise ModelFileError(path, f"{_CONFIG} is not a JSON object (a Keras model config)")
            _check_safe(path, config, safe_mode)
        else:
            with _open_h5(path, data) as f:
                attrs = {k: _attr_str(f.attrs[k]) for k in f.attrs.keys()}
            if "model_config" not in attrs:
                read_model_file(path, safe_mode=safe_mode, data=data)  # raises: weights-only or not a Keras file
                return
            _check_version(path, attrs.get("keras_version"))
            try:
                config = decode_legacy_json(attrs["model_config"])
                training = attrs.get("training_config")
                training = decode_legacy_json(training) if training is not None else None
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise ModelFileError(path, f"its model_config attribute is not valid JSON ({e})")
            _check_safe(path, config, safe_mode, extra=training)
    except (ModelFileError, UnsafeModelError):
        raise
    except Exception as e:
        raise ModelFileError(path, f"cannot be read ({type(e).__name__}: {e})") from e
    if _known_model(config):
        read_model_file(path, safe_mode=safe_mode, data=data)


def read_weights_and_optimizer(path, config: Dict[str, Any],
                               data: Optional[bytes] = None) -> Tuple[LayerWeights, List[np.ndarray]]:
    """Weights for the model described by `config` from a Keras 3 `.weights.h5`, a `.keras`
    archive, a legacy `.h5` model file or a legacy weights-only `.h5`; plus the optimizer variables
    stored with them (Keras 3 layouts only; [] otherwise). `data` as for read_model_file."""
    path = os.fspath(path)
    if data is None:
        data = read_snapshot(path)
    _require_h5py(path)
    try:
        spec = _spec(path, config, allow_code_layers=True)
        kind = _sniff(path, data)
        if kind == "zip":
            with _open_zip(path, data) as zf:
                if _WEIGHTS not in zf.namelist():
                    raise ModelFileError(path, f"has no {_WEIGHTS}")
                weights = _zip_member(zf, _WEIGHTS, path)
            try:
                h5 = h5py.File(io.BytesIO(weights), "r")
            except Exception as e:
                raise ModelFileError(path, f"{_WEIGHTS} is not a readable HDF5 file ({e})") from None
            with h5:
                return _read_keras3_weights(h5, spec, path, _WEIGHTS)
        with _open_h5(path, data) as f:
            _check_version(path, _attr_str(f.attrs.get("keras_version")))
            if "layer_names" in f.attrs:
                return _read_legacy_layer_weights(f, spec, path, "the weights file"), []
            if "model_weights" in f:
                mw = _safe_child(f, "model_weights", "group", path, "model_weights")
                return _read_legacy_layer_weights(mw, spec, path, "model_weights"), []
            if "layers" in f or "vars" in f:
                return _read_keras3_weights(f, spec, path, "the weights file")
            raise ModelFileError(path, "is an HDF5 file holding no Keras weights "
                                       "(no layers/, vars/, model_weights or layer_names)")
    except (ModelFileError, UnsafeModelError):
        raise
    except MemoryError:
        raise ModelFileError(path, "is too large to be loaded into memory") from None
    except Exception as e:
        raise ModelFileError(path, f"cannot be read ({type(e).__name__}: {e})") from e


def read_weights_file(path, config: Dict[str, Any], data: Optional[bytes] = None) -> LayerWeights:
    """Layer weights (model layer order, keyed by layer name) for the model described by `config`."""
    return read_weights_and_optimizer(path, config, data)[0]


def check_config(config: Dict[str, Any], safe_mode: bool = True, path: Optional[str] = None) -> ModelSpec:
    """Validate a config dict as read_model_file does (safe mode, supported classes, shapes).

    With `path`, problems raise ModelFileError / UnsafeModelError naming that file; without, they
    raise ConfigError (a ValueError) / UnsafeModelError with messages starting "config: ".
    """
    if path is not None:
        _check_safe(path, config, safe_mode)
        return _spec(path, config, allow_code_layers=not safe_mode)
    if safe_mode:
        found = find_unsafe(config)
        if found:
            if issubclass(UnsafeModelError, ModelFileError):
                raise UnsafeModelError("config", unsafe_message(found))
            raise UnsafeModelError(f"config: {unsafe_message(found)}")
    try:
        return model_spec(config, allow_code_layers=not safe_mode)
    except ConfigError as e:
        raise ConfigError(f"config: {e}") from None
