"""The Keras engine: the contract's Engine/Model surface over a real Keras 3 installation.

Kept thin on purpose: Keras does the work, this module only adapts arguments and results to the
contract (serialized dicts in, plain dicts/numpy out, cancellation, atomic saves, captured summary).
It is only imported when keras is installed.
"""

import numpy as np

import keras

from kerasbridge import named_arrays, sample_weights, validation
from kerasbridge.progbar import check_verbose
from kerasbridge.errors import ModelFileError, UnsafeModelError
from kerasbridge.errors import InvalidArgumentError, NotCompiledError, keras_argument
from kerasbridge.keras_fit_callbacks import BridgeCallback, Cancelled, keras_callback, log_value
from kerasbridge.keras_legacy_h5 import load_legacy_h5
from kerasbridge.model_files import check_model_file, read_snapshot, read_weights_file, save_bytes
from kerasbridge.model_files.hdf5_probe import check_hdf5_readable
from kerasbridge.keras_config import deserialize, deserialize_nested, jsonable, known_layers_only
from kerasbridge.keras_files import HDF5_MAGIC, MemoryFile, keras_bytes, kind_name, load_keras_zip_from_bytes
from kerasbridge import keras_torch_compat

keras_torch_compat.apply()  # RandomRotation & co. train on torch 1.13 too


def _rows(x):
    """Samples in checked x: one array, or a list of one array per input."""
    return (x[0] if isinstance(x, list) else x).shape[0]


def _named_or_listed(value):
    """x or y given as a dict by name or a list of arrays (the forms of several inputs/outputs)."""
    return isinstance(value, dict) or (isinstance(value, (list, tuple)) and len(value) > 0
                                       and all(isinstance(v, np.ndarray) and v.ndim >= 2 for v in value))


