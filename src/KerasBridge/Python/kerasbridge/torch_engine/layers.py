"""Keras layers on torch tensors, each built from its Keras config dict.

Each layer keeps its variables in Keras's layout and order (Dense kernel is (in, out); Conv2D
kernel is (kh, kw, in, out); BatchNormalization is gamma, beta, moving_mean, moving_variance)
so weights load and save exactly as Keras's do. Layers are plain Python objects calling torch
functional ops rather than torch.nn.Modules: that keeps a one-row predict cheap.

This module holds the base Layer, InputLayer and the core layers (Dense, Activation, Dropout, Flatten, Identity); the
other families are modules of their own (convolution.py, normalization.py, merging.py, ...), and registry.py
registers them all by Keras class name.

Sources: keras/src/layers/core/dense.py, core/input_layer.py, core/identity.py, regularization/dropout.py,
reshaping/flatten.py, activations/activation.py and the torch backend ops they call
(keras/src/backend/torch/nn.py).
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, constraints, initializers, naming, regularizers
from kerasbridge.torch_engine.serialization import (
    as_int_tuple,
    dtype_policy,
    keras_object,
    shape_to_json,
    standardize_shape,
)


class Variable:
    """One Keras variable: its name within the layer, its tensor, whether it is trained now, whether it
    was created trainable (BatchNormalization's moving statistics never are, whatever the layer's flag),
    and the regularizer and constraint Keras's add_weight attached to it (None when none)."""

    __slots__ = ("name", "value", "trainable", "created_trainable", "regularizer", "constraint")

    def __init__(self, name, value, trainable, created_trainable=None, regularizer=None, constraint=None):
        self.name = name
        self.value = value
        self.trainable = trainable
        self.created_trainable = trainable if created_trainable is None else created_trainable
        self.regularizer = regularizer
        self.constraint = constraint
        if trainable:
            value.requires_grad_(True)


# Options every layer config may carry; they need no handling here.
_COMMON_OPTIONS = {"name", "trainable", "dtype", "autocast"}


def _check_dtype(dtype, layer_label):
    # Only float32 is implemented; Keras writes a DTypePolicy dict, legacy configs a string.
    name = dtype
    if isinstance(dtype, dict):
        name = (dtype.get("config") or {}).get("name")
    if name not in (None, "float32"):
        raise ValueError(
            f"{layer_label}: dtype {name!r} is not supported by the PyTorch engine; only float32 is."
        )


