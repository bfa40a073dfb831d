"""Keras layers on torch tensors, each built from its Keras config dict.

Each layer keeps its variables in Keras's layout and order (Dense kernel is (in, out); Conv2D
kernel is (kh, kw, in, out); BatchNormalization is gamma, beta, moving_mean, moving_variance)
so weights load and save exactly as Keras's do. Layers are plain Python objects calling torch
functional ops rather than torch.nn.Modules: that keeps a one-row predict cheap.

Sources: keras/src/layers/core/dense.py, core/input_layer.py, convolutional/base_conv.py,
normalization/batch_normalization.py, regularization/dropout.py, reshaping/flatten.py,
pooling/base_pooling.py, pooling/base_global_pooling.py, activations/activation.py and the torch
backend ops they call (keras/src/backend/torch/nn.py).
"""

import math

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers, naming
from kerasbridge.torch_engine.serialization import (
    as_int_tuple,
    dtype_policy,
    keras_object,
    shape_to_json,
    split_identifier,
    standardize_shape,
)


class Variable:
    """One Keras variable: its name within the layer, its tensor, and whether it is trained."""

    __slots__ = ("name", "value", "trainable")

    def __init__(self, name, value, trainable):
        self.name = name
        self.value = value
        self.trainable = trainable
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
        values = {}
        for key, value in config.items():
            if key in options or key in _COMMON_OPTIONS:
                continue
            # Options other Keras versions write with an empty value (quantization_config,
            # lora_rank, activity_regularizer, ...) change nothing.
            if value is None or value is False:
                continue
            raise ValueError(f"{label}: option '{key}'={value!r} is not supported by the PyTorch engine.")
        for key, default in options.items():
            values[key] = config.get(key, default)
        self.label = label
        self.options = values
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
        value = initializer(tuple(shape), device)
        variable = Variable(name, value, trainable and self.trainable)
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
        """The layer's specific config entries, in Keras's key order."""
        return {}

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": dtype_policy()}
        config.update(self.layer_config())
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


def _regularizers_must_be_null(layer, keys):
    for key in keys:
        if layer.options.get(key) is not None:
            raise ValueError(
                f"{layer.label}: option '{key}' is not supported by the PyTorch engine (got "
                f"{layer.options[key]!r}); only null is."
            )


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
            "dtype": "float32",
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
        _regularizers_must_be_null(self, ["kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"])
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
        if self.options["noise_shape"] is not None:
            raise ValueError(f"{self.label}: 'noise_shape' is not supported by the PyTorch engine; only null is.")
        self.seed = self.options["seed"]

    def call(self, x, training):
        # Dropout acts only while training; kept values are scaled by 1 / (1 - rate) as in Keras.
        if not training or self.rate == 0.0:
            return x
        if self.rate == 1.0:
            return torch.zeros_like(x)
        return F.dropout(x, p=self.rate, training=True)

    def layer_config(self):
        return {"rate": self.rate, "seed": self.seed, "noise_shape": None}


def _check_data_format(layer, value):
    value = "channels_last" if value is None else value
    if value not in ("channels_last", "channels_first"):
        raise ValueError(f"{layer.label}: 'data_format' must be channels_last or channels_first; got {value!r}.")
    return value


def _check_padding(layer, value):
    value = str(value).lower()
    if value not in ("valid", "same"):
        raise ValueError(f"{layer.label}: 'padding' must be 'valid' or 'same'; got {value!r}.")
    return value


def _same_padding(length, kernel, stride, dilation=1):
    """TensorFlow-style 'same' padding (left, right) along one axis, as Keras's torch backend pads."""
    effective = (kernel - 1) * dilation + 1
    if stride == 1:
        total = effective - 1
    else:
        output = (length + stride - 1) // stride
        total = max(0, (output - 1) * stride + effective - length)
    left = total // 2
    return left, total - left


def _conv_output_length(length, kernel, stride, padding, dilation=1):
    if length is None:
        return None
    if padding == "same":
        return (length + stride - 1) // stride
    effective = (kernel - 1) * dilation + 1
    return (length - effective) // stride + 1


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


