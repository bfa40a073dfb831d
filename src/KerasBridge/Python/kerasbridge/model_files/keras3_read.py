"""Reading Keras 3 files: `.keras` archives (a zip holding metadata.json, config.json and
model.weights.h5) and the weights layout of model.weights.h5 / `.weights.h5`.

Keras 3 weights layout (what `_save_state` in keras/src/saving/saving_lib.py produces for a
Sequential model; checked against the Keras 3.15.1 fixtures):
- `vars/` : the model's own (empty) group, attribute `name` = model name;
- `layers/<h5 name>/vars/<i>` : layer variables, i = 0..n-1 in Keras's variable order (trainable
  variables then non-trainable ones, in creation order), group attribute `name` = layer name; a
  layer without variables still gets its (empty) `vars` group. `<h5 name>` is
  snake_case(class name) for the first layer of a class in `model.layers` (a Sequential's
  InputLayer is not in `model.layers`), then `<snake>_1`, `<snake>_2`, ... for later layers of the
  same class - independent of the layer's own name;
- `optimizer/vars/<i>` : optimizer.variables (iterations, learning rate, then the slots), group
  attribute `name` = optimizer name; present when the model is compiled.
Datasets are plain contiguous datasets (no chunking/compression), scalars are 0-d datasets.

The archive is parsed from a snapshot of its bytes (common.read_snapshot). The JSON members are read
with a bound (_MAX_JSON_BYTES): a tiny zip can declare or hold a gigabyte of config.json.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any, Dict, List, Tuple

import numpy as np

from ..errors import ModelFileError
from .common import (
    _CONFIG,
    _MAX_EXPANSION,
    _MAX_MEMBER_BYTES,
    _METADATA,
    _WEIGHTS,
    _WEIGHTS_NPZ,
    LayerWeights,
    LoadedModelFile,
    _check_safe,
    _check_version,
    _config_problem,
    _expected,
    _open_zip,
    _read_dataset,
    _require_h5py,
    _safe_child,
    _spec,
    _version_major,
    h5py,
)
from .legacy import normalize_keras2_config
from .shapes import ConfigError, ModelSpec, shape_matches

#: config.json and metadata.json larger than this are refused before they are read (Keras's own
#: files hold a few kilobytes; the limit only stops a small archive from filling memory).
_MAX_JSON_BYTES = 64 << 20
_MAX_JSON_TEXT = "64 MiB"


def _numbered_datasets(group, path: str, where: str, named_ok: bool = False) -> List[str]:
    keys = [k for k in group.keys() if not named_ok or k.isdigit()]
    if not all(k.isdigit() for k in keys) or sorted(int(k) for k in keys) != list(range(len(keys))):
        raise ModelFileError(path, f"{where}: expected datasets named 0..n-1, found {sorted(keys)}")
    return [str(i) for i in range(len(keys))]


def _groups(layer, h5_path: str):
    """(h5 path of a `vars` group, its variables) for the layer's own variables and each sub-layer's."""
    out = []
    for group, _, variables in layer.variable_groups():
        if group and not variables:
            continue
        out.append((f"{h5_path}/{group}/vars" if group else f"{h5_path}/vars", variables))
    if len(out) > 1 and not out[0][1]:
        out = out[1:]  # an empty own group beside sub-layer groups (TimeDistributed): nothing to read there
    return out


def _read_group(h5, path: str, member: str, name: str, layer, group_path: str, variables) -> List[np.ndarray]:
    where = f"{member} layer {name!r} ({layer.class_name}) at {group_path}"
    group = _safe_child(h5, group_path, "group", path, where)
    if group is None and "_layer_checkpoint_dependencies" in h5:  # Keras 2.13 .keras files
        alt = group_path.replace("layers", "_layer_checkpoint_dependencies", 1)
        group = _safe_child(h5, alt, "group", path, where)
    keys = [] if group is None else _numbered_datasets(group, path, where, named_ok=True)
    if len(keys) != len(variables):
        if not keys:
            raise ModelFileError(path, f"missing weights for layer {name!r} ({layer.class_name}): "
                                       f"{member} has nothing at {group_path}, "
                                       f"expected {len(variables)} arrays ({_expected(layer)})")
        raise ModelFileError(path, f"{where}: expected {len(variables)} weight arrays "
                                   f"({_expected(layer)}), found {len(keys)}")
    arrays = []
    for key, var in zip(keys, variables):
        ds = _safe_child(group, key, "dataset", path, where)
        if not shape_matches(var.shape, ds.shape):
            raise ModelFileError(
                path, f"weights of layer {name!r} ({layer.class_name}) do not match the config: "
                      f"'{var.name}' has shape {tuple(ds.shape)} in {member}, expected "
                      f"{tuple(var.shape)}")
        arrays.append(_read_dataset(ds, path, f"{where}/{key}"))
    return arrays


def _named_arrays(h5, h5_path: str, path: str, where: str) -> Dict[str, np.ndarray]:
    """Datasets a layer's save_own_variables stored by name in its own vars group (IndexLookup's idf_weights)."""
    group = _safe_child(h5, f"{h5_path}/vars", "group", path, where)
    if group is None:
        return {}
    return {k: _read_dataset(_safe_child(group, k, "dataset", path, where), path, f"{where}/{k}")
            for k in group.keys() if not k.isdigit()}


def _layer_assets(zf: zipfile.ZipFile, names: List[str], spec: ModelSpec, path: str) -> Dict[str, Dict[str, bytes]]:
    """The files a layer's save_assets wrote: assets/<its weights path>/<file>, by layer name."""
    out: Dict[str, Dict[str, bytes]] = {}
    for name, _, h5_path in spec.weight_layers():
        prefix = f"assets/{h5_path}/"
        files = {n[len(prefix):]: _zip_member(zf, n, path) for n in names
                 if n.startswith(prefix) and n[len(prefix):] and "/" not in n[len(prefix):]}
        if files:
            out[name] = files
    return out


