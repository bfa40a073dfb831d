"""A Keras Sequential model executed on PyTorch (keras/src/models/sequential.py,
keras/src/trainers/trainer.py, keras/src/backend/torch/trainer.py).

Training follows Keras's torch trainer step by step: for each batch, forward in training mode,
loss (reduced "sum_over_batch_size"), gradients, one optimizer step, then the loss tracker and
the compiled metrics are updated with the batch's pre-update predictions. Epoch logs are the
batch-size-weighted means over the epoch (Keras's Mean metrics), then validation runs in
inference mode and its values are added with a "val_" prefix.

Data are converted to tensors once per fit and batches are taken by index on the device;
metric totals stay on the device, so each epoch has a single host sync.
"""

import warnings

import numpy as np
import torch

from kerasbridge import validation
from kerasbridge.errors import ModelFileError
from kerasbridge import progbar as progbar_module
from kerasbridge.torch_engine import callbacks as callbacks_module
from kerasbridge.torch_engine import layers as layers_module
from kerasbridge.torch_engine import losses, naming, optimizers
from kerasbridge.torch_engine import metrics as metrics_module
from kerasbridge.torch_engine.serialization import dtype_policy, shape_to_json, standardize_shape
from kerasbridge.errors import InvalidArgumentError, NotCompiledError


def _unwrap_model_config(config):
    """(outer dict, inner Sequential config) from either the full config.json dict or its "config"."""
    if not isinstance(config, dict):
        raise InvalidArgumentError(f"model_from_config: argument 'config' must be a dict; got {type(config).__name__}.")
    if "layers" in config:
        return {"class_name": "Sequential", "config": config}, config
    class_name = config.get("class_name")
    if class_name != "Sequential":
        raise ValueError(
            "model_from_config: only Sequential and Functional models are supported by the PyTorch engine; "
            f"got class_name {class_name!r}."
        )
    inner = config.get("config")
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        raise ValueError("model_from_config: a Sequential config needs config.layers (a list of layer dicts).")
    return config, inner


def _writable(array):
    # torch.from_numpy warns on read-only arrays (e.g. views of buffers owned by .NET).
    return array if array.flags.writeable else array.copy()


