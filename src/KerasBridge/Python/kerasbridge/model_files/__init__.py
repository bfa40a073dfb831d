"""Engine-neutral reading and writing of Keras model files (no keras, no torch imports).

    read_snapshot(path) -> bytes        # the file's bytes, read once; readers parse only these
    read_model_file(path, safe_mode=True, data=None) -> LoadedModelFile      # .keras zip or legacy .h5
    write_keras_file(path, config, layer_weights, optimizer_variables=()) -> None
    read_weights_file(path, config, data=None) -> [(layer name, [arrays])]   # .weights.h5, .keras, .h5
    read_weights_and_optimizer(path, config, data=None) -> (layer weights, optimizer variables)
    write_weights_file(path, config, layer_weights, optimizer_variables=None) -> None
    save_bytes(path, data_or_function) -> None   # atomic write of bytes made in memory
    model_spec(config) -> ModelSpec    # shapes, variables, params, h5 paths of each layer
    check_config(config, safe_mode=True) -> ModelSpec
    check_model_file(path, safe_mode=True, data=None) -> None   # read_model_file's checks, for real Keras

`data` is a snapshot from read_snapshot (so that a check and a load see the same bytes). Files are
parsed from memory, never read live, and HDF5 is never given a real file to write: every file is
built in memory and written atomically. Problems raise kerasbridge.errors.ModelFileError /
UnsafeModelError (naming the file), or ValueError for bad arguments to the writers.
"""

from .files import (
    KERAS_FORMAT_VERSION,
    LoadedModelFile,
    check_config,
    check_model_file,
    read_model_file,
    read_weights_and_optimizer,
    read_snapshot,
    read_weights_file,
    save_bytes,
    write_keras_file,
    write_weights_file,
)
from .legacy import translate_model_config
from .safety import find_unsafe
from .shapes import (
    SUPPORTED_LAYERS,
    SUPPORTED_MODELS,
    ConfigError,
    LayerSpec,
    ModelSpec,
    VariableSpec,
    check_layer_weights,
    format_shape,
    model_spec,
    to_snake_case,
    unique_h5_names,
)

__all__ = [
    "KERAS_FORMAT_VERSION",
    "LoadedModelFile",
    "check_config",
    "check_model_file",
    "read_model_file",
    "read_weights_and_optimizer",
    "read_snapshot",
    "read_weights_file",
    "save_bytes",
    "write_keras_file",
    "write_weights_file",
    "translate_model_config",
    "find_unsafe",
    "SUPPORTED_LAYERS",
    "SUPPORTED_MODELS",
    "ConfigError",
    "LayerSpec",
    "ModelSpec",
    "VariableSpec",
    "check_layer_weights",
    "format_shape",
    "model_spec",
    "to_snake_case",
    "unique_h5_names",
]