def _read_keras3_weights(h5, spec: ModelSpec, path: str, member: str) -> Tuple[LayerWeights, List[np.ndarray]]:
    layer_weights: LayerWeights = []
    for name, layer, h5_path in spec.weight_layers():
        if layer.class_name == "InputLayer":
            continue  # a Functional's InputLayer: an empty group, nothing to read
        arrays, seen = [], set()
        for group_path, variables in _groups(layer, h5_path):
            read = _read_group(h5, path, member, name, layer, group_path, variables)
            # A variable Keras saves in two groups (SpectralNormalization's kernel) is read once, where it is first.
            arrays.extend(a for v, a in zip(variables, read) if id(v) not in seen)
            seen.update(id(v) for v in variables)
        layer_weights.append((name, arrays))
    optimizer: List[np.ndarray] = []
    group = _safe_child(h5, "optimizer/vars", "group", path, f"{member} optimizer")
    if group is not None:
        for key in _numbered_datasets(group, path, f"{member} optimizer/vars"):
            ds = _safe_child(group, key, "dataset", path, f"{member} optimizer/vars")
            optimizer.append(_read_dataset(ds, path, f"{member} optimizer/vars/{key}"))
    return layer_weights, optimizer


def _zip_member(zf: zipfile.ZipFile, name: str, path: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _MAX_MEMBER_BYTES and info.file_size > _MAX_EXPANSION * max(info.compress_size, 1):
        raise ModelFileError(path, f"archive member {name} declares {info.file_size} bytes but stores "
                                   f"{info.compress_size}; refusing a potential decompression bomb")
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ModelFileError(path, f"archive member {name} cannot be read ({e}); "
                                   "the file is truncated or corrupt")
    except Exception as e:  # zlib.error, NotImplementedError (unsupported compression)
        raise ModelFileError(path, f"archive member {name} cannot be read ({type(e).__name__}: {e})")



def _json_member(zf: zipfile.ZipFile, name: str, path: str) -> Any:
    """A JSON member, refused over _MAX_JSON_BYTES by its declared size and, in case the header lies,
    by a bounded read."""
    info = zf.getinfo(name)
    too_big = (f"archive member {name} is too large for a Keras config: %s; JSON members over "
               f"{_MAX_JSON_TEXT} ({_MAX_JSON_BYTES} bytes) are refused")
    if info.file_size > _MAX_JSON_BYTES:
        raise ModelFileError(path, too_big % f"it declares {info.file_size} bytes")
    try:
        with zf.open(name) as member:
            data = member.read(_MAX_JSON_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ModelFileError(path, f"archive member {name} cannot be read ({e}); "
                                   "the file is truncated or corrupt") from None
    except Exception as e:  # zlib.error, NotImplementedError (unsupported compression)
        raise ModelFileError(path, f"archive member {name} cannot be read ({type(e).__name__}: {e})") from None
    if len(data) > _MAX_JSON_BYTES:
        raise ModelFileError(path, too_big % f"it holds more than {_MAX_JSON_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ModelFileError(path, f"{name} is not UTF-8 text ({e})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelFileError(path, f"{name} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")


def _read_keras_zip(path: str, data: bytes, safe_mode: bool) -> LoadedModelFile:
    _require_h5py(path)
    with _open_zip(path, data) as zf:
        names = zf.namelist()
        if _CONFIG not in names:
            raise ModelFileError(path, f"has no {_CONFIG}, so it is not a Keras 3 model archive "
                                       f"(members: {', '.join(names[:10]) or 'none'})")
        metadata: Dict[str, Any] = {}
        if _METADATA in names:
            metadata = _json_member(zf, _METADATA, path)
            if not isinstance(metadata, dict):
                raise ModelFileError(path, f"{_METADATA} is not a JSON object")
            _check_version(path, metadata.get("keras_version"))
        config = _json_member(zf, _CONFIG, path)
        if not isinstance(config, dict):
            raise ModelFileError(path, f"{_CONFIG} is not a JSON object (a Keras model config)")
        _check_safe(path, config, safe_mode)
        notes: List[str] = []
        if _version_major(metadata.get("keras_version")) == 2:  # .keras written by Keras 2.13-2.15
            try:
                config = normalize_keras2_config(config, notes)
            except ConfigError as e:
                raise _config_problem(path, e) from None
        spec = _spec(path, config, allow_code_layers=not safe_mode)
        if _WEIGHTS not in names:
            if _WEIGHTS_NPZ in names:
                raise ModelFileError(path, f"stores its weights as {_WEIGHTS_NPZ}, which is not supported")
            raise ModelFileError(path, f"has no {_WEIGHTS} (the model's weights)")
        weights = _zip_member(zf, _WEIGHTS, path)
        assets = _layer_assets(zf, names, spec, path)
    try:
        h5 = h5py.File(io.BytesIO(weights), "r")
    except Exception as e:
        raise ModelFileError(path, f"{_WEIGHTS} is not a readable HDF5 file ({e})")
    with h5:
        layer_weights, optimizer = _read_keras3_weights(h5, spec, path, _WEIGHTS)
        state = {name: arrays for name, _, h5_path in spec.weight_layers()
                 if (arrays := _named_arrays(h5, h5_path, path, f"{_WEIGHTS} layer {name!r}"))}
    return LoadedModelFile(config=config, layer_weights=layer_weights, optimizer_variables=optimizer,
                           metadata=metadata, format="keras", notes=notes, layer_state=state, layer_assets=assets)
