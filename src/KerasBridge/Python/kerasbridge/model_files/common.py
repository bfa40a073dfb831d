"""Helpers shared by the model-file readers and writers: constants, the loaded-file record, reading a
file's bytes once (a snapshot), telling a .keras zip from HDF5, and safe access to HDF5 groups/datasets.

Every reader parses a snapshot of the file's bytes in memory, never the live file: a file that another
process rewrites while it is read can then only give a clean ModelFileError (HDF5 1.10 reading a file
that changes underneath can spin forever in H5HG_read).
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

try:
    import h5py
except ImportError:  # pragma: no cover - reported when used
    h5py = None

from ..errors import ModelFileError, UnsafeModelError
from .safety import find_unsafe, unsafe_message
from .shapes import ConfigError, LayerSpec, ModelSpec, format_shape, model_spec

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
    # Named arrays a layer's save_own_variables writes beside its numbered variables (IntegerLookup's idf_weights)
    # and the files its save_assets writes under assets/<layer path>/ (its vocabulary.txt), by layer name.
    layer_state: Dict[str, Dict[str, np.ndarray]] = field(default_factory=dict)
    layer_assets: Dict[str, Dict[str, bytes]] = field(default_factory=dict)

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


def read_snapshot(path: str) -> bytes:
    """The whole file, read once. Readers parse these bytes, never the live file."""
    path = os.fspath(path)
    _check_exists(path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except MemoryError:
        raise ModelFileError(path, "is too large to be loaded into memory") from None
    except OSError as e:
        raise ModelFileError(path, f"cannot be opened: {e.strerror or e}") from None
    if not data:
        raise ModelFileError(path, "is empty (0 bytes)")
    return data


def _sniff(path: str, data: bytes) -> str:
    """"zip" or "hdf5", from the content (an HDF5 superblock may follow a user block of 512 * 2**k bytes)."""
    if not data:
        raise ModelFileError(path, "is empty (0 bytes)")
    if data[:4] in _ZIP_MAGIC:
        return "zip"
    offset = 0
    while offset + len(_HDF5_MAGIC) <= len(data):
        if data[offset:offset + len(_HDF5_MAGIC)] == _HDF5_MAGIC:
            return "hdf5"
        offset = 512 if offset == 0 else offset * 2
    raise ModelFileError(
        path, "is neither a Keras 3 model archive (.keras zip) nor an HDF5 file (.h5); "
              "it may be truncated or not a model file")


def _open_h5(path: str, data: bytes):
    """An h5py.File over the snapshot `data` (a whole HDF5 file; read-only, in memory), once a child
    interpreter has read it without crashing (hdf5_probe)."""
    _require_h5py(path)
    from .hdf5_probe import check_hdf5_readable

    check_hdf5_readable(path, data)
    try:
        return h5py.File(io.BytesIO(data), "r")
    except (OSError, ValueError) as e:
        raise ModelFileError(path, f"is not a readable HDF5 file; it is truncated or corrupt ({e})") from None


def _open_zip(path: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data), "r")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ModelFileError(path, f"is not a valid .keras archive: the zip is truncated or corrupt ({e})") from None


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

