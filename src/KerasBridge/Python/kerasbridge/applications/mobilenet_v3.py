"""MobileNetV3Small and MobileNetV3Large (keras/src/applications/mobilenet_v3.py). The hard sigmoid of the
squeeze-excite blocks is Keras's `ReLU(6.0)(x + 3.0) * (1.0 / 6.0)`: two ops (Add, Multiply) in the graph."""
import warnings

from kerasbridge.applications import common
from kerasbridge.applications.mobilenet_v2 import make_divisible
from kerasbridge.applications.spec import Application
from kerasbridge.errors import InvalidArgumentError

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
_HASHES = {
    "large_224_0.75_float": ("765b44a33ad4005b3ac83185abf1d0eb", "40af19a13ebea4e2ee0c676887f69a2e"),
    "large_224_1.0_float": ("59e551e166be033d707958cf9e29a6a7", "07fb09a5933dd0c8eaafa16978110389"),
    "large_minimalistic_224_1.0_float": ("675e7b876c45c57e9e63e6d90a36599c", "ec5221f64a2f6d1ef965a614bdae7973"),
    "small_224_0.75_float": ("cb65d4e5be93758266aa0a7f2c6708b7", "ebdb5cc8e0b497cd13a7c275d475c819"),
    "small_224_1.0_float": ("8768d4c2e7dee89b9d02b2d03d65d862", "d3e8ec802a04aa4fc771ee12a9a9b836"),
    "small_minimalistic_224_1.0_float": ("99cd97fb2fcdad2bf028eb838de69e37", "cde8136e733e811080d9fcd8a252f7e4"),
}
_EXTRA = {"alpha": 1.0, "minimalistic": False, "dropout_rate": 0.2, "include_preprocessing": True}


def _depth(v):
    return make_divisible(v, 8)


def _bn(g, x, name):
    return g("BatchNormalization", x, name=name, axis=-1, epsilon=1e-3, momentum=0.999)


def _relu(g, x):
    return g("ReLU", x)


def _hard_sigmoid(g, x):
    return g.op("Multiply", g("ReLU", g.op("Add", x, 3.0), max_value=6.0), 1.0 / 6.0)


def _hard_swish(g, x):
    return g("Activation", x, activation="hard_swish")


def _se_block(g, inputs, filters, se_ratio, prefix):
    x = g("GlobalAveragePooling2D", inputs, name=f"{prefix}squeeze_excite_avg_pool", keepdims=True)
    x = g("Conv2D", x, name=f"{prefix}squeeze_excite_conv", filters=_depth(filters * se_ratio), kernel_size=1,
          padding="same")
    x = g("ReLU", x, name=f"{prefix}squeeze_excite_relu")
    x = g("Conv2D", x, name=f"{prefix}squeeze_excite_conv_1", filters=filters, kernel_size=1, padding="same")
    x = _hard_sigmoid(g, x)
    return g("Multiply", [inputs, x], name=f"{prefix}squeeze_excite_mul")


def _inverted_res_block(g, x, expansion, filters, kernel_size, stride, se_ratio, activation, block_id):
    shortcut = x
    prefix = "expanded_conv_"
    infilters = x.shape[-1]
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = g("Conv2D", x, name=f"{prefix}expand", filters=_depth(infilters * expansion), kernel_size=1,
              padding="same", use_bias=False)
        x = _bn(g, x, f"{prefix}expand_bn")
        x = activation(g, x)
    if stride == 2:
        x = g("ZeroPadding2D", x, name=f"{prefix}depthwise_pad", padding=common.correct_pad(x.shape, kernel_size))
    x = g("DepthwiseConv2D", x, name=f"{prefix}depthwise", kernel_size=kernel_size, strides=stride,
          padding="same" if stride == 1 else "valid", use_bias=False)
    x = _bn(g, x, f"{prefix}depthwise_bn")
    x = activation(g, x)
    if se_ratio:
        x = _se_block(g, x, _depth(infilters * expansion), se_ratio, prefix)
    x = g("Conv2D", x, name=f"{prefix}project", filters=filters, kernel_size=1, padding="same", use_bias=False)
    x = _bn(g, x, f"{prefix}project_bn")
    if stride == 1 and infilters == filters:
        x = g("Add", [shortcut, x], name=f"{prefix}add")
    return x


# (expansion, filters, kernel size ("k": 3 minimalistic, else 5), stride, squeeze-excite, activation ("a": relu
# minimalistic, else hard swish)) of each block.
_SMALL = [(1, 16, 3, 2, True, "r"), (72.0 / 16, 24, 3, 2, False, "r"), (88.0 / 24, 24, 3, 1, False, "r"),
          (4, 40, "k", 2, True, "a"), (6, 40, "k", 1, True, "a"), (6, 40, "k", 1, True, "a"),
          (3, 48, "k", 1, True, "a"), (3, 48, "k", 1, True, "a"), (6, 96, "k", 2, True, "a"),
          (6, 96, "k", 1, True, "a"), (6, 96, "k", 1, True, "a")]
