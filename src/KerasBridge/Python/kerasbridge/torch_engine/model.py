"""A Keras Sequential model executed on PyTorch (keras/src/models/sequential.py, keras/src/layers/layer.py).

Building, weights, files and the description live here; compile, fit and evaluate are the Trainer's
(torch_engine/trainer.py, keras/src/trainers/trainer.py and backend/torch/trainer.py).
"""

import warnings

import numpy as np
import torch

from kerasbridge import named_arrays, progbar, validation
from kerasbridge.errors import InvalidArgumentError, ModelFileError
from kerasbridge.torch_engine import layers as layers_module
from kerasbridge.torch_engine import masking, naming, registry, string_inputs
from kerasbridge.torch_engine.config_errors import layer_arguments
from kerasbridge.torch_engine.regularizers import record_activity
from kerasbridge.torch_engine.serialization import dtype_policy, shape_to_json, standardize_shape
from kerasbridge.torch_engine.trainer import Trainer, _writable  # noqa: F401  (_writable: functional.py uses it)


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


class TorchModel(Trainer):
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
            layer = registry.layer_from_config(entry)
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
        self._masked = masking.any_produces_mask(self.layers)  # run the layers through masking.call

        input_shape = self._known_input_shape(outer, inner, inner["layers"])
        if input_shape is not None:
            self.build(input_shape)
        self._string_lookups = string_inputs.sequential(self)
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
        self._loss_weights = None
        self._metric_identifiers = None
        self._compiled = None  # compile_utils.CompiledOutputs once labels were seen
        self._resolved = False

    @layer_arguments()  # a layer's bad option: InvalidArgumentError naming it
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
            if isinstance(shape, list):  # as Keras's Sequential: every layer must have one output
                raise ValueError(f"{layer.label} returns {len(shape)} tensors (return_state or merge_mode=None); "
                                 "a Sequential model needs layers with one output; use a Functional model.")
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

    @property
    def input_names(self):
        return [self._input_layer.name] if self._input_layer is not None else []

    @property
    def output_names(self):
        return self._output_names()

    def _output_names(self):
        """Keras's output_names: the layers making the outputs (a Sequential: its last layer)."""
        return [self.layers[-1].name]

    def _output_shape_list(self):
        return [self.output_shape]

    def layer_names(self):
        return [layer.name for layer in self.layers]

    def _trainable_tensors(self):
        return [v.value for layer in self.layers for v in layer.variables if v.trainable]

    def _all_variables(self):
        return [v for layer in self.layers for v in layer.variables]

    def _forward(self, x, training, masked=False):
        """The layers in order; `masked` (or a layer making masks) passes Keras's masks along (masking.call)."""
        masked = masked or self._masked
        for layer in self.layers:
            x = masking.call(layer, x, training) if masked else layer.call(x, training)
            if layer.activity_regularizer is not None:
                record_activity(layer.activity_regularizer, x)
        return x

    def predict(self, x, batch_size=32, verbose=0):
        """Outputs for x in inference mode, computed batch by batch as Keras does; float32 numpy.
        verbose 1 or 2 prints Keras's progress bar (kerasbridge/progbar.py)."""
        verbose = progbar.check_verbose(verbose, "predict")
        # Fast path for the common call (one small float32 batch of the right shape): no copies,
        # no conversions, one forward pass.
        if (not verbose and type(x) is np.ndarray and x.dtype == np.float32 and x.shape[1:] == self._sample_shape
                and type(batch_size) is int and 0 < x.shape[0] <= batch_size
                and x.flags.c_contiguous and x.flags.writeable):
            with torch.inference_mode():
                x_t = torch.from_numpy(x)
                if self._on_gpu:
                    return self._forward(x_t.to(self.device), False).cpu().numpy()
                return self._forward(x_t, False).numpy()
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", "predict")
        if isinstance(x, dict):
            x = named_arrays.in_order(x, self.input_names, "predict", "x", "input")[0]
        x = self._check_x(x, "predict")
        self._ensure_built(x)
        x = _writable(x)
        count = x.shape[0]
        with torch.inference_mode():
            x_t = torch.from_numpy(x)
            if self._on_gpu:
                x_t = x_t.to(self.device)
            run = lambda xb: self._forward(xb, False)  # noqa: E731
            run_batch = lambda i: self._on_batch(x_t[i:i + batch_size], run)  # noqa: E731
            if verbose:
                out = string_inputs.join_batches(progbar.predict_steps(count, batch_size, verbose, run_batch))
            elif count <= batch_size:
                out = run_batch(0)
            else:
                out = string_inputs.join_batches([run_batch(i) for i in range(0, count, batch_size)])
            return out.cpu().numpy() if self._on_gpu else out.numpy()

    def predict_small_batch(self, x_t, out_t):
        """Predict's fast path for a caller that owns both buffers (the .NET bridge's small-batch path,
        dotnet_api.SmallBatchPredictor): x_t and out_t are CPU float32 tensors made once over pinned memory, and
        the outputs are written into out_t. The same forward pass as predict, so the same values, without
        predict's argument checks and numpy conversions. False (nothing written) when the output is not one
        tensor of out_t's shape (then the caller takes the general path)."""
        with torch.inference_mode():
            y = self._forward(x_t.to(self.device) if self._on_gpu else x_t, False)
            if type(y) is not torch.Tensor or y.shape != out_t.shape:
                return False
            out_t.copy_(y)
        return True

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

    def set_trainable(self, name, flag):
        """`model.trainable = flag` (name None) or `model.get_layer(name).trainable = flag`."""
        from kerasbridge.torch_engine.trainable import set_trainable

        set_trainable(self if name is None else self._layer(name, "set_trainable"), flag)

    def is_trainable(self, name):
        return bool((self if name is None else self._layer(name, "trainable")).trainable)

    def get_layer_weights(self, name):
        layer = self._layer(name, "get_layer_weights")
        return [v.value.detach().cpu().numpy().copy() for v in layer.variables]

    def adapt_layer(self, name, data):
        """Keras's model.get_layer(name).adapt(data) for a preprocessing layer with state (Normalization)."""
        from kerasbridge.adapting import adapt_layer

        self._require_built("adapt_layer")
        adapt_layer(self._layer, name, data)

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
        self._assign_by_name(((layer.name, layer) for layer in self.layers), by_name, path)

    def _assign_by_name(self, named_layers, by_name, path):
        """Gives each (name, layer) the arrays `by_name` holds under its name (read from `path`)."""
        for name, layer in named_layers:
            arrays = by_name.get(name)
            if arrays is None:
                if layer.variables:
                    raise ModelFileError(path, f"it has no weights for layer '{name}'.")
                continue
            try:
                self._assign(layer.variables, list(arrays), f"layer '{name}'")
            except ValueError as e:
                raise ModelFileError(path, f"its weights do not fit the model: {e}") from None

    # ------------------------------------------------------------------ files
    def save(self, path):
        path = str(path)
        if not path.endswith(".keras"):
            raise InvalidArgumentError(f"save: argument 'path' must end in .keras (the Keras 3 format); got '{path}'.")
        from kerasbridge.model_files import write_keras_file

        from kerasbridge.torch_engine.layer_files import layer_files

        optimizer_variables = self.optimizer.get_variables() if self.optimizer is not None else []
        state, assets = layer_files(self.layers)
        write_keras_file(path, self.config(), self._layer_weight_list(), optimizer_variables, state, assets)

    def save_weights(self, path):
        path = str(path)
        if not path.endswith(".weights.h5"):
            raise InvalidArgumentError(f"save_weights: argument 'path' must end in .weights.h5 (as Keras requires); got '{path}'.")
        from kerasbridge.model_files import write_weights_file

        # As Keras's save_weights: a compiled model's file holds its optimizer variables too.
        from kerasbridge.torch_engine.layer_files import layer_files

        optimizer_variables = self.optimizer.get_variables() if self.optimizer is not None else None
        write_weights_file(path, self.config(), self._layer_weight_list(), optimizer_variables,
                           layer_files(self.layers)[0])

    def load_weights(self, path):
        path = str(path)
        from kerasbridge.model_files import read_weights_and_optimizer

        layer_weights, optimizer_variables = read_weights_and_optimizer(path, self.config())
        self.assign_layer_weights(layer_weights, path)
        self.load_optimizer_variables(optimizer_variables)

    def load_optimizer_variables(self, values):
        """Optimizer state read from a file into the compiled optimizer; as Keras, state that does not fit (an
        optimizer not built yet, another optimizer) is skipped with a warning."""
        if self.optimizer is None or not values:
            return
        if not self.optimizer.set_variables(values):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.optimizer.name}': the file holds {len(values)} "
                "optimizer variables, which do not fit this optimizer.",
                stacklevel=3,
            )

    def export_onnx(self, path, opset=None):
        """Writes the inference forward pass as an ONNX file, atomically (kerasbridge/onnx_export.py)."""
        from kerasbridge.onnx_export import export_torch_model

        export_torch_model(self, path, opset)

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
