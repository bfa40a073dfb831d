"""EfficientNetV2B0-B3 (keras/src/applications/efficientnet_v2.py)."""
import math

from kerasbridge.applications import common
from kerasbridge.applications.layer_configs import initializer, variance_scaling
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/"
# efficientnetv2-b0..b3 share these: (kernel_size, num_repeat, input_filters, output_filters, expand_ratio, se_ratio,
# strides, conv_type: 1 fused MBConv, 0 MBConv)
_BLOCKS = [(3, 1, 32, 16, 1, 0, 1, 1), (3, 2, 16, 32, 4, 0, 2, 1), (3, 2, 32, 48, 4, 0, 2, 1),
           (3, 3, 48, 96, 4, 0.25, 2, 0), (3, 5, 96, 112, 6, 0.25, 1, 0), (3, 8, 112, 192, 6, 0.25, 2, 0)]
_MOMENTUM = 0.9
_ACTIVATION = "swish"


def _init():
    return variance_scaling(2.0, "fan_out", "truncated_normal")


def _bn(g, x, name):
    return g("BatchNormalization", x, name=name, axis=3, momentum=_MOMENTUM)


def _se(g, x, input_filters, filters, se_ratio, name):
    filters_se = max(1, int(input_filters * se_ratio))
    se = g("GlobalAveragePooling2D", x, name=f"{name}se_squeeze")
    se = g("Reshape", se, name=f"{name}se_reshape", target_shape=(1, 1, filters))
    se = g("Conv2D", se, name=f"{name}se_reduce", filters=filters_se, kernel_size=1, padding="same",
           activation=_ACTIVATION, kernel_initializer=_init())
    se = g("Conv2D", se, name=f"{name}se_expand", filters=filters, kernel_size=1, padding="same",
           activation="sigmoid", kernel_initializer=_init())
    return g("Multiply", [x, se], name=f"{name}se_excite")


def _residual(g, x, inputs, strides, input_filters, output_filters, survival, name):
    if strides == 1 and input_filters == output_filters:
        if survival:
            x = g("Dropout", x, name=f"{name}drop", rate=survival, noise_shape=(None, 1, 1, 1))
        x = g("Add", [x, inputs], name=f"{name}add")
    return x


def _mbconv(g, inputs, input_filters, output_filters, expand_ratio, kernel_size, strides, se_ratio, survival, name):
    filters = input_filters * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = g("Conv2D", x, name=f"{name}expand_conv", filters=filters, kernel_size=1, strides=1,
              kernel_initializer=_init(), padding="same", use_bias=False)
        x = _bn(g, x, f"{name}expand_bn")
        x = g("Activation", x, name=f"{name}expand_activation", activation=_ACTIVATION)
    x = g("DepthwiseConv2D", x, name=f"{name}dwconv2", kernel_size=kernel_size, strides=strides,
          depthwise_initializer=_init(), padding="same", use_bias=False)
    x = _bn(g, x, f"{name}bn")
    x = g("Activation", x, name=f"{name}activation", activation=_ACTIVATION)
    if 0 < se_ratio <= 1:
        x = _se(g, x, input_filters, filters, se_ratio, name)
    x = g("Conv2D", x, name=f"{name}project_conv", filters=output_filters, kernel_size=1, strides=1,
          kernel_initializer=_init(), padding="same", use_bias=False)
    x = _bn(g, x, f"{name}project_bn")
    return _residual(g, x, inputs, strides, input_filters, output_filters, survival, name)


def _fused_mbconv(g, inputs, input_filters, output_filters, expand_ratio, kernel_size, strides, se_ratio, survival,
                  name):
    filters = input_filters * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = g("Conv2D", x, name=f"{name}expand_conv", filters=filters, kernel_size=kernel_size, strides=strides,
              kernel_initializer=_init(), padding="same", use_bias=False)
        x = _bn(g, x, f"{name}expand_bn")
        x = g("Activation", x, name=f"{name}expand_activation", activation=_ACTIVATION)
    if 0 < se_ratio <= 1:
        x = _se(g, x, input_filters, filters, se_ratio, name)
    x = g("Conv2D", x, name=f"{name}project_conv", filters=output_filters,
          kernel_size=1 if expand_ratio != 1 else kernel_size, strides=1 if expand_ratio != 1 else strides,
          kernel_initializer=_init(), padding="same", use_bias=False)
    x = _bn(g, x, f"{name}project_bn")
    if expand_ratio == 1:
        x = g("Activation", x, name=f"{name}project_activation", activation=_ACTIVATION)
    return _residual(g, x, inputs, strides, input_filters, output_filters, survival, name)


