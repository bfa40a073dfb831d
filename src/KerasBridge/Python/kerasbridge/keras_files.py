"""Keras engine: model files in memory. Keras's save/load functions get in-memory file objects, so HDF5 never
writes to or reads from a real file (see model_files/writing.py); the bytes go through the one atomic-write path."""

import io


class MemoryFile(io.BytesIO):
    """An in-memory file that Keras's public save/load functions accept as their `filepath`: they pick
    the format from str(filepath) and, given a file object, write or read it instead of a path. HDF5 thus
    never writes to a real file (a full disk would leave HDF5 1.10 corrupt: see model_files/writing.py)
    and never reads a file that another process may be rewriting (it can spin forever)."""

    def __init__(self, name, data=b""):
        super().__init__(data)
        self._name = name

    def __str__(self):
        return self._name


def keras_bytes(save, name):
    """The bytes Keras's save function (model.save / model.save_weights) writes for a file called `name`."""
    buffer = MemoryFile(name)
    save(buffer)
    return buffer.getvalue()


def kind_name(path, data):
    """The name Keras dispatches on for a snapshot of `path`: its ending (.keras, .weights.h5, .h5)."""
    lower = path.lower()
    for ending in (".weights.h5", ".keras", ".h5", ".hdf5"):
        if lower.endswith(ending):
            return "snapshot" + ending
    return "snapshot.keras" if data[:2] == b"PK" else "snapshot.h5"


HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


def load_keras_zip_from_bytes(data, safe_mode):
    """keras.saving.load_model for a .keras snapshot in memory. The public function only takes paths, so
    this calls the function it dispatches to for a zip, which takes a file object (Keras 3.15.1:
    saving_lib.load_model). Legacy .h5 snapshots go through keras_legacy_h5."""
    from keras.src.saving import saving_lib

    return saving_lib.load_model(io.BytesIO(data), safe_mode=safe_mode)
