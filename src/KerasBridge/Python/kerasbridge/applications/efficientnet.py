"""EfficientNetB0-B7 (keras/src/applications/efficientnet.py)."""
import math

from kerasbridge.applications import common
from kerasbridge.applications.layer_configs import variance_scaling
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/keras-applications/"
_IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225]
# (kernel_size, repeats, filters_in, filters_out, expand_ratio, strides); id_skip True, se_ratio 0.25 for all
_BLOCKS = [(3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
           (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1)]


def _conv_init():
    return variance_scaling(2.0, "fan_out", "truncated_normal")


def _block(g, inputs, activation, drop_rate, name, filters_in, filters_out, kernel_size, strides, expand_ratio,
           se_ratio=0.25, id_skip=True):
    filters = filters_in * expand_ratio
    if expand_ratio != 1:
        x = g("Conv2D", inputs, name=f"{name}expand_conv", filters=filters, kernel_size=1, padding="same",
              use_bias=False, kernel_initializer=_conv_init())
        x = g("BatchNormalization", x, name=f"{name}expand_bn", axis=3)
        x = g("Activation", x, name=f"{name}expand_activation", activation=activation)
    else:
        x = inputs
    if strides == 2:
        x = g("ZeroPadding2D", x, name=f"{name}dwconv_pad", padding=common.correct_pad(x.shape, kernel_size))
        conv_pad = "valid"
    else:
        conv_pad = "same"
    x = g("DepthwiseConv2D", x, name=f"{name}dwconv", kernel_size=kernel_size, strides=strides, padding=conv_pad,
          use_bias=False, depthwise_initializer=_conv_init())
    x = g("BatchNormalization", x, name=f"{name}bn", axis=3)
    x = g("Activation", x, name=f"{name}activation", activation=activation)
    if 0 < se_ratio <= 1:
        filters_se = max(1, int(filters_in * se_ratio))
        se = g("GlobalAveragePooling2D", x, name=f"{name}se_squeeze")
        se = g("Reshape", se, name=f"{name}se_reshape", target_shape=(1, 1, filters))
        se = g("Conv2D", se, name=f"{name}se_reduce", filters=filters_se, kernel_size=1, padding="same",
               activation=activation, kernel_initializer=_conv_init())
        se = g("Conv2D", se, name=f"{name}se_expand", filters=filters, kernel_size=1, padding="same",
               activation="sigmoid", kernel_initializer=_conv_init())
        x = g("Multiply", [x, se], name=f"{name}se_excite")
    x = g("Conv2D", x, name=f"{name}project_conv", filters=filters_out, kernel_size=1, padding="same",
          use_bias=False, kernel_initializer=_conv_init())
    x = g("BatchNormalization", x, name=f"{name}project_bn", axis=3)
    if id_skip and strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = g("Dropout", x, name=f"{name}drop", rate=drop_rate, noise_shape=(None, 1, 1, 1))
        x = g("Add", [x, inputs], name=f"{name}add")
    return x


def _efficientnet(width, depth, dropout_rate, drop_connect_rate=0.2, divisor=8, activation="swish"):
    def round_filters(filters):
        filters *= width
        new = max(divisor, int(filters + divisor / 2) // divisor * divisor)
        return int(new + divisor if new < 0.9 * filters else new)

    def round_repeats(repeats):
        return int(math.ceil(depth * repeats))

    def body(g, x, include_top, pooling, classes, classifier_activation, weights=None):
        x = g("Rescaling", x, scale=1.0 / 255.0)
        x = g("Normalization", x, axis=3)
        if weights == "imagenet":
            x = g("Rescaling", x, scale=[1.0 / math.sqrt(s) for s in _IMAGENET_STDDEV_RGB])
        x = g("ZeroPadding2D", x, name="stem_conv_pad", padding=common.correct_pad(x.shape, 3))
        x = g("Conv2D", x, name="stem_conv", filters=round_filters(32), kernel_size=3, strides=2, padding="valid",
              use_bias=False, kernel_initializer=_conv_init())
        x = g("BatchNormalization", x, name="stem_bn", axis=3)
        x = g("Activation", x, name="stem_activation", activation=activation)
        b = 0
        total = float(sum(round_repeats(args[1]) for args in _BLOCKS))
        for i, (kernel, repeats, f_in, f_out, expand, strides) in enumerate(_BLOCKS):
            f_in, f_out = round_filters(f_in), round_filters(f_out)
            for j in range(round_repeats(repeats)):
                if j > 0:
                    strides, f_in = 1, f_out
                x = _block(g, x, activation, drop_connect_rate * b / total, f"block{i + 1}{chr(j + 97)}_",
                           f_in, f_out, kernel, strides, expand)
                b += 1
        x = g("Conv2D", x, name="top_conv", filters=round_filters(1280), kernel_size=1, padding="same",
              use_bias=False, kernel_initializer=_conv_init())
        x = g("BatchNormalization", x, name="top_bn", axis=3)
        x = g("Activation", x, name="top_activation", activation=activation)
        if include_top:
            x = g("GlobalAveragePooling2D", x, name="avg_pool")
            if dropout_rate > 0:
                x = g("Dropout", x, name="top_dropout", rate=dropout_rate)
            return g("Dense", x, name="predictions", units=classes,
                     activation="linear" if classifier_activation is None else classifier_activation,
                     kernel_initializer=variance_scaling(1.0 / 3.0, "fan_out", "uniform"))
        return common.top(g, x, False, pooling, classes, classifier_activation)
    return body


class _EfficientNet(Application):
    """The graph depends on `weights`: with ImageNet weights Keras adds a Rescaling by 1/sqrt(stddev)."""

    def config(self, include_top=True, weights=None, **kwargs):
        body = self.body
        self.body = lambda *a, **k: body(*a, weights=weights, **k)
        try:
            return super().config(include_top=include_top, weights=weights, **kwargs)
        finally:
            self.body = body


_VARIANTS = [
    ("B0", 1.0, 1.0, 224, 0.2, "902e53a9f72be733fc0bcb005b3ebbac", "50bc09e76180e00e4465e1a485ddc09d"),
    ("B1", 1.0, 1.1, 240, 0.2, "1d254153d4ab51201f1646940f018540", "74c4e6b3e1f6a1eea24c589628592432"),
    ("B2", 1.1, 1.2, 260, 0.3, "b15cce36ff4dcbd00b6dd88e7857a6ad", "111f8e2ac8aa800a7a99e3239f7bfb39"),
    ("B3", 1.2, 1.4, 300, 0.3, "ffd1fdc53d0ce67064dc6a9c7960ede0", "af6d107764bb5b1abb91932881670226"),
    ("B4", 1.4, 1.8, 380, 0.4, "18c95ad55216b8f92d7e70b3a046e2fc", "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    ("B5", 1.6, 2.2, 456, 0.4, "ace28f2a6363774853a83a0b21b9421a", "38879255a25d3c92d5e44e04ae6cec6f"),
    ("B6", 1.8, 2.6, 528, 0.5, "165f6e37dce68623721b423839de8be5", "9ecce42647a20130c1f39a5d4cb75743"),
    ("B7", 2.0, 3.1, 600, 0.5, "8c03f828fec3ef71311cd463b6759d99", "cbcfe4450ddf6f3ad90b1b398090fe4a"),
]

APPLICATIONS = [
    _EfficientNet(f"EfficientNet{v}", f"efficientnet{v.lower()}", _efficientnet(w, d, drop), "efficientnet", None,
                  common.h5_weights(_URL, f"efficientnet{v.lower()}", h1, h2), default_size=size)
    for v, w, d, size, drop, h1, h2 in _VARIANTS
]
