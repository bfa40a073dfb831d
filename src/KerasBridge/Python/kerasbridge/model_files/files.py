"""Reading and writing Keras model files without Keras.

Formats
- `.keras` (Keras 3): a zip holding `metadata.json`, `config.json` and `model.weights.h5`.
- `.weights.h5` (Keras 3): the same HDF5 layout as `model.weights.h5`.
- legacy `.h5` (Keras 2 / tf.keras / Keras 3 `model.save("x.h5")`): HDF5 with `model_config`
  (+ `training_config`) attributes and a `model_weights` group; legacy weights-only `.h5`
  (`save_weights("x.h5")` in Keras 2) holds the `layer_names` attribute at the root.

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
"""

from __future__ import annotations

import datetime
import io
import json
import math
import os
import zipfile
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

try:
    import h5py
except ImportError:  # pragma: no cover - reported when used
    h5py = None

from ..errors import ModelFileError, UnsafeModelError
from .atomic import atomic_path, atomic_writer
from .legacy import (
    decode_legacy_json,
    normalize_keras2_config,
    optimizer_weight_names_are_keras3,
    translate_model_config,
)
from .safety import find_unsafe, unsafe_message
from .shapes import (
    SUPPORTED_LAYERS,
    ConfigError,
    LayerSpec,
    ModelSpec,
    check_layer_weights,
    format_shape,
    model_spec,
    shape_matches,
    to_snake_case,
)

#: The Keras version (and thus file format) we write and fully understand.
KERAS_FORMAT_VERSION = "3.15.1"
SUPPORTED_MAJOR = 3

_CONFIG = "config.json"
_METADATA = "metadata.json"
_WEIGHTS = "model.weights.h5"
_WEIGHTS_NPZ = "model.weights.npz"

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_MAX_MEMBER_BYTES = 1 << 32  # refuse "zip bombs" like Keras (4 GiB declared, 100x expansion)
_MAX_EXPANSION = 100

LayerWeights = List[Tuple[str, List[np.ndarray]]]


@dataclass
class LoadedModelFile:
    config: Dict[str, Any]  # Keras 3 config.json dict (incl. compile_config when present)
    layer_weights: LayerWeights  # model layer order, keyed by the layer's config name
    optimizer_variables: List[np.ndarray]
    metadata: Dict[str, Any]  # metadata.json (.keras) or the root attributes (.h5)
    format: str = "keras"  # "keras" or "h5"
    notes: List[str] = field(default_factory=list)  # what a legacy translation dropped

    def weights_by_layer(self) -> Dict[str, List[np.ndarray]]:
        return dict(self.layer_weights)

    def flat_weights(self) -> List[np.ndarray]:
        """model.get_weights() order."""
        return [a for _, arrays in self.layer_weights for a in arrays]


# ----------------------------------------------------------------------------------------------
# small helpers


def _require_h5py(path: str) -> None:
    if h5py is None:
        raise ModelFileError(path, "h5py is not installed, so HDF5 weights cannot be read or written")


def _check_exists(path: str) -> None:
    if not os.path.exists(path):
        raise ModelFileError(path, "file does not exist")
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "saved_model.pb")):
            raise ModelFileError(path, "is a TensorFlow SavedModel directory, which is not supported; "
                                       "save the model as .keras or .h5")
        raise ModelFileError(path, "is a directory, not a model file")


def _sniff(path: str) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ModelFileError(path, f"cannot be opened: {e.strerror or e}")
    if not head:
        raise ModelFileError(path, "is empty (0 bytes)")
    if head[:4] in _ZIP_MAGIC:
        return "zip"
    if head == _HDF5_MAGIC:
        return "hdf5"
    if h5py is not None:
        try:
            if h5py.is_hdf5(path):  # HDF5 with a user block
                return "hdf5"
        except Exception:
            pass
    raise ModelFileError(
        path, "is neither a Keras 3 model archive (.keras zip) nor an HDF5 file (.h5); "
              "it may be truncated or not a model file")


def _version_major(version: Any) -> Optional[int]:
    if isinstance(version, bytes):
        version = version.decode("utf-8", "replace")
    if not isinstance(version, str):
        return None
    head = version.strip().split(".")[0]
    return int(head) if head.isdigit() else None