class Conv2D(Layer):
    class_name = "Conv2D"
    has_build_config = True
    _OPTIONS = {
        "filters": None, "kernel_size": None, "strides": (1, 1), "padding": "valid",
        "data_format": None, "dilation_rate": (1, 1), "groups": 1, "activation": None,
        "use_bias": True, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None,
        "bias_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        filters = self.options["filters"]
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{self.label}: 'filters' must be a positive int; got {filters!r}.")
        self.filters = filters
        if self.options["kernel_size"] is None:
            raise ValueError(f"{self.label}: 'kernel_size' is required.")
        self.kernel_size = as_int_tuple(self.options["kernel_size"], 2, f"{self.name}.kernel_size")
        self.strides = as_int_tuple(self.options["strides"], 2, f"{self.name}.strides")
        self.dilation_rate = as_int_tuple(self.options["dilation_rate"], 2, f"{self.name}.dilation_rate")
        self.padding = _check_padding(self, self.options["padding"])
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.groups = int(self.options["groups"])
        if self.groups <= 0 or filters % self.groups != 0:
            raise ValueError(f"{self.label}: 'filters' ({filters}) must be divisible by 'groups' ({self.groups}).")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"{self.label}: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras).")
        self.activation_name, self.activation = activations.get(self.options["activation"], f"{self.name}.activation")
        self.use_bias = bool(self.options["use_bias"])
        self.kernel_initializer = initializers.get(self.options["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(self.options["bias_initializer"], f"{self.name}.bias_initializer")
        _regularizers_must_be_null(self, ["kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"])
        self.kernel = None
        self.bias = None
        self._cached_kernel = None
        self._cached_version = None
        self._padding_cache = {}

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape, device):
        self._require_rank(input_shape, (4,), "image")
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError(f"{self.label} needs the number of input channels; got input shape {shape_to_json(input_shape)}.")
        if channels % self.groups != 0:
            raise ValueError(f"{self.label}: input channels ({channels}) must be divisible by 'groups' ({self.groups}).")
        shape = self.kernel_size + (channels // self.groups, self.filters)
        self.kernel = self._add_variable("kernel", shape, self.kernel_initializer, True, device)
        if self.use_bias:
            self.bias = self._add_variable("bias", (self.filters,), self.bias_initializer, True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        spatial = input_shape[1:3] if self.data_format == "channels_last" else input_shape[2:4]
        out = tuple(
            _conv_output_length(spatial[i], self.kernel_size[i], self.strides[i], self.padding, self.dilation_rate[i])
            for i in range(2)
        )
        for length in out:
            if length is not None and length <= 0:
                raise ValueError(
                    f"{self.label}: the input {shape_to_json(input_shape)} is too small for kernel_size "
                    f"{list(self.kernel_size)}; the output would have size {length}."
                )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (self.filters,)
        return (input_shape[0], self.filters) + out

    def _torch_kernel(self):
        """The kernel in torch's (out, in, kh, kw) layout. Without autograd (predict, evaluate) a
        contiguous copy is cached until the kernel changes (tracked by its version counter)."""
        if torch.is_grad_enabled():
            return self.kernel.permute(3, 2, 0, 1)
        version = self.kernel._version
        if self._cached_kernel is None or self._cached_version != version:
            self._cached_kernel = self.kernel.detach().permute(3, 2, 0, 1).contiguous()
            self._cached_version = version
        return self._cached_kernel

    def _padding_for(self, height, width):
        """(padding argument for conv2d, explicit F.pad tuple or None) for an input size."""
        key = (height, width)
        cached = self._padding_cache.get(key)
        if cached is None:
            if self.padding == "valid":
                cached = (0, None)
            else:
                pads = [_same_padding(length, self.kernel_size[i], self.strides[i], self.dilation_rate[i])
                        for i, length in enumerate(key)]
                if all(left == right for left, right in pads):
                    cached = (tuple(left for left, _ in pads), None)
                else:
                    # Asymmetric TF-style padding (extra pixel at the end) must be applied explicitly.
                    cached = (0, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
            self._padding_cache[key] = cached
        return cached

    def call(self, x, training):
        if self.data_format == "channels_last":
            x = x.permute(0, 3, 1, 2)
        padding, explicit = self._padding_for(x.shape[2], x.shape[3])
        if explicit is not None:
            x = F.pad(x, explicit)
        # Keras convolves without bias, then adds the bias in the output layout.
        y = F.conv2d(x, self._torch_kernel(), None, self.strides, padding, self.dilation_rate, self.groups)
        if self.data_format == "channels_last":
            y = y.permute(0, 2, 3, 1)
            if self.bias is not None:
                y = y + self.bias
        elif self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return self.activation(y)

    def layer_config(self):
        return {
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": list(self.dilation_rate),
            "groups": self.groups,
            "activation": self.activation_name,
            "use_bias": self.use_bias,
            "kernel_initializer": self.kernel_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "activity_regularizer": None,
            "kernel_constraint": None,
            "bias_constraint": None,
        }


class MaxPooling2D(Layer):
    class_name = "MaxPooling2D"

    def __init__(self, config):
        super().__init__(config, {"pool_size": (2, 2), "strides": None, "padding": "valid", "data_format": None})
        self.pool_size = as_int_tuple(self.options["pool_size"], 2, f"{self.name}.pool_size")
        strides = self.options["strides"]
        self.strides = self.pool_size if strides is None else as_int_tuple(strides, 2, f"{self.name}.strides")
        self.padding = _check_padding(self, self.options["padding"])
        self.data_format = _check_data_format(self, self.options["data_format"])

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (4,), "image")
        spatial = input_shape[1:3] if self.data_format == "channels_last" else input_shape[2:4]
        out = tuple(_conv_output_length(spatial[i], self.pool_size[i], self.strides[i], self.padding) for i in range(2))
        for length in out:
            if length is not None and length <= 0:
                raise ValueError(
                    f"{self.label}: the input {shape_to_json(input_shape)} is too small for pool_size "
                    f"{list(self.pool_size)}."
                )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (input_shape[3],)
        return (input_shape[0], input_shape[1]) + out

    def call(self, x, training):
        if self.data_format == "channels_last":
            x = x.permute(0, 3, 1, 2)
        if self.padding == "same":
            # TF-style 'same': padded cells never win the max.
            pads = [_same_padding(x.shape[2 + i], self.pool_size[i], self.strides[i]) for i in range(2)]
            if any(p for pad in pads for p in pad):
                x = F.pad(x, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]), value=float("-inf"))
        y = F.max_pool2d(x, self.pool_size, self.strides)
        if self.data_format == "channels_last":
            y = y.permute(0, 2, 3, 1)
        return y

    def layer_config(self):
        return {
            "pool_size": list(self.pool_size),
            "padding": self.padding,
            "strides": list(self.strides),
            "data_format": self.data_format,
        }


class GlobalAveragePooling2D(Layer):
    class_name = "GlobalAveragePooling2D"

    def __init__(self, config):
        super().__init__(config, {"data_format": None, "keepdims": False})
        self.data_format = _check_data_format(self, self.options["data_format"])
        self.keepdims = bool(self.options["keepdims"])

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def compute_output_shape(self, input_shape):
        self._require_rank(input_shape, (4,), "image")
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def call(self, x, training):
        return x.mean(dim=self._axes(), keepdim=self.keepdims)

    def layer_config(self):
        return {"data_format": self.data_format, "keepdims": self.keepdims}


class BatchNormalization(Layer):
    class_name = "BatchNormalization"
    has_build_config = True
    _OPTIONS = {
        "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
        "beta_initializer": "zeros", "gamma_initializer": "ones",
        "moving_mean_initializer": "zeros", "moving_variance_initializer": "ones",
        "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
        "gamma_constraint": None, "synchronized": False, "renorm": False, "renorm_clipping": None,
        "renorm_momentum": 0.99,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        axis = self.options["axis"]
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(f"{self.label}: only a single int 'axis' is supported; got {axis!r}.")
        self.axis = axis
        self.momentum = float(self.options["momentum"])
        self.epsilon = float(self.options["epsilon"])
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        if self.options["renorm"]:
            raise ValueError(f"{self.label}: renorm=True is not supported by the PyTorch engine.")
        self.renorm_momentum = self.options["renorm_momentum"]
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        self.moving_mean_initializer = initializers.get(self.options["moving_mean_initializer"], f"{self.name}.moving_mean_initializer")
        self.moving_variance_initializer = initializers.get(self.options["moving_variance_initializer"], f"{self.name}.moving_variance_initializer")
        _regularizers_must_be_null(self, ["beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"])
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    def build(self, input_shape, device):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(f"{self.label}: axis {self.axis} is out of range for input shape {shape_to_json(input_shape)}.")
        self._axis = self.axis % rank
        features = input_shape[self._axis]
        if features is None:
            raise ValueError(f"{self.label}: the normalized axis must have a known size; got input shape {shape_to_json(input_shape)}.")
        self._reduction_axes = tuple(i for i in range(rank) if i != self._axis)
        self._broadcast_shape = tuple(features if i == self._axis else 1 for i in range(rank))
        # Keras creates gamma, beta, moving_mean, moving_variance in this order.
        if self.scale:
            self.gamma = self._add_variable("gamma", (features,), self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", (features,), self.beta_initializer, True, device)
        self.moving_mean = self._add_variable("moving_mean", (features,), self.moving_mean_initializer, False, device)
        self.moving_variance = self._add_variable("moving_variance", (features,), self.moving_variance_initializer, False, device)
        super().build(input_shape, device)

    def call(self, x, training):
        shape = self._broadcast_shape
        if training and self.trainable:
            # Keras's torch moments: biased variance computed as E[x^2] - E[x]^2.
            mean = torch.mean(x, dim=self._reduction_axes, keepdim=True)
            variance = torch.mean(torch.square(x), dim=self._reduction_axes, keepdim=True) - torch.square(mean)
            with torch.no_grad():
                # moving = moving * momentum + batch_stat * (1 - momentum), with the biased variance.
                self.moving_mean.copy_(self.moving_mean * self.momentum + mean.detach().reshape(-1) * (1.0 - self.momentum))
                self.moving_variance.copy_(
                    self.moving_variance * self.momentum + variance.detach().reshape(-1) * (1.0 - self.momentum)
                )
        else:
            mean = self.moving_mean.reshape(shape)
            variance = self.moving_variance.reshape(shape)
        # Keras's torch batch_normalization: (x - mean) * (rsqrt(var + eps) * gamma) + beta.
        inv = torch.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inv = inv * self.gamma.reshape(shape)
        y = (x - mean) * inv
        if self.beta is not None:
            y = y + self.beta.reshape(shape)
        return y

    def layer_config(self):
        return {
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": self.beta_initializer.serialize(),
            "gamma_initializer": self.gamma_initializer.serialize(),
            "moving_mean_initializer": self.moving_mean_initializer.serialize(),
            "moving_variance_initializer": self.moving_variance_initializer.serialize(),
            "beta_regularizer": None,
            "gamma_regularizer": None,
            "beta_constraint": None,
            "gamma_constraint": None,
            "synchronized": False,
            "renorm": False,
            "renorm_clipping": None,
            "renorm_momentum": self.renorm_momentum,
        }


class LayerNormalization(Layer):
    """keras/src/layers/normalization/layer_normalization.py; the torch backend's ops.layer_normalization
    calls F.layer_norm for contiguous trailing axes, which is what runs here."""

    class_name = "LayerNormalization"
    has_build_config = True
    _OPTIONS = {
        "axis": -1, "epsilon": 1e-3, "center": True, "scale": True, "rms_scaling": False,
        "beta_initializer": "zeros", "gamma_initializer": "ones", "beta_regularizer": None,
        "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        axis = self.options["axis"]
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        if not axes or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(f"{self.label}: 'axis' must be an int or a list of ints; got {axis!r}.")
        self.axis = axis if isinstance(axis, int) else list(axis)
        self.epsilon = float(self.options["epsilon"])
        self.center = bool(self.options["center"])
        self.scale = bool(self.options["scale"])
        if self.options["rms_scaling"]:
            raise ValueError(f"{self.label}: rms_scaling=True is not supported by the PyTorch engine.")
        self.beta_initializer = initializers.get(self.options["beta_initializer"], f"{self.name}.beta_initializer")
        self.gamma_initializer = initializers.get(self.options["gamma_initializer"], f"{self.name}.gamma_initializer")
        _regularizers_must_be_null(self, ["beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"])
        self.gamma = None
        self.beta = None

    def build(self, input_shape, device):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if not all(-rank <= a < rank for a in axes):
            raise ValueError(f"{self.label}: axis {self.axis} is out of range for input shape {shape_to_json(input_shape)}.")
        axes = sorted(a % rank for a in axes)
        if axes != list(range(rank - len(axes), rank)) or 0 in axes:
            raise ValueError(
                f"{self.label}: only normalizing over the trailing axes is supported by the PyTorch engine; got axis "
                f"{self.axis} for input shape {shape_to_json(input_shape)}.")
        self._normalized_shape = tuple(input_shape[a] for a in axes)
        if None in self._normalized_shape:
            raise ValueError(f"{self.label}: the normalized axes must have known sizes; got input shape {shape_to_json(input_shape)}.")
        if self.scale:
            self.gamma = self._add_variable("gamma", self._normalized_shape, self.gamma_initializer, True, device)
        if self.center:
            self.beta = self._add_variable("beta", self._normalized_shape, self.beta_initializer, True, device)
        super().build(input_shape, device)

    def call(self, x, training):
        return F.layer_norm(x, self._normalized_shape, self.gamma, self.beta, self.epsilon)

    def layer_config(self):
        return {
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": False,
            "beta_initializer": self.beta_initializer.serialize(),
            "gamma_initializer": self.gamma_initializer.serialize(),
            "beta_regularizer": None,
            "gamma_regularizer": None,
            "beta_constraint": None,
            "gamma_constraint": None,
        }


LAYER_CLASSES = {cls.class_name: cls for cls in
                 (Dense, Activation, Dropout, Flatten, Conv2D, MaxPooling2D, GlobalAveragePooling2D,
                  BatchNormalization, LayerNormalization)}
# Layers whose config holds Python code (loadable only with safe_mode off, runnable only by Keras).
_CODE_LAYERS = ("Lambda", "TFOpLambda", "SlicingOpLambda")
# Keras 2 aliases that may appear in legacy .h5 configs.
_ALIASES = {"MaxPool2D": "MaxPooling2D", "Convolution2D": "Conv2D", "GlobalAvgPool2D": "GlobalAveragePooling2D"}


# The merge layers (merging.py) take a list of tensors; only a Functional model can call them.
from kerasbridge.torch_engine import merging as _merging  # noqa: E402  (merging imports Layer from here)

LAYER_CLASSES.update({cls.class_name: cls for cls in _merging.MERGE_CLASSES})


def supported_layer_names():
    return sorted(list(LAYER_CLASSES) + ["InputLayer"])


def layer_from_config(entry):
    """A layer (or InputLayer) from one serialized entry of a Sequential config's 'layers'."""
    class_name, config = split_identifier(entry, "layers")
    class_name = _ALIASES.get(class_name, class_name)
    if class_name == "InputLayer":
        return InputLayer(config or {})
    cls = LAYER_CLASSES.get(class_name)
    if cls is None and class_name in _CODE_LAYERS:
        name = (config or {}).get("name") if isinstance(config, dict) else None
        raise ValueError(
            f"layer {name!r} ({class_name}) runs Python code written for Keras, which the PyTorch engine "
            f"cannot run; use the Keras engine for this model, or rebuild it without the {class_name} layer."
        )
    if cls is None:
        raise ValueError(
            f"Layer type '{class_name}' is not supported by the PyTorch engine. "
            f"Supported layers: {', '.join(supported_layer_names())}."
        )
    return cls(config or {})