class KerasModel:
    def __init__(self, engine, model):
        self.engine = engine
        self._model = model

    def config(self):
        return jsonable(keras.saving.serialize_keras_object(self._model))

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None):
        for argument, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value is not None and not isinstance(value, (list, tuple, dict)):
                raise InvalidArgumentError(f"compile: argument '{argument}' must be a list; got {type(value).__name__} "
                                           f"{value!r}.", argument=argument)
        optimizer_obj = deserialize(optimizer, keras.optimizers, "optimizer")
        # Several outputs: a list or a dict keyed by output name, which Keras's own compile takes as they are.
        loss_obj = deserialize_nested(loss, keras.losses, "loss")
        metric_objs = None if metrics is None else deserialize_nested(metrics, keras.metrics, "metrics")
        weighted_objs = None if weighted_metrics is None else deserialize_nested(weighted_metrics, keras.metrics,
                                                                                  "weighted_metrics")
        if isinstance(loss_obj, dict) and self.output_names and set(loss_obj) != set(self.output_names):
            # Keras says so only at the first fit; named here, with the model's outputs.
            raise InvalidArgumentError(
                f"compile: argument 'loss' must have one entry per model output ({', '.join(self.output_names)}); "
                f"got keys {', '.join(map(str, loss_obj))}.", argument="loss")
        if len(self.output_names) == 1:
            # One output named in dicts: Keras's Sequential has no output_names and fails on them at the first
            # fit, so the single entries are passed as they are (the same loss and metrics).
            if isinstance(loss_obj, dict) and set(loss_obj) == set(self.output_names):
                loss_obj = next(iter(loss_obj.values()))
            metric_objs, weighted_objs = (
                [m for v in objs.values() for m in (v if isinstance(v, list) else [v])]
                if isinstance(objs, dict) and set(objs) <= set(self.output_names) else objs
                for objs in (metric_objs, weighted_objs))
            if isinstance(loss_weights, dict) and set(loss_weights) == set(self.output_names):
                loss_weights = next(iter(loss_weights.values()))
        try:
            self._model.compile(optimizer=optimizer_obj, loss=loss_obj, metrics=metric_objs, loss_weights=loss_weights,
                                weighted_metrics=weighted_objs)
        except (ValueError, TypeError) as e:
            raise InvalidArgumentError(f"compile: {e}") from None

    @property
    def input_names(self):
        try:
            return [t._keras_history.operation.name for t in self._model.inputs]
        except (AttributeError, ValueError):
            return []

    @property
    def output_names(self):
        names = getattr(self._model, "output_names", None)
        if names:
            return list(names)
        layers = getattr(self._model, "layers", None)
        return [layers[-1].name] if layers else []

    def _shapes(self, shape, count):
        """A model's input_shape/output_shape as a list of `count` shapes."""
        if shape is None:
            return [None] * count
        return list(shape) if count > 1 else [shape]

    @property
    def _multi_io(self):
        return len(self.input_names) > 1 or len(self.output_names) > 1

    def _require_compiled(self, method):
        if not getattr(self._model, "compiled", False) or getattr(self._model, "loss", None) is None:
            raise NotCompiledError(f"{method}: the model must be compiled first; call compile(optimizer, loss, metrics).")

    def _check_xy(self, x, y, method, x_name="x", y_name="y"):
        if self._multi_io or _named_or_listed(x) or _named_or_listed(y):
            return self._check_named_xy(x, y, method, x_name, y_name)
        x = validation.features(x, self.input_shape, method, x_name)
        validation.finite(x, x_name, method)
        y = np.asarray(y)
        if y.ndim == 0:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' must have samples on the first axis; got a scalar.")
        validation.same_rows(x, y, method, x_name, y_name)
        if y.dtype.kind == "f":
            validation.finite(y, y_name, method)
        return x, y

    def _check_named_xy(self, x, y, method, x_name, y_name):
        """Several inputs/outputs: dicts keyed by name or lists in order, checked and handed to Keras as lists
        in input/output order (or one array where the model has one input or output)."""
        in_names, out_names = self.input_names, self.output_names
        xs = named_arrays.inputs(x, in_names, self._shapes(self.input_shape, len(in_names)), method, x_name)
        for array, name in zip(xs, in_names):
            validation.finite(array, f"{x_name}['{name}']", method)
        ys = named_arrays.label_arrays(y, out_names, method, y_name)
        if ys[0].shape[0] != xs[0].shape[0]:
            raise InvalidArgumentError(
                f"{method}: arguments '{x_name}' and '{y_name}' must have the same number of samples; "
                f"'{x_name}' has {xs[0].shape[0]} and '{y_name}' has {ys[0].shape[0]}.", argument=y_name)
        for array, name, shape in zip(ys, out_names, self._shapes(self.output_shape, len(out_names))):
            if array.dtype.kind not in "biuf":
                raise InvalidArgumentError(f"{method}: argument '{y_name}['{name}']' must be numeric; got dtype {array.dtype}.",
                                           argument=y_name)
            if array.dtype.kind == "f":
                validation.finite(array, f"{y_name}['{name}']", method)
            if shape is not None and not named_arrays.fits_output(array, shape):
                raise InvalidArgumentError(
                    f"{method}: argument '{y_name}['{name}']' must fit output '{name}' of shape "
                    f"{validation._shape(shape)}; got shape {validation._shape(array.shape)}.", argument=y_name)
        return (xs[0] if len(xs) == 1 else xs), (ys[0] if len(ys) == 1 else ys)

    def fit(self, x, y, epochs=1, batch_size=32, validation_split=0.0, validation_data=None, shuffle=True,
            callbacks=None, on_epoch_end=None, stop_flag=None, initial_epoch=0, sample_weight=None,
            class_weight=None, dispatch=None, verbose=0):
        method = "fit"
        verbose = check_verbose(verbose, method)
        self._require_compiled(method)
        epochs = validation.positive_int(epochs, "epochs", method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        initial_epoch = validation.non_negative_int(initial_epoch, "initial_epoch", method)
        validation_split = validation.validation_split(validation_split or 0.0, method)
        x, y = self._check_xy(x, y, method)
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
                raise InvalidArgumentError(
                    f"{method}: argument 'validation_data' must be a tuple (x_val, y_val) or (x_val, y_val, "
                    f"sample_weight_val); got {validation_data!r:.80}.", argument="validation_data")
            val_weights = validation_data[2] if len(validation_data) == 3 else None
            validation_data = self._check_xy(validation_data[0], validation_data[1], method,
                                             "validation_data[0]", "validation_data[1]")
            if val_weights is not None:
                # One array, or one per output (a list in output order, as _check_xy makes y).
                val_weights = sample_weights.check_validation(val_weights, _rows(validation_data[0]), method,
                                                              self.output_names)
                validation_data = tuple(validation_data) + (val_weights,)
        # One array, or one per output as a list in output order (as _check_xy makes y).
        sample_weight, class_weight = sample_weights.check_fit(sample_weight, class_weight, _rows(x), method,
                                                               self.output_names)
        keras_callbacks = [keras_callback(self, entry, dispatch) for entry in callbacks or []]
        recorder = BridgeCallback(on_epoch_end, stop_flag)
        cancelled = False
        try:
            self._model.fit(
                x, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split,
                validation_data=tuple(validation_data) if validation_data is not None else None,
                shuffle=bool(shuffle), callbacks=keras_callbacks + [recorder], initial_epoch=initial_epoch, verbose=verbose,
                sample_weight=sample_weight, class_weight=class_weight,
            )
        except Cancelled:
            cancelled = True
            # The torch backend leaves its modules in training mode when fit is interrupted.
            if hasattr(self._model, "eval"):
                self._model.eval()
        except BaseException:
            # A callback failed (a C# callback's exception among them): the model stays usable.
            if hasattr(self._model, "eval"):
                self._model.eval()
            self._model.stop_training = False
            for callback in keras_callbacks:
                if isinstance(callback, keras.callbacks.CSVLogger) and callback.csv_file and not callback.csv_file.closed:
                    callback.csv_file.close()
            raise
        # Keras's fit leaves model.stop_training set when a callback (EarlyStopping, TerminateOnNaN, C#) ended it.
        stopped_early = not cancelled and (bool(getattr(self._model, "stop_training", False))
                                           or any(getattr(cb, "stopped_epoch", 0) > 0 for cb in keras_callbacks))
        self._model.stop_training = False
        return {"epochs": recorder.epochs, "history": recorder.history, "cancelled": cancelled,
                "stopped_early": stopped_early}

    def predict(self, x, batch_size=32, verbose=0):
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", "predict")
        verbose = check_verbose(verbose, "predict")
        if self._multi_io or _named_or_listed(x):
            names = self.input_names
            xs = named_arrays.inputs(x, names, self._shapes(self.input_shape, len(names)), "predict")
            x = xs[0] if len(xs) == 1 else xs
            rows = xs[0].shape[0]
        else:
            x = validation.features(x, self.input_shape, "predict")
            rows = x.shape[0]
        if rows <= batch_size and not verbose:
            # Calling the model directly skips predict()'s per-call setup (milliseconds); same numbers.
            out = self._model(x, training=False)
        else:
            out = self._model.predict(x, batch_size=batch_size, verbose=verbose)
        if isinstance(out, (list, tuple)):
            return [np.asarray(keras.ops.convert_to_numpy(o), dtype=np.float32) for o in out]
        if isinstance(out, dict):
            return [np.asarray(keras.ops.convert_to_numpy(out[n]), dtype=np.float32) for n in self.output_names]
        return np.asarray(keras.ops.convert_to_numpy(out), dtype=np.float32)

    def evaluate(self, x, y, batch_size=32, verbose=0, sample_weight=None):
        method = "evaluate"
        self._require_compiled(method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        verbose = check_verbose(verbose, method)
        x, y = self._check_xy(x, y, method)
        sample_weight = sample_weights.check_per_output(sample_weight, _rows(x), method, self.output_names)
        logs = self._model.evaluate(x, y, batch_size=batch_size, verbose=verbose, return_dict=True,
                                    sample_weight=sample_weight)
        # return_dict sorts the keys; the order of the list evaluate returns without it (Trainer.
        # _flatten_metrics_in_order, keras/src/trainers/trainer.py) is the loss, then the compiled metrics (their
        # log names, "weighted_" ones included, in CompileMetrics.result's order).
        names = []
        for metric in self._model.metrics:
            compiled = metric.__class__.__name__ == "CompileMetrics" and getattr(metric, "built", False)
            names += list(metric.result()) if compiled else [metric.name]
        order = [n for n in names if n in logs] + [k for k in sorted(logs) if k not in names]
        return {key: log_value(logs[key]) for key in order}

    def summary(self):
        parts = []
        self._model.summary(print_fn=lambda text, *args, **kwargs: parts.append(str(text)))
        return "".join(parts)

    @property
    def input_shape(self):
        try:
            return tuple(self._model.input_shape)
        except (AttributeError, ValueError):
            return None

    @property
    def output_shape(self):
        try:
            return tuple(self._model.output_shape)
        except (AttributeError, ValueError):
            return None

    def get_weights(self):
        return [np.asarray(w, dtype=np.float32) for w in self._model.get_weights()]

    def set_weights(self, weights):
        try:
            self._model.set_weights([np.asarray(w, dtype=np.float32) for w in weights])
        except ValueError as e:
            raise InvalidArgumentError(f"set_weights: {e}") from None

    def layer_names(self):
        return [layer.name for layer in self._model.layers]

    def _layer(self, name, method):
        for layer in self._model.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"{method}: no layer named {name!r}; the layers are: {', '.join(self.layer_names())}.")

    def set_trainable(self, name, flag):
        (self._model if name is None else self._layer(name, "set_trainable")).trainable = bool(flag)

    def is_trainable(self, name):
        return bool((self._model if name is None else self._layer(name, "trainable")).trainable)

    def get_layer_weights(self, name):
        return [np.asarray(w, dtype=np.float32) for w in self._layer(name, "get_layer_weights").get_weights()]

    def adapt_layer(self, name, data):
        from kerasbridge.adapting import adapt_layer

        adapt_layer(self._layer, name, data)

    def set_layer_weights(self, name, weights):
        layer = self._layer(name, "set_layer_weights")
        try:
            layer.set_weights([np.asarray(w, dtype=np.float32) for w in weights])
        except ValueError as e:
            raise ValueError(f"set_layer_weights('{name}'): {e}") from None

    def save(self, path):
        path = str(path)
        if not path.endswith(".keras"):
            raise InvalidArgumentError(f"save: argument 'path' must end in .keras (the Keras 3 format); got '{path}'.")
        save_bytes(path, lambda: keras_bytes(self._model.save, "model.keras"))

    def save_weights(self, path):
        path = str(path)
        if not path.endswith(".weights.h5"):
            raise InvalidArgumentError(f"save_weights: argument 'path' must end in .weights.h5 (as Keras requires); got '{path}'.")
        save_bytes(path, lambda: keras_bytes(self._model.save_weights, "model.weights.h5"))

    def load_weights(self, path):
        path = str(path)
        # One snapshot of the file, checked and then given to Keras from memory.
        data = read_snapshot(path)
        config = self.config()
        if known_layers_only(config):
            # Same checks and messages as the PyTorch engine (shapes against this model, damaged files).
            read_weights_file(path, config, data=data)
        elif data[:2] != b"PK":
            check_hdf5_readable(path, data)  # HDF5 1.10 can crash on a damaged file: try it in a child first
        try:
            self._model.load_weights(MemoryFile(kind_name(path, data), data))
        except (ValueError, OSError, KeyError, TypeError) as e:
            raise ModelFileError(path, str(e)) from None

    def export_onnx(self, path, opset=None):
        """ONNX through the PyTorch engine: Keras 3.15.1's own exporter (model.export(format="onnx")) calls
        torch.onnx.export(dynamo=...), which torch 1.13 lacks, and fixes the batch to 1 on the torch backend.
        So this model's config and weights are loaded into the PyTorch engine in this process and exported
        from there (kerasbridge/onnx_export.py); a layer that engine does not run is refused by name."""
        from kerasbridge.onnx_export import check_opset, check_path, unsupported_layers
        from kerasbridge.errors import OnnxExportError
        from kerasbridge.bridge import get_engine

        path = check_path(path)
        opset = check_opset(opset)
        config = dict(self.config())
        config.pop("compile_config", None)  # inference only: the optimizer is not needed
        unknown = unsupported_layers(config)
        if unknown:
            name, class_name = unknown[0]
            raise OnnxExportError(
                f"export_onnx: layer '{name}' ({class_name}) of model '{self._model.name}' cannot be exported to ONNX: "
                f"the export runs the model on the PyTorch engine, which does not run {class_name} layers; "
                "nothing was written.")
        try:
            twin = get_engine("torch").model_from_config(config)
            twin.set_weights(self.get_weights())
        except (ValueError, TypeError, KeyError) as e:
            raise OnnxExportError(
                f"export_onnx: model '{self._model.name}' cannot be exported to ONNX: the export runs it on the "
                f"PyTorch engine, which refuses it: {e}; nothing was written.") from None
        twin.export_onnx(path, opset)


class KerasEngine:
    name = "keras"

    def __init__(self):
        backend = keras.backend.backend()
        self.version = f"keras {keras.__version__} (backend {backend})"
        self.device = self._device(backend)

    @staticmethod
    def _device(backend):
        try:
            if backend == "torch":
                # Keras's own choice (keras/src/backend/torch/core.py: KERAS_TORCH_DEVICE, else "cuda" when
                # torch sees a GPU), reported as the engine names devices.
                from keras.src.backend.torch.core import get_device

                device = str(get_device())
                return "cuda:0" if device == "cuda" else device
            if backend == "tensorflow":
                import tensorflow as tf

                return "cuda:0" if tf.config.list_physical_devices("GPU") else "cpu"
            if backend == "jax":
                import jax

                return "cuda:0" if jax.devices()[0].platform == "gpu" else "cpu"
        except Exception:
            pass
        return "cpu"

    def set_random_seed(self, seed):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
            raise InvalidArgumentError(f"set_random_seed: argument 'seed' must be an integer in [0, 2**32); got {seed!r}.")
        keras.utils.set_random_seed(int(seed))

    def model_from_config(self, config):
        if not isinstance(config, dict):
            raise InvalidArgumentError(f"model_from_config: argument 'config' must be a dict; got {type(config).__name__}.")
        if "layers" in config:
            config = {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None}
        try:
            model = keras.saving.deserialize_keras_object(config)
        except (ValueError, TypeError) as e:
            named = keras_argument(str(e))  # a layer's bad option: C# shows an ArgumentException naming it
            if named is not None:
                raise InvalidArgumentError(f"model_from_config: Keras refuses the config: {named[1]}", argument=named[0]) from None
            raise ValueError(f"model_from_config: Keras cannot build this config: {e}") from None
        return KerasModel(self, model)

    def load_model(self, path, safe_mode=True):
        path = str(path)
        # The file's container, config, version and safety are checked first (and, for models made of
        # layers model_files knows, the weights against the config), so that both engines report a
        # bad file with the same message; Keras then reads the same snapshot from memory.
        data = read_snapshot(path)
        check_model_file(path, safe_mode=safe_mode, data=data)
        try:
            if data[:8] == HDF5_MAGIC:
                # Keras's own legacy loader drops optimizer state and cannot compile some files.
                model = load_legacy_h5(path, data, safe_mode)
            else:
                model = load_keras_zip_from_bytes(data, safe_mode)
        except ModelFileError:
            raise
        except ValueError as e:
            if "safe_mode" in str(e):
                raise UnsafeModelError(path, f"runs code when loaded (e.g. a Lambda layer): {e}") from None
            raise ModelFileError(path, str(e)) from None
        except (OSError, KeyError, TypeError) as e:
            raise ModelFileError(path, f"{type(e).__name__}: {e}") from None
        return KerasModel(self, model)

    def loss_values(self, loss, y_true, y_pred):
        y_true = np.asarray(y_true, dtype=np.float32)
        y_pred = np.asarray(y_pred, dtype=np.float32)
        if isinstance(loss, str) and loss.lower() in ("crossentropy", "ce"):
            # Keras resolves these from the shapes at compile time (compile_utils.get_loss).
            if y_pred.shape[-1] == 1:
                loss = "binary_crossentropy"
            elif y_true.ndim < y_pred.ndim or (y_true.shape[-1] == 1 and y_pred.shape[-1] > 1):
                loss = "sparse_categorical_crossentropy"
            else:
                loss = "categorical_crossentropy"
        try:
            # deserialize also builds the exported losses keras.losses.get does not know (CategoricalGeneralizedCrossEntropy).
            loss_obj = deserialize(loss, keras.losses, "loss") if isinstance(loss, dict) else keras.losses.get(loss)
        except (ValueError, TypeError) as e:
            raise ValueError(f"loss_values: unknown loss {loss!r}: {e}") from None
        if isinstance(loss_obj, keras.losses.Loss):
            # Per-sample values: the same loss without reduction.
            config = dict(loss_obj.get_config(), reduction=None)
            loss_obj = type(loss_obj).from_config(config)
        values = loss_obj(y_true, y_pred)
        return np.atleast_1d(np.asarray(keras.ops.convert_to_numpy(values), dtype=np.float32))