def _check_version(path: str, version: Any) -> None:
    major = _version_major(version)
    if major is not None and major > SUPPORTED_MAJOR:
        if isinstance(version, bytes):
            version = version.decode("utf-8", "replace")
        raise ModelFileError(
            path, f"was saved by Keras {version}, a newer format than supported "
                  f"(Keras {SUPPORTED_MAJOR}.x files, written as {KERAS_FORMAT_VERSION})")


def _attr_str(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.dtype.kind in ("S", "O", "U") and value.shape == ():
        return _attr_str(value[()])
    if isinstance(value, np.bytes_):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _attr_list(group, name: str) -> List[str]:
    """Keras's load_attributes_from_hdf5_group: attribute `name`, or chunks `name0`, `name1`, ..."""
    if name in group.attrs:
        raw = group.attrs[name]
        values = list(np.atleast_1d(raw)) if not isinstance(raw, (str, bytes)) else [raw]
    else:
        values = []
        i = 0
        while f"{name}{i}" in group.attrs:
            raw = group.attrs[f"{name}{i}"]
            values.extend(np.atleast_1d(raw))
            i += 1
    return [str(_attr_str(v)) for v in values]


def _safe_child(group, name: str, want: str, path: str, where: str):
    """group[name] refusing soft/external links, external and virtual datasets (like Keras)."""
    current = group
    parts = [p for p in name.split("/")]
    for n, part in enumerate(parts):
        if not part:
            raise ModelFileError(path, f"{where}: invalid HDF5 path {name!r}")
        if part not in current:
            return None
        link = current.get(part, getclass=True, getlink=True)
        if link in (h5py.SoftLink, h5py.ExternalLink):
            raise ModelFileError(path, f"{where}: HDF5 {link.__name__}s are not allowed ({name!r})")
        current = current[part]
        last = n == len(parts) - 1
        if not last and not isinstance(current, h5py.Group):
            raise ModelFileError(path, f"{where}: {name!r} is not an HDF5 group")
    if want == "group" and not isinstance(current, h5py.Group):
        raise ModelFileError(path, f"{where}: {name!r} is not an HDF5 group")
    if want == "dataset":
        if not isinstance(current, h5py.Dataset):
            raise ModelFileError(path, f"{where}: {name!r} is not an HDF5 dataset")
        if current.external:
            raise ModelFileError(path, f"{where}: external HDF5 datasets are not allowed ({name!r})")
        if current.is_virtual:
            raise ModelFileError(path, f"{where}: virtual HDF5 datasets are not allowed ({name!r})")
    return current


def _read_dataset(ds, path: str, where: str) -> np.ndarray:
    if ds.attrs.get("dtype") in ("bfloat16", b"bfloat16"):
        raise ModelFileError(path, f"{where}: bfloat16 weights are not supported")
    if ds.dtype.kind not in "biuf":
        raise ModelFileError(path, f"{where}: weights of dtype {ds.dtype} are not numeric")
    declared = int(math.prod(ds.shape)) * ds.dtype.itemsize
    if declared > _MAX_MEMBER_BYTES and declared > 1000 * ds.id.get_storage_size():
        raise ModelFileError(path, f"{where}: dataset declares {declared} bytes but stores almost "
                                   "nothing; refusing a potential decompression bomb")
    try:
        value = ds[()]
    except Exception as e:  # truncated data, bad filters
        raise ModelFileError(path, f"{where}: the data cannot be read ({e}); the file may be truncated")
    return np.array(value)


def _unsafe_error(path: str, problem: str) -> Exception:
    """UnsafeModelError naming the file, whether or not errors.py makes it a ModelFileError."""
    if issubclass(UnsafeModelError, ModelFileError):
        return UnsafeModelError(path, problem)
    err = UnsafeModelError(str(ModelFileError(path, problem)))
    err.path = str(path)
    err.problem = problem
    return err


def _config_problem(path: str, e: ConfigError) -> ModelFileError:
    return ModelFileError(path, str(e))


def _check_safe(path: str, config: Any, safe_mode: bool, extra: Any = None) -> None:
    if not safe_mode:
        return
    found = find_unsafe(config)
    if extra is not None:
        found += find_unsafe({"compile_config": extra})
    if found:
        raise _unsafe_error(path, unsafe_message(found))


def _spec(path: str, config: Any, allow_code_layers: bool) -> ModelSpec:
    try:
        return model_spec(config, allow_code_layers=allow_code_layers)
    except ConfigError as e:
        raise _config_problem(path, e) from None


def _expected(layer: LayerSpec) -> str:
    return ", ".join(f"{v.name} {format_shape(v.shape)}" for v in layer.variables) or "none"


# ----------------------------------------------------------------------------------------------
# Keras 3 weights (model.weights.h5 / .weights.h5)


def _numbered_datasets(group, path: str, where: str) -> List[str]:
    keys = list(group.keys())
    if not all(k.isdigit() for k in keys) or sorted(int(k) for k in keys) != list(range(len(keys))):
        raise ModelFileError(path, f"{where}: expected datasets named 0..n-1, found {sorted(keys)}")
    return [str(i) for i in range(len(keys))]


def _read_keras3_weights(h5, spec: ModelSpec, path: str, member: str) -> Tuple[LayerWeights, List[np.ndarray]]:
    layer_weights: LayerWeights = []
    for layer in spec.layers:
        where = f"{member} layer {layer.name!r} ({layer.class_name}) at {layer.h5_path}/vars"
        group = _safe_child(h5, f"{layer.h5_path}/vars", "group", path, where)
        if group is None and "_layer_checkpoint_dependencies" in h5:  # Keras 2.13 .keras files
            alt = layer.h5_path.replace("layers", "_layer_checkpoint_dependencies", 1)
            group = _safe_child(h5, f"{alt}/vars", "group", path, where)
        keys = [] if group is None else _numbered_datasets(group, path, where)
        if len(keys) != len(layer.variables):
            if not keys:
                raise ModelFileError(path, f"missing weights for layer {layer.name!r} ({layer.class_name}): "
                                           f"{member} has nothing at {layer.h5_path}/vars, "
                                           f"expected {len(layer.variables)} arrays ({_expected(layer)})")
            raise ModelFileError(path, f"{where}: expected {len(layer.variables)} weight arrays "
                                       f"({_expected(layer)}), found {len(keys)}")
        arrays = []
        for key, var in zip(keys, layer.variables):
            ds = _safe_child(group, key, "dataset", path, where)
            if not shape_matches(var.shape, ds.shape):
                raise ModelFileError(
                    path, f"weights of layer {layer.name!r} ({layer.class_name}) do not match the config: "
                          f"'{var.name}' has shape {tuple(ds.shape)} in {member}, expected "
                          f"{tuple(var.shape)}")
            arrays.append(_read_dataset(ds, path, f"{where}/{key}"))
        layer_weights.append((layer.name, arrays))
    optimizer: List[np.ndarray] = []
    group = _safe_child(h5, "optimizer/vars", "group", path, f"{member} optimizer")
    if group is not None:
        for key in _numbered_datasets(group, path, f"{member} optimizer/vars"):
            ds = _safe_child(group, key, "dataset", path, f"{member} optimizer/vars")
            optimizer.append(_read_dataset(ds, path, f"{member} optimizer/vars/{key}"))
    return layer_weights, optimizer


def _optimizer_name(config: Dict[str, Any]) -> Optional[str]:
    cc = config.get("compile_config")
    if not isinstance(cc, dict) or not cc:
        return None
    opt = cc.get("optimizer")
    if isinstance(opt, dict):
        cfg = opt.get("config") or {}
        if isinstance(cfg, dict) and isinstance(cfg.get("name"), str):
            return cfg["name"]
        return to_snake_case(str(opt.get("class_name", "optimizer")))
    if isinstance(opt, str):
        return to_snake_case({"sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW"}.get(opt.lower(), opt))
    return None


def _variable_dtype(layer: LayerSpec) -> Optional[np.dtype]:
    """Variable dtype of a layer's dtype policy: "float32" (also for "mixed_float16" /
    "mixed_bfloat16"), "float16", "float64"; None when unknown (arrays are then written as given)."""
    policy = layer.config.get("dtype")
    if isinstance(policy, dict):
        policy = (policy.get("config") or {}).get("name")
    if policy is None:
        return np.dtype("float32")
    if not isinstance(policy, str):
        return None
    if policy.startswith("mixed_"):
        return np.dtype("float32")
    if policy in ("float16", "float32", "float64"):
        return np.dtype(policy)
    return None


def _weights_h5_bytes(spec: ModelSpec, config: Dict[str, Any], by_name: Dict[str, Sequence[Any]],
                      optimizer_variables: Optional[Sequence[Any]]) -> bytes:
    """model.weights.h5 as Keras builds it inside a .keras zip (h5py on a BytesIO)."""
    bio = io.BytesIO()
    _write_weights_h5(bio, spec, config, by_name, optimizer_variables)
    return bio.getvalue()


def _write_weights_h5(target, spec: ModelSpec, config: Dict[str, Any], by_name: Dict[str, Sequence[Any]],
                      optimizer_variables: Optional[Sequence[Any]]) -> None:
    # Same groups, attributes and creation order as Keras's _save_state + H5IOStore, so that the
    # bytes come out identical to Keras's file for the same values.
    with h5py.File(target, "w") as h5:
        h5.create_group("vars").attrs["name"] = spec.name
        for layer in spec.layers:
            group = h5.create_group(layer.h5_path).create_group("vars")
            group.attrs["name"] = layer.name
            vdtype = _variable_dtype(layer)
            for i, value in enumerate(by_name.get(layer.name) or []):
                value = np.asarray(value)
                if value.dtype.kind == "f" and vdtype is not None and value.dtype != vdtype:
                    value = value.astype(vdtype)  # Keras stores variables in the policy's variable dtype
                group[str(i)] = value
        opt_name = _optimizer_name(config)
        if optimizer_variables is not None and (opt_name is not None or len(optimizer_variables)):
            group = h5.create_group("optimizer").create_group("vars")
            group.attrs["name"] = opt_name or "optimizer"
            for i, value in enumerate(optimizer_variables):
                group[str(i)] = np.asarray(value)


def _prepare_write(config: Dict[str, Any], layer_weights) -> Tuple[ModelSpec, Dict[str, Sequence[Any]]]:
    if not isinstance(config, dict):
        raise ValueError(f"config: expected a Keras model config dict, got {type(config).__name__}")
    try:
        spec = model_spec(config, allow_code_layers=True)
    except ConfigError as e:
        raise ValueError(f"config: {e}") from None
    items = list(layer_weights.items()) if isinstance(layer_weights, dict) else list(layer_weights)
    try:
        check_layer_weights(spec, items)
    except ConfigError as e:
        raise ValueError(f"layer_weights: {e}") from None
    return spec, {name: list(arrays) for name, arrays in items}


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    raise TypeError(f"config value {obj!r} of type {type(obj).__name__} is not JSON serializable")


# ----------------------------------------------------------------------------------------------
# .keras archives


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
    data = _zip_member(zf, name, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ModelFileError(path, f"{name} is not UTF-8 text ({e})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelFileError(path, f"{name} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")


def _open_zip(path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path, "r")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ModelFileError(path, f"is not a valid .keras archive: the zip is truncated or corrupt ({e})")


def _read_keras_zip(path: str, safe_mode: bool) -> LoadedModelFile:
    _require_h5py(path)
    with _open_zip(path) as zf:
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
        data = _zip_member(zf, _WEIGHTS, path)
    try:
        h5 = h5py.File(io.BytesIO(data), "r")
    except Exception as e:
        raise ModelFileError(path, f"{_WEIGHTS} is not a readable HDF5 file ({e})")
    with h5:
        layer_weights, optimizer = _read_keras3_weights(h5, spec, path, _WEIGHTS)
    return LoadedModelFile(config=config, layer_weights=layer_weights, optimizer_variables=optimizer,
                           metadata=metadata, format="keras", notes=notes)


# ----------------------------------------------------------------------------------------------
# legacy HDF5


def _open_h5(path: str):
    _require_h5py(path)
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise ModelFileError(path, f"is not a readable HDF5 file; it is truncated or corrupt ({e})")


def _read_legacy_layer_weights(group, spec: ModelSpec, path: str, where: str) -> LayerWeights:
    layer_names = _attr_list(group, "layer_names")
    saved: List[Tuple[str, List[str]]] = []
    for name in layer_names:
        g = _safe_child(group, name, "group", path, where)
        if g is None:
            raise ModelFileError(path, f"{where}: layer {name!r} is listed in layer_names but has no group")
        weight_names = _attr_list(g, "weight_names")
        if weight_names:
            saved.append((name, weight_names))
    expected = spec.layers_with_variables
    if len(saved) != len(expected):
        raise ModelFileError(
            path, f"{where} holds weights for {len(saved)} layer(s) "
                  f"({', '.join(n for n, _ in saved) or 'none'}) but the model has {len(expected)} "
                  f"layer(s) with weights ({', '.join(l.name for l in expected) or 'none'})")
    by_layer: Dict[str, List[np.ndarray]] = {}
    for (saved_name, weight_names), layer in zip(saved, expected):
        g = group[saved_name]
        label = f"layer {layer.name!r} ({layer.class_name})"
        if len(weight_names) != len(layer.variables):
            raise ModelFileError(path, f"{where}: {label} expects {len(layer.variables)} weight arrays "
                                       f"({_expected(layer)}), the file has {len(weight_names)} "
                                       f"({', '.join(weight_names)})")
        arrays = []
        for wname, var in zip(weight_names, layer.variables):
            ds = _safe_child(g, wname, "dataset", path, f"{where}/{saved_name}")
            if ds is None:
                raise ModelFileError(path, f"{where}: weight {wname!r} of {label} is missing")
            if not shape_matches(var.shape, ds.shape):
                raise ModelFileError(
                    path, f"weights of {label} do not match the config: '{var.name}' ({wname}) has "
                          f"shape {tuple(ds.shape)}, expected {tuple(var.shape)}")
            arrays.append(_read_dataset(ds, path, f"{where}/{saved_name}/{wname}"))
        by_layer[layer.name] = arrays
    top = _safe_child(group, "top_level_model_weights", "group", path, where)
    if top is not None and _attr_list(top, "weight_names"):
        raise ModelFileError(path, f"{where}: model-level weights (top_level_model_weights) are not supported")
    return [(layer.name, by_layer.get(layer.name, [])) for layer in spec.layers]


def _read_legacy_optimizer(f, path: str, notes: List[str]) -> List[np.ndarray]:
    group = _safe_child(f, "optimizer_weights", "group", path, "optimizer_weights")
    if group is None:
        return []
    names = _attr_list(group, "weight_names")
    if not names:
        return []
    if not optimizer_weight_names_are_keras3(names):
        notes.append("optimizer state saved by Keras 2 (different variables) was not carried over; "
                     "the optimizer starts fresh")
        return []
    values = []
    for name in names:
        ds = _safe_child(group, name, "dataset", path, "optimizer_weights")
        if ds is None:
            raise ModelFileError(path, f"optimizer_weights: {name!r} is listed but missing")
        values.append(_read_dataset(ds, path, f"optimizer_weights/{name}"))
    return values


def _read_legacy_h5_model(path: str, safe_mode: bool) -> LoadedModelFile:
    with _open_h5(path) as f:
        attrs = {k: _attr_str(f.attrs[k]) for k in f.attrs.keys()}
        if "model_config" not in attrs:
            if "layers" in f or "vars" in f:
                raise ModelFileError(path, "is a Keras 3 weights file (.weights.h5) without a model config; "
                                           "load it into a model of the same layers with LoadWeights (Keras: load_weights)")
            if "layer_names" in f.attrs or "model_weights" in f:
                raise ModelFileError(path, "has no model_config: it is a weights-only HDF5 file; "
                                           "load it into a model of the same layers with LoadWeights (Keras: load_weights)")
            raise ModelFileError(path, "is an HDF5 file without a Keras model_config attribute "
                                       "(not a Keras model file)")
        _check_version(path, attrs.get("keras_version"))
        try:
            legacy_config = decode_legacy_json(attrs["model_config"])
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ModelFileError(path, f"its model_config attribute is not valid JSON ({e})")
        training_config = None
        if attrs.get("training_config") is not None:
            try:
                training_config = decode_legacy_json(attrs["training_config"])
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise ModelFileError(path, f"its training_config attribute is not valid JSON ({e})")
        _check_safe(path, legacy_config, safe_mode, extra=training_config)
        notes: List[str] = []
        try:
            config = translate_model_config(legacy_config, training_config, notes)
        except ConfigError as e:
            raise _config_problem(path, e) from None
        spec = _spec(path, config, allow_code_layers=not safe_mode)
        mw = _safe_child(f, "model_weights", "group", path, "model_weights")
        if mw is None:
            raise ModelFileError(path, "has no model_weights group (the model's weights)")
        layer_weights = _read_legacy_layer_weights(mw, spec, path, "model_weights")
        optimizer = _read_legacy_optimizer(f, path, notes) if config.get("compile_config") else []
        metadata = {k: v for k, v in attrs.items() if k not in ("model_config", "training_config")}
    return LoadedModelFile(config=config, layer_weights=layer_weights, optimizer_variables=optimizer,
                           metadata=metadata, format="h5", notes=notes)


# ----------------------------------------------------------------------------------------------
# public API


def read_model_file(path, safe_mode: bool = True) -> LoadedModelFile:
    """Read a `.keras` archive or a legacy `.h5` model file (decided by content, not by name).

    Raises ModelFileError (naming the file and the problem) or UnsafeModelError; never returns a
    partly loaded result.
    """
    path = os.fspath(path)
    _check_exists(path)
    try:
        kind = _sniff(path)
        if kind == "zip":
            return _read_keras_zip(path, safe_mode)
        return _read_legacy_h5_model(path, safe_mode)
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


def check_model_file(path, safe_mode: bool = True) -> None:
    """The checks read_model_file makes, for an engine that reads the file itself (real Keras).

    Always: the file exists, is a .keras zip or HDF5 model that opens, has its config, is not from a
    newer Keras, and (safe mode) holds no code. When the model is a Sequential of layers this
    module knows, the whole file is read too (weights against the config, ...), so both engines
    report the same problems with the same messages; other models are left to Keras to judge.
    """
    path = os.fspath(path)
    _check_exists(path)
    try:
        kind = _sniff(path)
        if kind == "zip":
            with _open_zip(path) as zf:
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
            with _open_h5(path) as f:
                attrs = {k: _attr_str(f.attrs[k]) for k in f.attrs.keys()}
            if "model_config" not in attrs:
                read_model_file(path, safe_mode=safe_mode)  # raises: weights-only or not a Keras file
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
    classes = _config_layer_classes(config)
    known = (isinstance(config, dict) and config.get("class_name") in ("Sequential", None)
             and classes is not None and all(c in SUPPORTED_LAYERS for c in classes))
    if known:
        read_model_file(path, safe_mode=safe_mode)


def read_weights_and_optimizer(path, config: Dict[str, Any]) -> Tuple[LayerWeights, List[np.ndarray]]:
    """Weights for the model described by `config` from a Keras 3 `.weights.h5`, a `.keras`
    archive, a legacy `.h5` model file or a legacy weights-only `.h5`; plus the optimizer variables
    stored with them (Keras 3 layouts only; [] otherwise)."""
    path = os.fspath(path)
    _check_exists(path)
    _require_h5py(path)
    try:
        spec = _spec(path, config, allow_code_layers=True)
        kind = _sniff(path)
        if kind == "zip":
            with _open_zip(path) as zf:
                if _WEIGHTS not in zf.namelist():
                    raise ModelFileError(path, f"has no {_WEIGHTS}")
                data = _zip_member(zf, _WEIGHTS, path)
            with h5py.File(io.BytesIO(data), "r") as h5:
                return _read_keras3_weights(h5, spec, path, _WEIGHTS)
        with _open_h5(path) as f:
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


def read_weights_file(path, config: Dict[str, Any]) -> LayerWeights:
    """Layer weights (model layer order, keyed by layer name) for the model described by `config`."""
    return read_weights_and_optimizer(path, config)[0]


def write_keras_file(path, config: Dict[str, Any], layer_weights, optimizer_variables=()) -> None:
    """Write a Keras 3 `.keras` archive exactly as Keras 3.15.1 lays it out, atomically.

    `layer_weights`: [(layer name, [arrays in Keras variable order])] or {name: [...]}, for every
    layer with variables. `optimizer_variables`: optimizer.variables in Keras order (written under
    optimizer/vars when the config is compiled or when any are given).
    """
    path = os.fspath(path)
    spec, by_name = _prepare_write(config, layer_weights)
    if h5py is None:
        raise ModelFileError(path, "h5py is not installed, so the weights cannot be written")
    config_json = json.dumps(config, default=_json_default)
    metadata_json = json.dumps({
        "keras_version": KERAS_FORMAT_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    })
    optimizer = list(optimizer_variables) if optimizer_variables is not None else []
    weights = _weights_h5_bytes(spec, config, by_name, optimizer)
    _check_writable_target(path)
    try:
        _write_zip(path, metadata_json, config_json, weights)
    except OSError as e:
        raise _write_error(path, e) from e


def _check_writable_target(path: str) -> None:
    """Problems a save would only meet half-way, reported up front and naming the file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ModelFileError(path, f"cannot be saved: the folder {folder} does not exist")
    if os.path.isdir(path):
        raise ModelFileError(path, "cannot be saved: a folder of that name is in the way")


def _write_error(path: str, e: BaseException) -> ModelFileError:
    """A failed atomic write (disk full, file too large, I/O error, ...): the temporary file is
    gone and any previous file at `path` is untouched; say so."""
    if isinstance(e, OSError) and e.errno is not None:
        reason = f"{os.strerror(e.errno)} ([Errno {e.errno}])"
    else:
        reason = str(e) or type(e).__name__
    return ModelFileError(path, f"could not be written: {reason}; the previous file, if any, is unchanged")


def _write_zip(path: str, metadata_json: str, config_json: str, weights: bytes) -> None:
    # Same member order, compression (stored) and zip metadata as Keras's _save_model_to_fileobj:
    # metadata.json and config.json through ZipFile.open (dated 1980-01-01), the weights through
    # ZipFile.writestr (dated now).
    with atomic_writer(path) as f:
        with zipfile.ZipFile(f, "w") as zf:
            with zf.open(_METADATA, "w") as m:
                m.write(metadata_json.encode())
            with zf.open(_CONFIG, "w") as m:
                m.write(config_json.encode())
            zf.writestr(_WEIGHTS, weights)


def write_weights_file(path, config: Dict[str, Any], layer_weights, optimizer_variables=None) -> None:
    """Write a Keras 3 `.weights.h5` (the layout of model.save_weights), atomically.

    Keras includes the optimizer variables when the model is compiled; pass them as
    `optimizer_variables` to do the same (None leaves the optimizer group out).
    """
    path = os.fspath(path)
    spec, by_name = _prepare_write(config, layer_weights)
    if h5py is None:
        raise ModelFileError(path, "h5py is not installed, so the weights cannot be written")
    optimizer = None if optimizer_variables is None else list(optimizer_variables)
    # h5py writes the file itself (as Keras's save_weights does): the bytes then match Keras's.
    save_atomically(path, lambda tmp: _write_weights_h5(tmp, spec, config, by_name, optimizer))


def save_atomically(path: str, write, suffix: str = ".tmp") -> None:
    """Runs write(temporary_path) and renames the finished file over `path`. Problems raise
    ModelFileError naming `path`; a failure part-way leaves any previous file untouched."""
    _check_writable_target(path)
    try:
        with atomic_path(path, suffix=suffix) as tmp:
            write(tmp)
    except (OSError, RuntimeError) as e:  # h5py reports some write failures as RuntimeError
        raise _write_error(path, e) from e


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
