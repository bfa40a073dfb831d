"""InceptionV3 (keras/src/applications/inception_v3.py). Its convolution blocks have no names of their own: Keras
names them conv2d, batch_normalization, activation, ... in call order, as this builder does."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"


def _cbn(g, x, filters, rows, cols, padding="same", strides=(1, 1)):
    x = g("Conv2D", x, filters=filters, kernel_size=(rows, cols), strides=strides, padding=padding, use_bias=False)
    x = g("BatchNormalization", x, axis=3, scale=False)
    return g("Activation", x, activation="relu")


def _avg_branch(g, x, filters):
    return _cbn(g, g("AveragePooling2D", x, pool_size=(3, 3), strides=(1, 1), padding="same"), filters, 1, 1)


def _mixed_35(g, x, pool_filters, name):
    b1 = _cbn(g, x, 64, 1, 1)
    b5 = _cbn(g, _cbn(g, x, 48, 1, 1), 64, 5, 5)
    b3 = _cbn(g, _cbn(g, _cbn(g, x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    bp = _avg_branch(g, x, pool_filters)
    return g("Concatenate", [b1, b5, b3, bp], name=name, axis=3)


def _mixed_17(g, x, width, name):
    b1 = _cbn(g, x, 192, 1, 1)
    b7 = _cbn(g, _cbn(g, _cbn(g, x, width, 1, 1), width, 1, 7), 192, 7, 1)
    bd = _cbn(g, x, width, 1, 1)
    bd = _cbn(g, bd, width, 7, 1)
    bd = _cbn(g, bd, width, 1, 7)
    bd = _cbn(g, bd, width, 7, 1)
    bd = _cbn(g, bd, 192, 1, 7)
    bp = _avg_branch(g, x, 192)
    return g("Concatenate", [b1, b7, bd, bp], name=name, axis=3)


def _body(g, x, include_top, pooling, classes, classifier_activation):
    x = _cbn(g, x, 32, 3, 3, strides=(2, 2), padding="valid")
    x = _cbn(g, x, 32, 3, 3, padding="valid")
    x = _cbn(g, x, 64, 3, 3)
    x = g("MaxPooling2D", x, pool_size=(3, 3), strides=(2, 2))
    x = _cbn(g, x, 80, 1, 1, padding="valid")
    x = _cbn(g, x, 192, 3, 3, padding="valid")
    x = g("MaxPooling2D", x, pool_size=(3, 3), strides=(2, 2))
    x = _mixed_35(g, x, 32, "mixed0")
    x = _mixed_35(g, x, 64, "mixed1")
    x = _mixed_35(g, x, 64, "mixed2")
    b3 = _cbn(g, x, 384, 3, 3, strides=(2, 2), padding="valid")
    bd = _cbn(g, _cbn(g, _cbn(g, x, 64, 1, 1), 96, 3, 3), 96, 3, 3, strides=(2, 2), padding="valid")
    bp = g("MaxPooling2D", x, pool_size=(3, 3), strides=(2, 2))
    x = g("Concatenate", [b3, bd, bp], name="mixed3", axis=3)
    x = _mixed_17(g, x, 128, "mixed4")
    x = _mixed_17(g, x, 160, "mixed5")
    x = _mixed_17(g, x, 160, "mixed6")
    x = _mixed_17(g, x, 192, "mixed7")
    b3 = _cbn(g, _cbn(g, x, 192, 1, 1), 320, 3, 3, strides=(2, 2), padding="valid")
    b7 = _cbn(g, _cbn(g, _cbn(g, x, 192, 1, 1), 192, 1, 7), 192, 7, 1)
    b7 = _cbn(g, b7, 192, 3, 3, strides=(2, 2), padding="valid")
    bp = g("MaxPooling2D", x, pool_size=(3, 3), strides=(2, 2))
    x = g("Concatenate", [b3, b7, bp], name="mixed8", axis=3)
    for i in range(2):
        b1 = _cbn(g, x, 320, 1, 1)
        b3 = _cbn(g, x, 384, 1, 1)
        b3 = g("Concatenate", [_cbn(g, b3, 384, 1, 3), _cbn(g, b3, 384, 3, 1)], name=f"mixed9_{i}", axis=3)
        bd = _cbn(g, _cbn(g, x, 448, 1, 1), 384, 3, 3)
        bd = g("Concatenate", [_cbn(g, bd, 384, 1, 3), _cbn(g, bd, 384, 3, 1)], axis=3)
        bp = _avg_branch(g, x, 192)
        x = g("Concatenate", [b1, b3, bd, bp], name=f"mixed{9 + i}", axis=3)
    if include_top:
        return common.top(g, x, True, pooling, classes, classifier_activation)
    return common.top(g, x, False, pooling, classes, classifier_activation, avg_name=None, max_name=None)


def _files(include_top, **_):
    name = f"inception_v3_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
    return name, _URL + name, "9a0d58056eeedaa3f26cb7ebd46da564" if include_top else "bcbd6486424b2319ff4ef7d526e38f63"


APPLICATIONS = [Application("InceptionV3", "inception_v3", _body, "inception_v3", "tf", _files, default_size=299,
                            min_size=75)]
