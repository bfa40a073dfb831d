"""Writing Keras model files: `.keras` archives and `.weights.h5`, laid out as Keras 3.15.1 does.

HDF5 never writes to a real file here: every HDF5 file is built in memory (h5py over an io.BytesIO
for the member of a .keras zip, as Keras does; HDF5's "core" driver without backing store for a
.weights.h5, which gives the bytes Keras writes to a file) and its bytes go to disk through the one atomic-write path (atomic.write_bytes_atomic). HDF5 1.10
that meets a full disk (ENOSPC) mid-write reports an error but leaves its library state corrupt: the
next h5py.File in the process crashes (segfault / "stack smashing detected"), so a failed write must
never reach HDF5.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import uuid
import zipfile
from typing import Any, Callable, Dict, Optional, Sequence, Tuple, Union

import numpy as np

from ..errors import ModelFileError
from .atomic import write_bytes_atomic
from .common import _CONFIG, _METADATA, _WEIGHTS, KERAS_FORMAT_VERSION, h5py
from .shapes import ConfigError, LayerSpec, ModelSpec, check_layer_weights, model_spec, to_snake_case


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
                      optimizer_variables: Optional[Sequence[Any]], layer_state=None) -> bytes:
    """model.weights.h5 as Keras builds it inside a .keras zip (h5py on a BytesIO): the same bytes."""
    bio = io.BytesIO()
    with h5py.File(bio, "w") as h5:
        _fill_weights_h5(h5, spec, config, by_name, optimizer_variables, layer_state)
    return bio.getvalue()


def _weights_file_bytes(spec: ModelSpec, config: Dict[str, Any], by_name: Dict[str, Sequence[Any]],
                        optimizer_variables: Optional[Sequence[Any]], layer_state=None) -> bytes:
    """A .weights.h5 as Keras's save_weights writes it to a file - byte for byte, since HDF5's in-memory
    "core" driver lays a file out like the disk driver - without any file: backing_store=False keeps the
    image in memory, the name is only HDF5's label for it."""
    h5 = h5py.File(f"kerasbridge-in-memory-{uuid.uuid4().hex}.h5", "w", driver="core", backing_store=False)
    try:
        _fill_weights_h5(h5, spec, config, by_name, optimizer_variables, layer_state)
        h5.flush()
        return h5.id.get_file_image()
    finally:
        h5.close()


def _index(variables, variable) -> int:
    return next(i for i, v in enumerate(variables) if v is variable)


def _store_named(group, state, sub) -> None:
    """Arrays save_own_variables stores by name (IndexLookup's idf_weights) in this vars group; a "<sub-group>/<key>"
    one belongs to that sub-group (TextVectorization's _lookup_layer)."""
    for key, value in state.items():
        if key.rpartition("/")[0] == sub:
            group[key.rpartition("/")[2]] = np.asarray(value)


def _fill_weights_h5(h5, spec: ModelSpec, config: Dict[str, Any], by_name: Dict[str, Sequence[Any]],
                     optimizer_variables: Optional[Sequence[Any]], layer_state=None) -> None:
    # Same groups, attributes and creation order as Keras's _save_state + H5IOStore, so that the
    # bytes come out identical to Keras's file for the same values.
    h5.create_group("vars").attrs["name"] = spec.name
    containers = dict(spec.container_groups()[1:])  # nested models' own (empty) vars groups
    for name, layer, h5_path in spec.weight_layers():
        for container_path in [p for p in containers if h5_path.startswith(p[: -len("vars")])]:
            h5.create_group(container_path).attrs["name"] = containers.pop(container_path)
        layer_group = h5.create_group(h5_path)
        vdtype = _variable_dtype(layer)
        values = list(by_name.get(name) or [])
        # The layer's own vars, then each sub-layer's (TimeDistributed: layer/vars), as Keras visits them.
        groups = layer.variable_groups()
        state = (layer_state or {}).get(name) or {}
        shared = any(v.also_in for v in layer.variables)  # a variable saved in two groups: by identity
        for sub, owner, variables in groups:
            group = (layer_group.create_group(sub) if sub else layer_group).create_group("vars")
            group.attrs["name"] = owner
            count = len(variables) if variables or len(groups) > 1 else len(values)
            picked = ([values[_index(layer.variables, v)] for v in variables] if shared else values[:count])
            for i, value in enumerate(picked):
                value = np.asarray(value)
                if value.dtype.kind == "f" and vdtype is not None and value.dtype != vdtype:
                    value = value.astype(vdtype)  # Keras stores variables in the policy's variable dtype
                group[str(i)] = value
            values = values if shared else values[count:]
            _store_named(group, state, sub)
        made = {g[0] for g in groups}
        for sub in [s for s in dict.fromkeys(k.rpartition("/")[0] for k in state) if s not in made]:
            group = layer_group.create_group(sub).create_group("vars")  # a sub-object with named arrays only
            group.attrs["name"] = sub.rsplit("/", 1)[-1]
            _store_named(group, state, sub)
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



