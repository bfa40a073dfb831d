"""The Keras 3.15.1 get_config of each layer class the applications use: keys in Keras's order with Keras's
defaults, whether the layer writes a build_config (it overrides build), and the keyword arguments Keras records
in a node when the layer is called symbolically. Follows keras/src/layers/**/<layer>.py get_config and
keras/src/layers/layer.py (get_build_config, _maybe_build) for the torch backend."""


def initializer(class_name, **config):
    return {"module": "keras.initializers", "class_name": class_name, "config": config, "registered_name": None}


def glorot_uniform():
    return initializer("GlorotUniform", seed=None, input_axes=None, output_axes=None)


def variance_scaling(scale, mode, distribution):
    return initializer("VarianceScaling", seed=None, scale=scale, mode=mode, distribution=distribution,
                       input_axes=None, output_axes=None)


def zeros():
    return initializer("Zeros")


def ones():
    return initializer("Ones")


def _conv_tail(kernel="kernel"):
    return {f"{kernel}_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            f"{kernel}_constraint": None, "bias_constraint": None}


# Factories, so that every layer gets its own (mutable) dicts.
DEFAULTS = {
    "Conv2D": lambda: {"filters": None, "kernel_size": None, "strides": [1, 1], "padding": "valid",
                       "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
                       "use_bias": True, "kernel_initializer": glorot_uniform(), "bias_initializer": zeros(),
                       **_conv_tail()},
    "DepthwiseConv2D": lambda: {"depth_multiplier": 1, "kernel_size": None, "strides": [1, 1], "padding": "valid",
                                "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear",
                                "use_bias": True, "depthwise_initializer": glorot_uniform(),
                                "bias_initializer": zeros(), **_conv_tail("depthwise")},
    "SeparableConv2D": lambda: {"depth_multiplier": 1, "filters": None, "kernel_size": None, "strides": [1, 1],
                                "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
                                "activation": "linear", "use_bias": True, "depthwise_initializer": glorot_uniform(),
                                "pointwise_initializer": glorot_uniform(), "bias_initializer": zeros(),
                                "depthwise_regularizer": None, "pointwise_regularizer": None,
                                "bias_regularizer": None, "activity_regularizer": None,
                                "depthwise_constraint": None, "pointwise_constraint": None, "bias_constraint": None},
    "BatchNormalization": lambda: {"axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
                                   "beta_initializer": zeros(), "gamma_initializer": ones(),
                                   "moving_mean_initializer": zeros(), "moving_variance_initializer": ones(),
                                   "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
                                   "gamma_constraint": None, "synchronized": False, "renorm": False,
                                   "renorm_clipping": None, "renorm_momentum": 0.99},
    "LayerNormalization": lambda: {"axis": -1, "epsilon": 0.001, "center": True, "scale": True,
                                   "rms_scaling": False, "beta_initializer": zeros(), "gamma_initializer": ones(),
                                   "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
                                   "gamma_constraint": None},
    "Activation": lambda: {"activation": None},
    "ReLU": lambda: {"max_value": None, "negative_slope": 0.0, "threshold": 0.0},
    "Concatenate": lambda: {"axis": -1},
    "Add": dict,
    "Multiply": dict,
    "AveragePooling2D": lambda: {"pool_size": None, "padding": "valid", "strides": None,
                                 "data_format": "channels_last"},
    "MaxPooling2D": lambda: {"pool_size": None, "padding": "valid", "strides": None, "data_format": "channels_last"},
    "ZeroPadding2D": lambda: {"padding": [[1, 1], [1, 1]], "data_format": "channels_last"},
    "GlobalAveragePooling2D": lambda: {"data_format": "channels_last", "keepdims": False},
    "GlobalMaxPooling2D": lambda: {"data_format": "channels_last", "keepdims": False},
    "Dense": lambda: {"units": None, "activation": "linear", "use_bias": True, "kernel_initializer": glorot_uniform(),
                      "bias_initializer": zeros(), "kernel_regularizer": None, "bias_regularizer": None,
                      "kernel_constraint": None, "bias_constraint": None, "quantization_config": None},
    "Flatten": lambda: {"data_format": "channels_last"},
    "Dropout": lambda: {"rate": None, "seed": None, "noise_shape": None},
    "Reshape": lambda: {"target_shape": None},
    "Rescaling": lambda: {"scale": None, "offset": 0.0},
    "Normalization": lambda: {"axis": [-1], "invert": False, "mean": None, "variance": None},
    "LayerScale": lambda: {"init_values": None, "projection_dim": None},
}

# Layers keras.applications defines itself: (module, registered_name) of their serialized form.
MODULES = {"LayerScale": ("keras.src.applications.convnext", "LayerScale")}

# Layers that override build() write {"build_config": {"input_shape": ...}} once built.
WRITES_BUILD_CONFIG = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "BatchNormalization", "LayerNormalization",
                       "ZeroPadding2D", "Flatten", "Rescaling", "Normalization", "Dense", "Concatenate", "Add",
                       "Multiply", "LayerScale"}

# Keyword arguments a symbolic call records: BatchNormalization's call takes a mask; Dropout's training
# argument defaults to False outside fit.
CALL_KWARGS = {"BatchNormalization": {"mask": None}, "Dropout": {"training": False}, "Sequential": {"mask": None}}

# Layers called on a list of tensors.
MERGING = {"Concatenate", "Add", "Multiply"}
