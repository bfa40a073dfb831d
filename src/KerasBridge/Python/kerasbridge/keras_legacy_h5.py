"""Legacy `.h5` model files on the Keras engine.

Keras 3.15.1's own legacy loader (keras/src/legacy/saving/legacy_h5_format.py) has two bugs that a
user of the bridge would see (plain Python Keras shows them too):
- for a Sequential model it builds the optimizer over an empty variable list before restoring the
  file's optimizer weights, so the optimizer state is silently dropped (the summary loses its
  "Optimizer params" line, and further training restarts Adam's moments);
- it deserializes a legacy loss "mse" through keras.metrics and fails to compile the model
  ("Could not deserialize 'keras.metrics.mse' because it is not a KerasSaveable subclass").

So the Keras engine never asks Keras to compile a legacy file. For models made of layers the bridge's
own reader knows (the same one the PyTorch engine uses), it reads config, weights, compile settings and
optimizer variables with that reader and lets Keras build the model from the translated Keras 3
config. For other models, Keras reads the architecture and weights (compile=False) and the bridge adds
the compile settings (translated from the file's training_config) and the optimizer variables itself.
Either way the result equals what loading the same model from a `.keras` file gives.
"""

import io

import keras

from kerasbridge.errors import ModelFileError
from kerasbridge.model_files import read_model_file
from kerasbridge.model_files.engine_rules import known_layer
from kerasbridge.model_files.legacy import (
    decode_legacy_json,
    optimizer_weight_names_are_keras3,
    translate_training_config,
)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value if isinstance(value, str) or value is None else str(value)


def _read_training_parts(data, path):
    """(model_config, training_config, optimizer weight names, optimizer arrays) from the file's bytes."""
    import h5py

    with h5py.File(io.BytesIO(data), "r") as f:
        model_config = decode_legacy_json(_text(f.attrs["model_config"]))
        raw_training = f.attrs.get("training_config")
        training = decode_legacy_json(_text(raw_training)) if raw_training is not None else None
        names, arrays = [], []
        group = f.get("optimizer_weights")
        if isinstance(group, h5py.Group):
            names = [_text(n) for n in group.attrs.get("weight_names", [])]
            for name in names:
                ds = group.get(name)
                if not isinstance(ds, h5py.Dataset):
                    raise ModelFileError(path, f"optimizer_weights: {name!r} is listed but missing")
                arrays.append(ds[()])
    return model_config, training, names, arrays


def _layer_classes(model_config):
    inner = model_config.get("config") if isinstance(model_config, dict) else None
    layers = inner if isinstance(inner, list) else inner.get("layers") if isinstance(inner, dict) else None
    if not isinstance(layers, list):
        return None
    return [entry.get("class_name") if isinstance(entry, dict) else None for entry in layers]


def _known_to_the_reader(model_config):
    classes = _layer_classes(model_config)
    return (isinstance(model_config, dict) and model_config.get("class_name") == "Sequential"
            and classes is not None and all(known_layer(c) for c in classes))


def _restore_optimizer(model, values, path):
    """Assigns the file's optimizer variables (Keras 3 order: iteration, learning_rate, slots...)."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not values:
        return
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    variables = optimizer.variables
    if len(variables) != len(values):
        raise ModelFileError(
            path, f"optimizer_weights: the file holds {len(values)} optimizer variables, but the "
                  f"{type(optimizer).__name__} optimizer of this model has {len(variables)}")
    for variable, value in zip(variables, values):
        if tuple(variable.shape) != tuple(value.shape):
            raise ModelFileError(
                path, f"optimizer_weights: variable {variable.path!r} has shape {tuple(variable.shape)}, "
                      f"the file's value has shape {tuple(value.shape)}")
        variable.assign(value)


def _keras_architecture_and_weights(data, safe_mode):
    """Keras's legacy loader on the in-memory snapshot (never the live file), without compiling. The public
    keras.saving.load_model only takes paths; this is the function it dispatches to for HDF5 (Keras 3.15.1)."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(io.BytesIO(data), "r") as f:
        return legacy_h5_format.load_model_from_hdf5(f, compile=False, safe_mode=safe_mode)


def load_legacy_h5(path, data, safe_mode):
    """A compiled (when the file was) Keras model from a legacy `.h5` file whose bytes are `data`."""
    model_config, training, names, arrays = _read_training_parts(data, path)
    if _known_to_the_reader(model_config):
        loaded = read_model_file(path, safe_mode=safe_mode, data=data)
        config = dict(loaded.config)
        compile_config = config.pop("compile_config", None)
        model = keras.saving.deserialize_keras_object(config, safe_mode=safe_mode)
        model.set_weights(loaded.flat_weights())
        optimizer_values = loaded.optimizer_variables
    else:
        model = _keras_architecture_and_weights(data, safe_mode)
        compile_config = translate_training_config(training, []) if training else None
        # Keras 2 files keep a different optimizer variable set: the optimizer then starts fresh,
        # as the PyTorch engine does for them.
        optimizer_values = arrays if optimizer_weight_names_are_keras3(names) else []
    if compile_config:
        model.compile_from_config(compile_config)
        _restore_optimizer(model, optimizer_values, path)
    return model