def write_keras_file(path, config: Dict[str, Any], layer_weights, optimizer_variables=(), layer_state=None,
                     layer_assets=None) -> None:
    """Write a Keras 3 `.keras` archive exactly as Keras 3.15.1 lays it out, atomically.

    `layer_weights`: [(layer name, [arrays in Keras variable order])] or {name: [...]}, for every
    layer with variables. `optimizer_variables`: optimizer.variables in Keras order (written under
    optimizer/vars when the config is compiled or when any are given). `layer_state`: {layer name: {key: array}}
    stored by name in the layer's vars group; `layer_assets`: {layer name: {file name: bytes}} written to
    assets/<the layer's weights path>/ (Keras's save_own_variables and save_assets of IndexLookup).
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
    weights = _weights_h5_bytes(spec, config, by_name, optimizer, layer_state)
    assets = {f"assets/{h5_path}/{file}": data for name, _, h5_path in spec.weight_layers()
              for file, data in ((layer_assets or {}).get(name) or {}).items()}
    _check_writable_target(path)
    save_bytes(path, lambda: _zip_bytes(metadata_json, config_json, weights, assets))



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



def _zip_bytes(metadata_json: str, config_json: str, weights: bytes, assets=None) -> bytes:
    # Same member order, compression (stored) and zip metadata as Keras's _save_model_to_fileobj:
    # metadata.json and config.json through ZipFile.open (dated 1980-01-01), the weights through
    # ZipFile.writestr (dated now).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        with zf.open(_METADATA, "w") as m:
            m.write(metadata_json.encode())
        with zf.open(_CONFIG, "w") as m:
            m.write(config_json.encode())
        zf.writestr(_WEIGHTS, weights)
        for member, data in (assets or {}).items():  # Keras closes the asset store after the weights
            zf.writestr(member, data)
    return buffer.getvalue()


def write_weights_file(path, config: Dict[str, Any], layer_weights, optimizer_variables=None, layer_state=None) -> None:
    """Write a Keras 3 `.weights.h5` (the layout of model.save_weights), atomically.

    Keras includes the optimizer variables when the model is compiled; pass them as
    `optimizer_variables` to do the same (None leaves the optimizer group out).
    """
    path = os.fspath(path)
    spec, by_name = _prepare_write(config, layer_weights)
    if h5py is None:
        raise ModelFileError(path, "h5py is not installed, so the weights cannot be written")
    optimizer = None if optimizer_variables is None else list(optimizer_variables)
    save_bytes(path, lambda: _weights_file_bytes(spec, config, by_name, optimizer, layer_state))


def save_bytes(path, data: Union[bytes, Callable[[], bytes]]) -> None:
    """Writes `data` (bytes, or a function making them, called once the target is known to be
    writable) to `path` atomically. Problems raise ModelFileError naming `path`; a failure part-way
    leaves any previous file untouched and no temporary file."""
    path = os.fspath(path)
    _check_writable_target(path)
    try:
        if callable(data):
            data = data()
        write_bytes_atomic(path, data)
    except (OSError, RuntimeError) as e:  # h5py reports some failures as RuntimeError
        raise _write_error(path, e) from e