def _round_filters(filters, width, divisor=8, min_depth=8):
    filters *= width
    return int(max(min_depth or divisor, int(filters + divisor / 2) // divisor * divisor))


def _efficientnet_v2(width, depth, dropout_rate=0.2, drop_connect_rate=0.2):
    def body(g, x, include_top, pooling, classes, classifier_activation, include_preprocessing, model_name):
        if include_preprocessing:
            # Keras decides by the model's name and the channels: "-b*" models on RGB get ImageNet normalization.
            if model_name.split("-")[-1].startswith("b") and x.shape[3] == 3:
                x = g("Rescaling", x, scale=1.0 / 255)
                x = g("Normalization", x, mean=[0.485, 0.456, 0.406], variance=[0.229**2, 0.224**2, 0.225**2],
                      axis=3)
            else:
                x = g("Rescaling", x, scale=1.0 / 128.0, offset=-1)
        x = g("Conv2D", x, name="stem_conv", filters=_round_filters(_BLOCKS[0][2], width), kernel_size=3, strides=2,
              kernel_initializer=_init(), padding="same", use_bias=False)
        x = _bn(g, x, "stem_bn")
        x = g("Activation", x, name="stem_activation", activation=_ACTIVATION)
        b = 0
        total = float(sum(args[1] for args in _BLOCKS))
        for i, (kernel, repeats, f_in, f_out, expand, se_ratio, strides, conv_type) in enumerate(_BLOCKS):
            f_in, f_out = _round_filters(f_in, width), _round_filters(f_out, width)
            block = _fused_mbconv if conv_type == 1 else _mbconv
            for j in range(int(math.ceil(depth * repeats))):
                if j > 0:
                    strides, f_in = 1, f_out
                x = block(g, x, f_in, f_out, expand, kernel, strides, se_ratio, drop_connect_rate * b / total,
                          f"block{i + 1}{chr(j + 97)}_")
                b += 1
        x = g("Conv2D", x, name="top_conv", filters=_round_filters(1280, width), kernel_size=1, strides=1,
              kernel_initializer=_init(), padding="same", use_bias=False)
        x = _bn(g, x, "top_bn")
        x = g("Activation", x, name="top_activation", activation=_ACTIVATION)
        if include_top:
            x = g("GlobalAveragePooling2D", x, name="avg_pool")
            if dropout_rate > 0:
                x = g("Dropout", x, name="top_dropout", rate=dropout_rate)
            return g("Dense", x, name="predictions", units=classes, activation=classifier_activation,
                     kernel_initializer=variance_scaling(1.0 / 3.0, "fan_out", "uniform"),
                     bias_initializer=initializer("Constant", value=0.0))
        return common.top(g, x, False, pooling, classes, classifier_activation)
    return body


class _EfficientNetV2(Application):
    """The preprocessing layers depend on the model's name, as in Keras."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_takes_name = True


_VARIANTS = [
    ("B0", 1.0, 1.0, 224, "21ecbf6da12460d5c40bb2f29ceb2188", "893217f2bb855e2983157299931e43ff"),
    ("B1", 1.0, 1.1, 240, "069f0534ff22adf035c89e2d9547a9dc", "0e80663031ca32d657f9caa404b6ec37"),
    ("B2", 1.1, 1.2, 260, "424e49f28180edbde1e94797771950a7", "1dfe2e7a5d45b6632553a8961ea609eb"),
    ("B3", 1.2, 1.4, 300, "1f1fc43bd98a6e4fd8fdfd551e02c7a0", "f6abf7b5849ac99a89b50dd3fd532856"),
]

APPLICATIONS = [
    _EfficientNetV2(f"EfficientNetV2{v}", f"efficientnetv2-{v.lower()}", _efficientnet_v2(w, d), "efficientnet_v2",
                    None, common.h5_weights(_URL, f"efficientnetv2-{v.lower()}", h1, h2), default_size=size,
                    extra={"include_preprocessing": True})
    for v, w, d, size, h1, h2 in _VARIANTS
]