_LARGE = [(1, 16, 3, 1, False, "r"), (4, 24, 3, 2, False, "r"), (3, 24, 3, 1, False, "r"), (3, 40, "k", 2, True, "r"),
          (3, 40, "k", 1, True, "r"), (3, 40, "k", 1, True, "r"), (6, 80, 3, 2, False, "a"),
          (2.5, 80, 3, 1, False, "a"), (2.3, 80, 3, 1, False, "a"), (2.3, 80, 3, 1, False, "a"),
          (6, 112, 3, 1, True, "a"), (6, 112, 3, 1, True, "a"), (6, 160, "k", 2, True, "a"),
          (6, 160, "k", 1, True, "a"), (6, 160, "k", 1, True, "a")]


def _mobilenet_v3(blocks, last_point_ch):
    def body(g, x, include_top, pooling, classes, classifier_activation, alpha, minimalistic, dropout_rate,
             include_preprocessing):
        kernel, activation, se_ratio = (3, _relu, None) if minimalistic else (5, _hard_swish, 0.25)
        if include_preprocessing:
            x = g("Rescaling", x, scale=1.0 / 127.5, offset=-1.0)
        x = g("Conv2D", x, name="conv", filters=16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False)
        x = _bn(g, x, "conv_bn")
        x = activation(g, x)
        for block_id, (expansion, filters, k, stride, se, act) in enumerate(blocks):
            x = _inverted_res_block(g, x, expansion, _depth(filters * alpha), kernel if k == "k" else k, stride,
                                    se_ratio if se else None, activation if act == "a" else _relu, block_id)
        last_conv_ch = _depth(x.shape[-1] * 6)
        last_point = _depth(last_point_ch * alpha) if alpha > 1.0 else last_point_ch
        x = g("Conv2D", x, name="conv_1", filters=last_conv_ch, kernel_size=1, padding="same", use_bias=False)
        x = _bn(g, x, "conv_1_bn")
        x = activation(g, x)
        if include_top:
            x = g("GlobalAveragePooling2D", x, keepdims=True)
            x = g("Conv2D", x, name="conv_2", filters=last_point, kernel_size=1, padding="same", use_bias=True)
            x = activation(g, x)
            if dropout_rate > 0:
                x = g("Dropout", x, rate=dropout_rate)
            x = g("Conv2D", x, name="logits", filters=classes, kernel_size=1, padding="same")
            x = g("Flatten", x)
            return g("Activation", x, name="predictions", activation=classifier_activation)
        return common.top(g, x, False, pooling, classes, classifier_activation)
    return body


class _MobileNetV3(Application):
    """No obtain_input_shape here: Keras takes (None, None, 3) by default and only checks the 32x32 minimum."""

    def __init__(self, function, model_type, blocks, last_point_ch):
        super().__init__(function, function, _mobilenet_v3(blocks, last_point_ch), "mobilenet_v3", None, self._files,
                         extra=_EXTRA)
        self.model_type = model_type

    def input_shape(self, input_shape, include_top, weights, extra):
        if input_shape is None:
            return (None, None, 3)
        shape = tuple(None if d is None else int(d) for d in input_shape)
        if len(shape) != 3:
            raise InvalidArgumentError(f"{self.function}: argument 'input_shape' must have three dimensions "
                                       f"(height, width, channels); got {list(shape)}.")
        rows, cols = shape[0], shape[1]
        if rows and cols and (rows < 32 or cols < 32):
            raise InvalidArgumentError(f"{self.function}: argument 'input_shape' must be at least 32x32; "
                                       f"got {list(shape)}.")
        if weights == "imagenet" and (rows != cols or rows != 224):
            warnings.warn("`input_shape` is undefined or non-square, or `rows` is not 224. Weights for input shape "
                          "(224, 224) will be loaded as the default.", stacklevel=3)
        return shape

    def check_extra(self, weights, include_top, extra):
        alpha, minimalistic = extra["alpha"], extra["minimalistic"]
        if weights == "imagenet" and (not minimalistic and alpha not in (0.75, 1.0) or minimalistic and alpha != 1.0):
            raise InvalidArgumentError(f"{self.function}: argument 'alpha' must be 0.75 or 1.0 (1.0 with "
                                       f"minimalistic=True) with weights='imagenet'; got {alpha}.", "alpha")

    def _files(self, include_top, alpha, minimalistic, **_):
        model_name = f"{self.model_type}{'_minimalistic' if minimalistic else ''}_224_{alpha}_float"
        if model_name not in _HASHES:
            return None
        top_hash, notop_hash = _HASHES[model_name]
        name = (f"weights_mobilenet_v3_{model_name}.h5" if include_top else
                f"weights_mobilenet_v3_{model_name}_no_top_v2.h5")
        return name, _URL + name, top_hash if include_top else notop_hash


APPLICATIONS = [_MobileNetV3("MobileNetV3Small", "small", _SMALL, 1024),
                _MobileNetV3("MobileNetV3Large", "large", _LARGE, 1280)]
