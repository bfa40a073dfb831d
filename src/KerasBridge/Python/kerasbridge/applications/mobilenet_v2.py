"""MobileNetV2 (keras/src/applications/mobilenet_v2.py)."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_ALPHAS = (0.35, 0.50, 0.75, 1.0, 1.3, 1.4)
_SIZES = (96, 128, 160, 192, 224)


def make_divisible(v, divisor, min_value=None):
    min_value = divisor if min_value is None else min_value
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v  # never round down by more than 10%


def _bn(g, x, name):
    return g("BatchNormalization", x, name=name, axis=-1, epsilon=1e-3, momentum=0.999)


def _inverted_res_block(g, inputs, expansion, stride, alpha, filters, block_id):
    in_channels = inputs.shape[-1]
    pointwise_filters = make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = g("Conv2D", x, name=f"{prefix}expand", filters=expansion * in_channels, kernel_size=1, padding="same",
              use_bias=False, activation="linear")
        x = _bn(g, x, f"{prefix}expand_BN")
        x = g("ReLU", x, name=f"{prefix}expand_relu", max_value=6.0)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = g("ZeroPadding2D", x, name=f"{prefix}pad", padding=common.correct_pad(x.shape, 3))
    x = g("DepthwiseConv2D", x, name=f"{prefix}depthwise", kernel_size=3, strides=stride, activation="linear",
          use_bias=False, padding="same" if stride == 1 else "valid")
    x = _bn(g, x, f"{prefix}depthwise_BN")
    x = g("ReLU", x, name=f"{prefix}depthwise_relu", max_value=6.0)
    x = g("Conv2D", x, name=f"{prefix}project", filters=pointwise_filters, kernel_size=1, padding="same",
          use_bias=False, activation="linear")
    x = _bn(g, x, f"{prefix}project_BN")
    if in_channels == pointwise_filters and stride == 1:
        return g("Add", [inputs, x], name=f"{prefix}add")
    return x


_BLOCKS = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
           (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
           (320, 1, 6)]  # (filters, stride, expansion) of blocks 0..16


def _body(g, x, include_top, pooling, classes, classifier_activation, alpha):
    x = g("Conv2D", x, name="Conv1", filters=make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
          padding="same", use_bias=False)
    x = _bn(g, x, "bn_Conv1")
    x = g("ReLU", x, name="Conv1_relu", max_value=6.0)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(g, x, expansion, stride, alpha, filters, block_id)
    last = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = g("Conv2D", x, name="Conv_1", filters=last, kernel_size=1, use_bias=False)
    x = _bn(g, x, "Conv_1_bn")
    x = g("ReLU", x, name="out_relu", max_value=6.0)
    return common.top(g, x, include_top, pooling, classes, classifier_activation, avg_name=None, max_name=None)


class _MobileNetV2(Application):
    def __init__(self):
        super().__init__("MobileNetV2", None, _body, "mobilenet_v2", "tf", self._files, extra={"alpha": 1.0})

    def input_shape(self, input_shape, include_top, weights, extra):
        default = 224
        if input_shape is not None and len(input_shape) == 3 and input_shape[0] == input_shape[1] \
                and input_shape[0] in _SIZES:
            default = input_shape[0]
        return common.input_shape(self.function, input_shape, default, 32, include_top, weights)

    def check_extra(self, weights, include_top, extra):
        if weights == "imagenet" and extra["alpha"] not in _ALPHAS:
            raise InvalidArgumentError(f"{self.function}: argument 'alpha' must be one of 0.35, 0.5, 0.75, 1.0, 1.3 or 1.4 "
                             f"with weights='imagenet'; got {extra['alpha']}.")

    @staticmethod
    def rows(shape, weights):
        rows = shape[0]
        if weights == "imagenet" and (shape[0] != shape[1] or rows not in _SIZES):
            rows = 224  # Keras loads the 224x224 weights then
        return rows

    def name(self, input_shape, extra, weights):
        return f"mobilenetv2_{extra['alpha']:0.2f}_{self.rows(input_shape, weights)}"

    def _files(self, include_top, input_shape, alpha, **_):
        rows = self.rows(input_shape, "imagenet")
        name = (f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}.h5" if include_top else
                f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}_no_top.h5")
        return name, _URL + name, None


APPLICATIONS = [_MobileNetV2()]