class TorchModel:
    def __init__(self, engine, config):
        self.engine = engine
        self.device = engine.torch_device
        outer, inner = _unwrap_model_config(config)
        self.name = inner.get("name") or naming.auto_name("Sequential")
        # Keras's Sequential.from_config ignores the model-level "trainable" (layers keep their own),
        # so a reloaded model always reports trainable=True.
        self.trainable = True

        self._input_layer = None
        self.layers = []
        for index, entry in enumerate(inner["layers"]):
            layer = layers_module.layer_from_config(entry)
            if isinstance(layer, layers_module.InputLayer):
                if index != 0:
                    raise ValueError(
                        f"model_from_config: an InputLayer may only be the first layer; found "
                        f"'{layer.name}' at position {index}."
                    )
                self._input_layer = layer
            else:
                self.layers.append(layer)
        if not self.layers:
            raise ValueError("model_from_config: the Sequential model has no layers.")
        names = [layer.name for layer in self.layers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"model_from_config: layer names must be unique; repeated: {', '.join(duplicates)}.")

        self._reset_state()

        input_shape = self._known_input_shape(outer, inner, inner["layers"])
        if input_shape is not None:
            self.build(input_shape)
        compile_config = outer.get("compile_config") or outer.get("training_config")
        if compile_config:
            self._compile_from_config(compile_config)

    # ------------------------------------------------------------------ building
    def _known_input_shape(self, outer, inner, layer_entries):
        if self._input_layer is not None:
            return self._input_layer.batch_shape
        if inner.get("build_input_shape"):
            return standardize_shape(inner["build_input_shape"], "build_input_shape")
        build_config = outer.get("build_config") or {}
        if build_config.get("input_shape"):
            return standardize_shape(build_config["input_shape"], "build_config.input_shape")
        if self.layers[0].input_shape_hint is not None:
            return self.layers[0].input_shape_hint
        first = layer_entries[0] if layer_entries else {}
        if isinstance(first, dict) and (first.get("build_config") or {}).get("input_shape"):
            return standardize_shape(first["build_config"]["input_shape"], "build_config.input_shape")
        return None

    def _reset_state(self):
        """Not built, not compiled: the state every model (Sequential or Functional) starts from."""
        self.built = False
        self._sample_shape = None  # per-sample input shape once built, for predict's fast path
        self._on_gpu = self.device.type != "cpu"
        self.stop_training = False
        self.optimizer = None
        self._compile_config = None
        self._loss_identifier = None
        self._metric_identifiers = None
        self._loss = None
        self._metrics = None
        self._resolved = False

    def build(self, input_shape):
        """Creates every layer's variables for `input_shape` (batch axis first) on the device."""
        input_shape = tuple(input_shape)
        if len(input_shape) < 2:
            raise ValueError(
                f"The model's input shape must include the batch axis, e.g. [null, 4]; got {shape_to_json(input_shape)}."
            )
        if self._input_layer is None:
            # Keras's Sequential.build adds an InputLayer, which then appears in the saved config.
            self._input_layer = layers_module.InputLayer.from_shape(input_shape)
        shape = (None,) + tuple(input_shape[1:])
        for layer in self.layers:
            layer.build(shape, self.device)
            shape = layer.output_shape
        self.built = True
        sample_shape = tuple(input_shape[1:])
        self._sample_shape = sample_shape if None not in sample_shape else None

    def _ensure_built(self, x):
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))

    @property
    def input_shape(self):
        return tuple(self._input_layer.batch_shape) if self._input_layer is not None else None

    @property
    def output_shape(self):
        return tuple(self.layers[-1].output_shape) if self.built else None

    def layer_names(self):
        return [layer.name for layer in self.layers]

    def _trainable_tensors(self):
        return [v.value for layer in self.layers for v in layer.variables if v.trainable]

    def _all_variables(self):
        return [v for layer in self.layers for v in layer.variables]

    def _forward(self, x, training):
        for layer in self.layers:
            x = layer.call(x, training)
        return x

    # ------------------------------------------------------------------ compiling
    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        """Keras's compile: stores optimizer, loss and metrics; nothing is built until data arrive."""
        optimizer_obj = optimizers.get(optimizer)
        if loss is not None and not losses.is_auto_crossentropy(loss):
            losses.get(loss)  # fails now for unknown names
        if metrics is not None and not isinstance(metrics, (list, tuple)):
            raise InvalidArgumentError(f"compile: argument 'metrics' must be a list; got {type(metrics).__name__} {metrics!r}.")
        metric_list = list(metrics) if metrics is not None else None
        for metric in metric_list or []:
            metrics_module.check(metric)
        self.optimizer = optimizer_obj
        self._loss_identifier = loss
        self._metric_identifiers = metric_list
        self._loss = None
        self._metrics = None
        self._resolved = False
        self._compile_config = {
            "optimizer": optimizer_obj.serialize(),
            "loss": self._serialize_loss(loss),
            "loss_weights": None,
            "metrics": None if metric_list is None else [self._serialize_metric(m) for m in metric_list],
            "weighted_metrics": None,
            "run_eagerly": False,
            "steps_per_execution": 1,
            "jit_compile": False,
        }

    @staticmethod
    def _serialize_loss(loss):
        # Keras keeps a string as given and serializes an object to its full config.
        if loss is None or isinstance(loss, str):
            return loss
        return losses.get(loss).serialize()

    @staticmethod
    def _serialize_metric(metric):
        if isinstance(metric, str):
            return metric
        return metrics_module.get(metric, None, None).serialize()

    def _compile_from_config(self, config):
        # Keras 3 writes "optimizer"; legacy .h5 training_config writes "optimizer_config".
        optimizer = config.get("optimizer", config.get("optimizer_config"))
        if optimizer is None:
            raise ValueError("compile_config has no optimizer.")
        loss_weights = config.get("loss_weights")
        if loss_weights not in (None, 1, 1.0):
            raise ValueError(f"compile_config: loss_weights={loss_weights!r} is not supported by the PyTorch engine.")
        if config.get("weighted_metrics"):
            raise ValueError("compile_config: weighted_metrics are not supported by the PyTorch engine.")
        self.compile(optimizer=optimizer, loss=config.get("loss"), metrics=config.get("metrics"))
        if self.built:
            # Keras's compile_from_config builds the optimizer so saved optimizer state can load.
            self.optimizer.build(self._trainable_tensors())

    def _require_compiled(self, method):
        if self.optimizer is None:
            raise NotCompiledError(
                f"{method}: the model must be compiled first; call compile(optimizer, loss, metrics)."
            )
        if self._loss_identifier is None:
            raise NotCompiledError(f"{method}: the model was compiled without a loss; compile it with a loss.")

    def _resolve_compiled(self, y_shape):
        """Builds the loss and metrics once, the first time labels are seen (Keras's CompileLoss /
        CompileMetrics build), resolving "crossentropy" and "accuracy" from the shapes."""
        if self._resolved:
            return
        out_shape = self.output_shape
        self._loss = losses.resolve(self._loss_identifier, y_shape, out_shape)
        resolved = []
        counters = {}
        for identifier in self._metric_identifiers or []:
            metric = metrics_module.get(identifier, y_shape, out_shape)
            # Keras's CompileMetrics.result renames repeated names to name_1, name_2, ...
            if metric.name in counters:
                index = counters[metric.name]
                counters[metric.name] += 1
                metric.name = f"{metric.name}_{index}"
            else:
                counters[metric.name] = 1
            resolved.append(metric)
        self._metrics = resolved
        self._resolved = True

    def metric_direction(self, name):
        """"up"/"down" for a compiled metric's log name (EarlyStopping mode="auto"), else None."""
        for metric in self._metrics or []:
            if metric.name == name:
                return metric.direction
        return None

    # ------------------------------------------------------------------ data
    def _check_x(self, x, method, argument="x"):
        return validation.features(x, self.input_shape, method, argument)

    def _prepare_xy(self, x, y, method, x_name="x", y_name="y"):
        x = self._check_x(x, method, x_name)
        validation.finite(x, x_name, method)
        self._ensure_built(x)
        if y is None:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' is required.")
        raw_y = np.asarray(y)
        if raw_y.ndim == 0:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' must have samples on the first axis; got a scalar.")
        validation.same_rows(x, raw_y, method, x_name, y_name)
        self._resolve_compiled(raw_y.shape)
        y = validation.labels(raw_y, self._loss, self.output_shape, method, y_name)
        return x, y

    def _tensor(self, array):
        tensor = torch.from_numpy(_writable(array))
        return tensor.to(self.device) if self._on_gpu else tensor

    # ------------------------------------------------------------------ training
    def fit(self, x, y, epochs=1, batch_size=32, validation_split=0.0, validation_data=None, shuffle=True,
            callbacks=None, on_epoch_end=None, stop_flag=None, initial_epoch=0, verbose=0):
        method = "fit"
        verbose = progbar_module.check_verbose(verbose, method)
        self._require_compiled(method)
        epochs = validation.positive_int(epochs, "epochs", method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        initial_epoch = validation.non_negative_int(initial_epoch, "initial_epoch", method)
        validation_split = validation.validation_split(validation_split or 0.0, method)
        callback_objects = [callbacks_module.from_dict(c) for c in (callbacks or [])]

        x, y = self._prepare_xy(x, y, method)
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise InvalidArgumentError(
                    f"{method}: argument 'validation_data' must be a tuple (x_val, y_val); got {validation_data!r:.80}."
                )
            val = self._prepare_xy(validation_data[0], validation_data[1], method, "validation_data[0]", "validation_data[1]")
        elif validation_split > 0:
            # Keras takes the LAST fraction of the samples, before any shuffling.
            count = x.shape[0]
            split_at = int(np.floor(count * (1.0 - validation_split)))
            if split_at == 0 or split_at == count:
                raise InvalidArgumentError(
                    f"{method}: training data contains {count} samples, which is not sufficient to split it into a "
                    f"validation and training set as specified by validation_split={validation_split}. Either "
                    "provide more data, or a different value for 'validation_split'."
                )
            val = (x[split_at:], y[split_at:])
            x, y = x[:split_at], y[:split_at]

        x_t, y_t = self._tensor(x), self._tensor(y)
        val_t = (self._tensor(val[0]), self._tensor(val[1])) if val is not None else None
        params = self._trainable_tensors()
        if not self.optimizer.built:
            self.optimizer.build(params)
        elif len(self.optimizer.params) != len(params) or any(a is not b for a, b in zip(self.optimizer.params, params)):
            raise ValueError(
                "fit: the model's trainable variables changed since the optimizer was built; compile the model again."
            )
        if not params:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)

        history = {}
        epochs_done = []
        cancelled = False
        self.stop_training = False
        for callback in callback_objects:
            callback.on_train_begin(self)
        count = x_t.shape[0]
        if verbose:
            steps = -(-count // batch_size)
            callback_objects.append(progbar_module.ProgbarLogger(verbose, steps, epochs).start_fit(initial_epoch))
        # Callbacks that log every batch (TensorBoard with update_freq): the epoch's running values, as Keras's.
        batch_callbacks = [c for c in callback_objects if getattr(c, "records_batches", False)]
        loss_tracker = metrics_module.Mean(name="loss")
        for epoch in range(initial_epoch, epochs):
            loss_tracker.reset(self.device)
            for metric in self._metrics:
                metric.reset(self.device)
            order = torch.randperm(count).to(self.device) if shuffle else None
            for start in range(0, count, batch_size):
                if stop_flag is not None and stop_flag.between_batches():
                    cancelled = True
                    break
                if order is None:
                    xb, yb = x_t[start:start + batch_size], y_t[start:start + batch_size]
                else:
                    index = order[start:start + batch_size]
                    xb, yb = x_t.index_select(0, index), y_t.index_select(0, index)
                for callback in batch_callbacks:
                    callback.on_train_batch_begin(start // batch_size)
                self._train_step(xb, yb, params, loss_tracker)
                if batch_callbacks:
                    batch_logs = dict(zip(["loss"] + [m.name for m in self._metrics], torch.stack(
                        [loss_tracker.result()] + [m.result() for m in self._metrics]).tolist()))
                    for callback in batch_callbacks:
                        callback.on_train_batch_end(start // batch_size, batch_logs)
            if cancelled:
                break
            names = ["loss"] + [m.name for m in self._metrics]
            values = torch.stack([loss_tracker.result()] + [m.result() for m in self._metrics]).tolist()
            logs = dict(zip(names, values))
            if val_t is not None:
                val_logs = self._evaluate_tensors(val_t[0], val_t[1], batch_size)
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            for callback in callback_objects:
                callback.on_epoch_end(epoch, logs, self)
            epochs_done.append(epoch)
            for key, value in logs.items():
                history.setdefault(key, []).append(value)
            if on_epoch_end is not None:
                on_epoch_end(epoch, dict(logs))
            if self.stop_training:
                break
        stopped_early = bool(self.stop_training) and not cancelled
        if not cancelled and epochs_done:
            # Keras's fit: optimizer.finalize_variable_values (use_ema copies the averages into the weights).
            self.optimizer.finalize_variable_values()
        if not cancelled:
            for callback in callback_objects:
                callback.on_train_end(self)
        self.stop_training = False
        return {"epochs": epochs_done, "history": history, "cancelled": cancelled, "stopped_early": stopped_early}

    def _train_step(self, xb, yb, params, loss_tracker):
        y_pred = self._forward(xb, True)
        loss = self._loss(yb, y_pred)
        if params:
            grads = torch.autograd.grad(loss, params)
            self.optimizer.apply(grads)
        with torch.no_grad():
            loss_tracker.update_loss(loss.detach(), xb.shape[0])
            y_pred = y_pred.detach()
            for metric in self._metrics:
                metric.update(yb, y_pred)

    @torch.no_grad()
    def _evaluate_tensors(self, x_t, y_t, batch_size, logger=None):
        loss_tracker = metrics_module.Mean(name="loss")
        loss_tracker.reset(self.device)
        for metric in self._metrics:
            metric.reset(self.device)
        names = ["loss"] + [m.name for m in self._metrics]
        if logger is not None:
            logger.begin()
        for start in range(0, x_t.shape[0], batch_size):
            xb, yb = x_t[start:start + batch_size], y_t[start:start + batch_size]
            y_pred = self._forward(xb, False)
            loss_tracker.update_loss(self._loss(yb, y_pred), xb.shape[0])
            for metric in self._metrics:
                metric.update(yb, y_pred)
            if logger is not None and logger.verbose == 1:
                logger.batch_end(start // batch_size, dict(zip(names, torch.stack(
                    [loss_tracker.result()] + [m.result() for m in self._metrics]).tolist())))
        values = torch.stack([loss_tracker.result()] + [m.result() for m in self._metrics]).tolist()
        if logger is not None:
            logger.end(dict(zip(names, values)))
        return dict(zip(names, values))

    def evaluate(self, x, y, batch_size=32, verbose=0):
        """Keras's evaluate(return_dict=True): {"loss": ..., metric name: ...}."""
        method = "evaluate"
        self._require_compiled(method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        verbose = progbar_module.check_verbose(verbose, method)
        x, y = self._prepare_xy(x, y, method)
        logger = progbar_module.ProgbarLogger(verbose, -(-x.shape[0] // batch_size)) if verbose else None
        return self._evaluate_tensors(self._tensor(x), self._tensor(y), batch_size, logger)

    def predict(self, x, batch_size=32, verbose=0):
        """Outputs for x in inference mode, computed batch by batch as Keras does; float32 numpy."""
        if verbose:
            return progbar_module.predict_with_progbar(self, x, batch_size, verbose)
        # Fast path for the common call (one small float32 batch of the right shape): no copies,
        # no conversions, one forward pass.
        if (type(x) is np.ndarray and x.dtype == np.float32 and x.shape[1:] == self._sample_shape
                and type(batch_size) is int and 0 < x.shape[0] <= batch_size
                and x.flags.c_contiguous and x.flags.writeable):
            with torch.inference_mode():
                x_t = torch.from_numpy(x)
                if self._on_gpu:
                    return self._forward(x_t.to(self.device), False).cpu().numpy()
                return self._forward(x_t, False).numpy()
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", "predict")
        x = self._check_x(x, "predict")
        self._ensure_built(x)
        x = _writable(x)
        count = x.shape[0]
        with torch.inference_mode():
            x_t = torch.from_numpy(x)
            if self._on_gpu:
                x_t = x_t.to(self.device)
            if count <= batch_size:
                out = self._forward(x_t, False)
            else:
                out = torch.cat([self._forward(x_t[i:i + batch_size], False) for i in range(0, count, batch_size)])
            return out.cpu().numpy() if self._on_gpu else out.numpy()

    # ------------------------------------------------------------------ weights
    def get_weights(self):
        return [v.value.detach().cpu().numpy().copy() for v in self._all_variables()]

    def _assign(self, variables, values, what):
        if len(values) != len(variables):
            raise ValueError(
                f"{what}: expected {len(variables)} arrays ({', '.join(v.name for v in variables) or 'none'}); "
                f"got {len(values)}."
            )
        arrays = []
        for variable, value in zip(variables, values):
            array = np.asarray(value, dtype=np.float32)
            if tuple(array.shape) != tuple(variable.value.shape):
                raise ValueError(
                    f"{what}: variable '{variable.name}' needs shape {tuple(variable.value.shape)}; "
                    f"got {tuple(array.shape)}."
                )
            if not np.isfinite(array).all():
                raise ValueError(f"{what}: variable '{variable.name}' contains NaN or infinite values.")
            arrays.append(array)
        with torch.no_grad():
            for variable, array in zip(variables, arrays):
                variable.value.copy_(torch.from_numpy(_writable(array)).to(variable.value.device))

    def _require_built(self, method):
        if not self.built:
            raise ValueError(
                f"{method}: the model has no weights yet because its input shape is unknown; give the first layer "
                "an input shape (InputLayer) or call fit/predict first."
            )

    def set_weights(self, weights):
        self._require_built("set_weights")
        self._assign(self._all_variables(), list(weights), "set_weights")

    def _layer(self, name, method):
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"{method}: no layer named {name!r}; the layers are: {', '.join(self.layer_names())}.")

    def get_layer_weights(self, name):
        layer = self._layer(name, "get_layer_weights")
        return [v.value.detach().cpu().numpy().copy() for v in layer.variables]

    def set_layer_weights(self, name, weights):
        self._require_built("set_layer_weights")
        layer = self._layer(name, "set_layer_weights")
        self._assign(layer.variables, list(weights), f"set_layer_weights('{name}')")

    def snapshot_weights(self):
        """Device-side copies of every variable (EarlyStopping's best weights)."""
        return [v.value.detach().clone() for v in self._all_variables()]

    def restore_weights(self, snapshot):
        with torch.no_grad():
            for variable, value in zip(self._all_variables(), snapshot):
                variable.value.copy_(value)

    def _layer_weight_list(self):
        return [(layer.name, [v.value.detach().cpu().numpy().copy() for v in layer.variables]) for layer in self.layers]

    def assign_layer_weights(self, layer_weights, path):
        """Loads [(layer name, arrays)] read from `path`; matched by name, else by position."""
        if not self.built:
            raise ModelFileError(path, "the model's input shape is unknown, so its weights cannot be loaded.")
        by_name = {name: arrays for name, arrays in layer_weights}
        names = self.layer_names()
        if not any(name in by_name for name in names) and len(layer_weights) == len(self.layers):
            by_name = {name: arrays for name, (_, arrays) in zip(names, layer_weights)}
        for layer in self.layers:
            arrays = by_name.get(layer.name)
            if arrays is None:
                if layer.variables:
                    raise ModelFileError(path, f"it has no weights for layer '{layer.name}'.")
                continue
            try:
                self._assign(layer.variables, list(arrays), f"layer '{layer.name}'")
            except ValueError as e:
                raise ModelFileError(path, f"its weights do not fit the model: {e}") from None

    # ------------------------------------------------------------------ files
    def save(self, path):
        path = str(path)
        if not path.endswith(".keras"):
            raise InvalidArgumentError(f"save: argument 'path' must end in .keras (the Keras 3 format); got '{path}'.")
        from kerasbridge.model_files import write_keras_file

        optimizer_variables = self.optimizer.get_variables() if self.optimizer is not None else []
        write_keras_file(path, self.config(), self._layer_weight_list(), optimizer_variables)

    def save_weights(self, path):
        path = str(path)
        if not path.endswith(".weights.h5"):
            raise InvalidArgumentError(f"save_weights: argument 'path' must end in .weights.h5 (as Keras requires); got '{path}'.")
        from kerasbridge.model_files import write_weights_file

        write_weights_file(path, self.config(), self._layer_weight_list())

    def load_weights(self, path):
        path = str(path)
        from kerasbridge.model_files import read_weights_file

        self.assign_layer_weights(read_weights_file(path, self.config()), path)

    # ------------------------------------------------------------------ description
    def config(self):
        """The config.json dict Keras writes for this model (build_config and compile_config included)."""
        layer_entries = []
        if self._input_layer is not None:
            layer_entries.append(self._input_layer.serialize())
        layer_entries.extend(layer.serialize() for layer in self.layers)
        inner = {"name": self.name, "trainable": self.trainable, "dtype": dtype_policy(), "layers": layer_entries}
        if self.built:
            inner["build_input_shape"] = shape_to_json(self._input_layer.batch_shape)
        outer = {"module": "keras", "class_name": "Sequential", "config": inner, "registered_name": None}
        if self.built:
            outer["build_config"] = {"input_shape": shape_to_json(self._input_layer.batch_shape)}
        outer["compile_config"] = dict(self._compile_config) if self._compile_config else {}
        return outer

    def count_params(self):
        trainable = sum(v.value.numel() for v in self._all_variables() if v.trainable)
        non_trainable = sum(v.value.numel() for v in self._all_variables() if not v.trainable)
        return trainable, non_trainable

    def summary(self):
        """The text Keras's model.summary() prints."""
        from kerasbridge.summary import SummaryRow, format_summary

        rows = [
            SummaryRow(
                name=layer.name,
                class_name=layer.class_name,
                output_shape=tuple(layer.output_shape) if layer.built else None,
                # Keras shows "0 (unbuilt)" for lazily built layers that are not built yet.
                params=layer.count_params() if layer.built or not layer.has_build_config else None,
            )
            for layer in self.layers
        ]
        trainable, non_trainable = self.count_params()
        optimizer_params = None
        if self.optimizer is not None and self.optimizer.built:
            optimizer_params = self.optimizer.variable_count()
        return format_summary(self.name, rows, trainable, non_trainable, optimizer_params)