class Layer:
    class_name = "Layer"
    # Keras writes a build_config only for layers that build lazily (those with weights, and
    # Flatten); layers built in __init__ (Dropout, pooling, Activation) have none.
    has_build_config = False
    # Keras's base Layer takes activity_regularizer (any layer); MultiHeadAttention keeps its own and hands
    # it to its projections instead (it sets this False and reads the option itself).
    base_activity_regularizer = True

    def __init__(self, config, options):
        """`options` maps each supported config key to its Keras default."""
        config = dict(config)
        self.name = config.get("name") or naming.auto_name(self.class_name)
        if not isinstance(self.name, str):
            raise ValueError(f"Layer name must be a string; got {self.name!r}.")
        self.trainable = bool(config.get("trainable", True))
        label = f"Layer '{self.name}' ({self.class_name})"
        _check_dtype(config.get("dtype"), label)
        # Keras 2 style shape hints on the first layer; the model turns them into an InputLayer.
        self.input_shape_hint = None
        if config.get("batch_input_shape") is not None:
            self.input_shape_hint = standardize_shape(config["batch_input_shape"], "batch_input_shape")
        elif config.get("batch_shape") is not None:
            self.input_shape_hint = standardize_shape(config["batch_shape"], "batch_shape")
        elif config.get("input_shape") is not None:
            self.input_shape_hint = (None,) + standardize_shape(config["input_shape"], "input_shape")
        elif config.get("input_dim") is not None:
            self.input_shape_hint = (None, int(config["input_dim"]))
        for key in ("batch_input_shape", "batch_shape", "input_shape", "input_dim"):
            config.pop(key, None)
        self.activity_regularizer = None
        if self.base_activity_regularizer:
            self.activity_regularizer = regularizers.get(config.pop("activity_regularizer", None), label,
                                                         "activity_regularizer")
        values = {}
        for key, value in config.items():
            if key in options or key in _COMMON_OPTIONS:
                continue
            # Options other Keras versions write with an empty value (quantization_config,
            # lora_rank, ...) change nothing.
            if value is None or value is False:
                continue
            raise ValueError(f"{label}: option '{key}'={value!r} is not supported by the PyTorch engine.")
        for key, default in options.items():
            values[key] = config.get(key, default)
        seed = values.get("seed")
        if seed is not None and not isinstance(seed, int):
            # keras/src/random/seed_generator.py: a layer's SeedGenerator takes an int seed (None: a random one).
            raise ValueError(f"{label}: 'seed' must be an int or null; got {seed!r}.")
        self.label = label
        self.options = values
        # Every "<x>_regularizer" / "<x>_constraint" option as a Keras object (or None), keyed by option.
        self.config_objects = {
            key: (regularizers if key.endswith("_regularizer") else constraints).get(value, label, key)
            for key, value in values.items() if key.endswith(("_regularizer", "_constraint"))}
        if self.activity_regularizer is not None:
            self.config_objects["activity_regularizer"] = self.activity_regularizer
        self.variables = []
        self.built = False
        self.input_shape = None
        self.output_shape = None

    # ----- building -----
    def build(self, input_shape, device):
        """Creates the variables for `input_shape` (batch dimension None) on `device`."""
        self.input_shape = tuple(input_shape)
        self.output_shape = self.compute_output_shape(self.input_shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def _add_variable(self, name, shape, initializer, trainable, device):
        if str(device) == "meta":
            # model_files asks for shapes only (engine_rules): nothing is drawn, the RNG is untouched.
            value = torch.empty(tuple(shape), device="meta")
        else:
            value = initializer(tuple(shape), device)
        # Keras's layers pass add_weight the options named after the variable: kernel -> kernel_regularizer,
        # gamma -> gamma_regularizer, and "<x>_kernel" -> "<x>_regularizer" (recurrent, depthwise, pointwise).
        prefix = name[:-len("_kernel")] if name.endswith("_kernel") else name
        variable = Variable(name, value, trainable and self.trainable, trainable,
                            self.config_objects.get(f"{prefix}_regularizer"), self.config_objects.get(f"{prefix}_constraint"))
        self.variables.append(variable)
        return variable.value

    # ----- running -----
    def call(self, x, training):
        raise NotImplementedError

    # ----- weights -----
    @property
    def trainable_variables(self):
        return [v for v in self.variables if v.trainable]

    @property
    def non_trainable_variables(self):
        return [v for v in self.variables if not v.trainable]

    def count_params(self):
        return sum(v.value.numel() for v in self.variables)

    # ----- serialization -----
    def layer_config(self):
        """The layer's specific config entries, in Keras's key order. Regularizer and constraint entries
        may be written null: get_config fills them from config_objects."""
        return {}

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": dtype_policy()}
        if self.base_activity_regularizer and self.activity_regularizer is not None:
            # Keras's base Layer.get_config writes it here; a layer's own null entry for it keeps this place.
            config["activity_regularizer"] = None
        config.update(self.layer_config())
        for key, value in self.config_objects.items():
            if value is not None:
                config[key] = value.serialize()
        return config

    def serialize(self):
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.has_build_config and self.built:
            entry["build_config"] = {"input_shape": shape_to_json(self.input_shape)}
        return entry

    def _require_rank(self, input_shape, ranks, what):
        if len(input_shape) not in ranks:
            expected = " or ".join(str(r) for r in ranks)
            raise ValueError(
                f"{self.label} expects {what} input of rank {expected} (batch axis included); "
                f"got input shape {shape_to_json(input_shape)}."
            )


def _options_must_be_null(layer, keys):
    """Refuses non-null values of options the PyTorch engine cannot run (e.g. Embedding's lora_rank)."""
    for key in keys:
        if layer.options.get(key) is not None:
            raise ValueError(
                f"{layer.label}: option '{key}' is not supported by the PyTorch engine (got "
                f"{layer.options[key]!r}); only null is."
            )


_INTEGER_INPUT_DTYPES = ("int32", "int64")


class InputLayer:
    """Holds the model's batch input shape; it has no weights and is not a computing layer."""

    class_name = "InputLayer"

    def __init__(self, config):
        config = dict(config)
        shape = config.get("batch_shape")
        if shape is None:
            shape = config.get("batch_input_shape")
        if shape is None and config.get("shape") is not None:
            shape = (None,) + tuple(config["shape"])
        if shape is None and config.get("input_shape") is not None:
            shape = (None,) + tuple(config["input_shape"])
        if shape is None:
            raise ValueError(f"InputLayer config needs 'batch_shape'; got {config!r}.")
        self.batch_shape = standardize_shape(shape, "batch_shape")
        self.name = config.get("name") or naming.auto_name("InputLayer")
        # Integer inputs (token ids for an Embedding) are kept in the config; the values arrive as float32.
        # A string Input feeds a StringLookup or a Hashing, which runs where the data enters (string_inputs.py).
        self.dtype = config.get("dtype") if config.get("dtype") in _INTEGER_INPUT_DTYPES + ("string",) else "float32"
        if self.dtype == "float32":
            _check_dtype(config.get("dtype"), f"InputLayer '{self.name}'")
        if config.get("sparse") or config.get("ragged"):
            raise ValueError(f"InputLayer '{self.name}': sparse and ragged inputs are not supported.")
        self.optional = bool(config.get("optional", False))

    @classmethod
    def from_shape(cls, batch_shape):
        return cls({"batch_shape": list(batch_shape)})

    def serialize(self):
        return keras_object("keras.layers", "InputLayer", {
            "batch_shape": shape_to_json(self.batch_shape),
            "dtype": self.dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        })


class Dense(Layer):
    class_name = "Dense"
    has_build_config = True
    _OPTIONS = {
        "units": None, "activation": None, "use_bias": True,
        "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        units = self.options["units"]
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"{self.label}: 'units' must be a positive int; got {units!r}.")
        self.units = units
        self.activation_name, self.activation = activations.get(self.options["activation"], f"{self.name}.activation")
        self.use_bias = bool(self.options["use_bias"])
        self.kernel_initializer = initializers.get(self.options["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(self.options["bias_initializer"], f"{self.name}.bias_initializer")
        self.kernel = None
        self.bias = None

    def build(self, input_shape, device):
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise ValueError(
                f"{self.label} needs an input whose last dimension is known; got input shape "
                f"{shape_to_json(input_shape)}."
            )
        self.kernel = self._add_variable("kernel", (input_shape[-1], self.units), self.kernel_initializer, True, device)
        if self.use_bias:
            self.bias = self._add_variable("bias", (self.units,), self.bias_initializer, True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def call(self, x, training):
        # Keras: matmul(inputs, kernel) then add bias. Kept as two ops on purpose: a fused addmm
        # rounds differently and drifts from Keras's numbers by ~1e-6 over a training run.
        if not x.is_floating_point():  # integer indices (IntegerLookup): Keras's matmul takes their result type
            x = x.to(self.kernel.dtype)
        y = torch.matmul(x, self.kernel)
        if self.bias is not None:
            y = y + self.bias
        return self.activation(y)

    def layer_config(self):
        return {
            "units": self.units,
            "activation": self.activation_name,
            "use_bias": self.use_bias,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "kernel_constraint": None,
            "bias_constraint": None,
            "quantization_config": None,
        }


class Activation(Layer):
    class_name = "Activation"

    def __init__(self, config):
        super().__init__(config, {"activation": None})
        self.activation_name, self.activation = activations.get(self.options["activation"], f"{self.name}.activation")

    def call(self, x, training):
        return self.activation(x)

    def layer_config(self):
        return {"activation": self.activation_name}


class Dropout(Layer):
    class_name = "Dropout"

    def __init__(self, config):
        super().__init__(config, {"rate": None, "noise_shape": None, "seed": None})
        rate = self.options["rate"]
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate <= 1:
            raise ValueError(f"{self.label}: 'rate' must be a number in [0, 1]; got {rate!r}.")
        self.rate = float(rate)
        noise_shape = self.options["noise_shape"]
        if noise_shape is not None and (not isinstance(noise_shape, (list, tuple)) or not all(
                d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in noise_shape)):
            raise ValueError(f"{self.label}: 'noise_shape' must be a list of positive ints or nulls; got {noise_shape!r}.")
        self.noise_shape = None if noise_shape is None else list(noise_shape)
        self.seed = self.options["seed"]

    def call(self, x, training):
        # Dropout acts only while training; kept values are scaled by 1 / (1 - rate) as in Keras.
        if not training or self.rate == 0.0:
            return x
        if self.rate == 1.0:
            return torch.zeros_like(x)
        if self.noise_shape is None:
            return F.dropout(x, p=self.rate, training=True)
        keep = 1.0 - self.rate
        mask = torch.bernoulli(torch.full(self._mask_shape(x), keep, dtype=x.dtype, device=x.device)).expand_as(x)
        return torch.where(mask.bool(), x / keep, torch.zeros_like(x))

    def _mask_shape(self, x):
        # keras/src/layers/regularization/dropout.py _get_noise_shape: None entries take the input's size; one mask
        # is drawn for that shape and broadcast (EfficientNet drops whole samples: noise_shape (None, 1, 1, 1)).
        if self.noise_shape is None:
            return tuple(x.shape)
        return tuple(x.shape[i] if d is None else d for i, d in enumerate(self.noise_shape))

    def layer_config(self):
        return {"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}


def _check_data_format(layer, value):
    value = "channels_last" if value is None else value
    if value not in ("channels_last", "channels_first"):
        raise ValueError(f"{layer.label}: 'data_format' must be channels_last or channels_first; got {value!r}.")
    return value


class Flatten(Layer):
    class_name = "Flatten"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"data_format": None})
        self.data_format = _check_data_format(self, self.options["data_format"])

    def compute_output_shape(self, input_shape):
        dims = input_shape[1:]
        if any(d is None for d in dims):
            return (input_shape[0], None)
        return (input_shape[0], int(math.prod(dims)))

    def call(self, x, training):
        if self.data_format == "channels_first" and x.dim() > 2:
            # Keras flattens channels-first input in channels-last order.
            x = x.permute(0, *range(2, x.dim()), 1)
        return x.reshape(x.shape[0], -1)

    def layer_config(self):
        return {"data_format": self.data_format}


class Identity(Layer):
    """keras/src/layers/core/identity.py: returns its input; built at construction (no build_config)."""

    class_name = "Identity"

    def __init__(self, config):
        super().__init__(config, {})

    def call(self, x, training):
        return x


# The core layers of this module; torch_engine/registry.py registers every family by Keras class name.
CORE_CLASSES = (Dense, Activation, Dropout, Flatten, Identity)
