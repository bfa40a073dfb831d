"""The pretrained weights of an application: the file Keras downloads for it (same file name, URL and hash),
kept in Keras's cache folder, and loaded by layer name. Follows keras/src/utils/file_utils.py (get_file,
validate_file, resolve_hasher), keras/src/backend/config.py (keras_home) and, for loading the legacy HDF5
weights files Keras publishes, keras/src/legacy/saving/legacy_h5_format.py (load_weights_from_hdf5_group)."""
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request

from kerasbridge.errors import ModelFileError, WeightsUnavailableError


def keras_home():
    """KERAS_HOME, else ~/.keras (or /tmp/.keras when the home folder is not writable), as Keras."""
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    return os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")


def cache_dir(home=None):
    base = os.path.expanduser(home or keras_home())
    if not os.access(base, os.W_OK) and os.path.isdir(base):
        base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return os.path.join(base, "models")


def file_hash(path, expected=None):
    """sha256 when the expected hash has 64 digits, else md5 (Keras's "auto")."""
    hasher = hashlib.sha256() if expected is not None and len(expected) == 64 else hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65535), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


class _Progress:
    """A one-line text progress bar, as Keras's Progbar during get_file."""

    def __init__(self, out):
        self._out, self._last = out, -1

    def __call__(self, blocks, block_size, total):
        done = blocks * block_size
        if total and total > 0:
            percent = min(100, done * 100 // total)
            if percent != self._last:
                self._last = percent
                bar = "=" * (percent * 30 // 100)
                self._out.write(f"\r{min(done, total)}/{total} [{bar:<30}] {percent}%")
                self._out.flush()
        elif blocks % 256 == 0:
            self._out.write(f"\r{done} bytes")
            self._out.flush()


def fetch(file_name, url, expected_hash, home=None, opener=None, out=None):
    """The cached file's path; downloads it first when missing or when its hash is wrong. Raises
    WeightsUnavailableError naming the URL and the path to put the file at when that fails."""
    folder = cache_dir(home)
    target = os.path.join(folder, file_name)
    if os.path.exists(target):
        if expected_hash is None or file_hash(target, expected_hash) == expected_hash:
            return target
        reason_prefix = f"the cached file's hash is not {expected_hash}; "
    else:
        reason_prefix = ""
    out = out or sys.stdout
    os.makedirs(folder, exist_ok=True)
    partial = target + ".part"
    out.write(f"Downloading data from {url}\n")
    try:
        (opener or _download)(url, partial, _Progress(out))
    except (urllib.error.URLError, OSError, ValueError) as e:
        _remove(partial)
        raise WeightsUnavailableError(file_name, url, target, f"{reason_prefix}download failed: {e}") from None
    except BaseException:
        _remove(partial)
        raise
    out.write("\n")
    if expected_hash is not None and file_hash(partial, expected_hash) != expected_hash:
        _remove(partial)
        raise WeightsUnavailableError(file_name, url, target,
                                      f"the downloaded file's hash is not {expected_hash}: incomplete or corrupted")
    os.replace(partial, target)
    return target


def _download(url, path, progress, timeout=60):
    # urlretrieve without a timeout can wait for minutes on a network that drops packets.
    with urllib.request.urlopen(url, timeout=timeout) as response, open(path, "wb") as f:
        total = int(response.headers.get("Content-Length") or -1)
        blocks = 0
        while True:
            chunk = response.read(8192)
            if not chunk:
                break
            f.write(chunk)
            blocks += 1
            progress(blocks, 8192, total)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def read_legacy_weights(path):
    """{layer name: [arrays in Keras's variable order]} of a legacy HDF5 weights file (the files Keras publishes
    for its applications: attribute layer_names, each layer group with attribute weight_names). None when the
    file is not of that kind (e.g. a Keras 3 .weights.h5)."""
    import h5py
    import numpy as np

    def text(values):
        return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in values]

    try:
        with h5py.File(path, "r") as f:
            group = f["model_weights"] if "model_weights" in f and "layer_names" not in f.attrs else f
            if "layer_names" not in group.attrs:
                return None
            result = {}
            for name in text(group.attrs["layer_names"]):
                layer = group[name]
                names = text(layer.attrs.get("weight_names", []))
                if names:
                    result[name] = [np.asarray(layer[w]) for w in names]
            return result
    except OSError as e:
        raise ModelFileError(path, f"cannot be read as HDF5: {e}") from None


def load_by_name(model, path, layer_names):
    """Assigns the weights of a legacy HDF5 file to the layers of `model` (set_layer_weights(name, arrays)).
    `layer_names`: the model's layers that have weights, in the model's order. By name when every one of them is in
    the file; otherwise (automatic names such as conv2d_7 differ between sessions: Xception, InceptionV3) by position
    among the layers with weights, which is how Keras's own loader reads these files
    (legacy_h5_format.load_weights_from_hdf5_group)."""
    weights = read_legacy_weights(path)
    if weights is None:
        model.load_weights(path)  # a Keras 3 weights file: the engine's own loader
        return
    if all(n in weights for n in layer_names):
        extra = [n for n in weights if n not in set(layer_names)]
        if extra:
            raise ModelFileError(path, f"holds weights for layers the model does not have: {', '.join(extra[:10])}"
                                       f"{' ...' if len(extra) > 10 else ''} (was it saved from another architecture "
                                       "or with/without the top?)")
        pairs = [(n, n) for n in layer_names]
    else:
        if len(weights) != len(layer_names):
            missing = [n for n in layer_names if n not in weights]
            raise ModelFileError(path, f"holds weights for {len(weights)} layers and the model has {len(layer_names)} "
                                       f"with weights; no weights for {', '.join(missing[:10])}"
                                       f"{' ...' if len(missing) > 10 else ''} (was it saved from another architecture "
                                       "or with/without the top?)")
        pairs = list(zip(layer_names, weights))  # the file keeps the saving model's layer order
    for name, file_name in pairs:
        try:
            model.set_layer_weights(name, weights[file_name])
        except ValueError as e:
            raise ModelFileError(path, f"layer '{name}' (file layer '{file_name}'): {e}") from None
