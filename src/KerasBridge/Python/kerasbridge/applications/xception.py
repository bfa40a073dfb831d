"""Xception (keras/src/applications/xception.py)."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/xception/"


def _bn(g, x, name=None):
    return g("BatchNormalization", x, name=name, axis=-1)


def _sep(g, x, filters, name):
    return g("SeparableConv2D", x, name=name, filters=filters, kernel_size=(3, 3), padding="same", use_bias=False)


def _relu(g, x, name):
    return g("Activation", x, name=name, activation="relu")


def _residual(g, x, filters):
    residual = g("Conv2D", x, filters=filters, kernel_size=(1, 1), strides=(2, 2), padding="same", use_bias=False)
    return _bn(g, residual)


def _entry_block(g, x, block, filters, first_act_name):
    """blocks 3 and 4 (and 13): residual, relu, sepconv, bn, relu, sepconv, bn, pool, add. Block 2 starts without
    the first relu; the first activation of each is named as Keras names it."""
    f1, f2 = filters
    residual = _residual(g, x, f2)
    if first_act_name:
        x = _relu(g, x, first_act_name)
    x = _sep(g, x, f1, f"block{block}_sepconv1")
    x = _bn(g, x, f"block{block}_sepconv1_bn")
    x = _relu(g, x, f"block{block}_sepconv2_act")
    x = _sep(g, x, f2, f"block{block}_sepconv2")
    x = _bn(g, x, f"block{block}_sepconv2_bn")
    x = g("MaxPooling2D", x, name=f"block{block}_pool", pool_size=(3, 3), strides=(2, 2), padding="same")
    return g("Add", [x, residual])


def _body(g, x, include_top, pooling, classes, classifier_activation):
    x = g("Conv2D", x, name="block1_conv1", filters=32, kernel_size=(3, 3), strides=(2, 2), use_bias=False)
    x = _bn(g, x, "block1_conv1_bn")
    x = _relu(g, x, "block1_conv1_act")
    x = g("Conv2D", x, name="block1_conv2", filters=64, kernel_size=(3, 3), use_bias=False)
    x = _bn(g, x, "block1_conv2_bn")
    x = _relu(g, x, "block1_conv2_act")
    x = _entry_block(g, x, 2, (128, 128), None)
    x = _entry_block(g, x, 3, (256, 256), "block3_sepconv1_act")
    x = _entry_block(g, x, 4, (728, 728), "block4_sepconv1_act")
    for i in range(8):
        residual = x
        prefix = f"block{i + 5}"
        for j in (1, 2, 3):
            x = _relu(g, x, f"{prefix}_sepconv{j}_act")
            x = _sep(g, x, 728, f"{prefix}_sepconv{j}")
            x = _bn(g, x, f"{prefix}_sepconv{j}_bn")
        x = g("Add", [x, residual])
    x = _entry_block(g, x, 13, (728, 1024), "block13_sepconv1_act")
    x = _sep(g, x, 1536, "block14_sepconv1")
    x = _bn(g, x, "block14_sepconv1_bn")
    x = _relu(g, x, "block14_sepconv1_act")
    x = _sep(g, x, 2048, "block14_sepconv2")
    x = _bn(g, x, "block14_sepconv2_bn")
    x = _relu(g, x, "block14_sepconv2_act")
    if include_top:
        return common.top(g, x, True, pooling, classes, classifier_activation)
    return common.top(g, x, False, pooling, classes, classifier_activation, avg_name=None, max_name=None)


def _files(include_top, **_):
    name = f"xception_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
    return name, _URL + name, "0a58e3b7378bc2990ea3b43d5981f1f6" if include_top else "b0042744bf5b25fce3cb969f33bebb97"


APPLICATIONS = [Application("Xception", "xception", _body, "xception", "tf", _files, default_size=299, min_size=71)]
