"""DenseNet121/169/201 (keras/src/applications/densenet.py)."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
_EPS = 1.001e-5


def _conv_block(g, x, growth_rate, name):
    x1 = g("BatchNormalization", x, name=f"{name}_0_bn", axis=3, epsilon=_EPS)
    x1 = g("Activation", x1, name=f"{name}_0_relu", activation="relu")
    x1 = g("Conv2D", x1, name=f"{name}_1_conv", filters=4 * growth_rate, kernel_size=1, use_bias=False)
    x1 = g("BatchNormalization", x1, name=f"{name}_1_bn", axis=3, epsilon=_EPS)
    x1 = g("Activation", x1, name=f"{name}_1_relu", activation="relu")
    x1 = g("Conv2D", x1, name=f"{name}_2_conv", filters=growth_rate, kernel_size=3, padding="same", use_bias=False)
    return g("Concatenate", [x, x1], name=f"{name}_concat", axis=3)


def _transition(g, x, reduction, name):
    x = g("BatchNormalization", x, name=f"{name}_bn", axis=3, epsilon=_EPS)
    x = g("Activation", x, name=f"{name}_relu", activation="relu")
    x = g("Conv2D", x, name=f"{name}_conv", filters=int(x.shape[3] * reduction), kernel_size=1, use_bias=False)
    return g("AveragePooling2D", x, name=f"{name}_pool", pool_size=2, strides=2)


def _densenet(blocks):
    def body(g, x, include_top, pooling, classes, classifier_activation):
        x = g("ZeroPadding2D", x, padding=((3, 3), (3, 3)))
        x = g("Conv2D", x, name="conv1_conv", filters=64, kernel_size=7, strides=2, use_bias=False)
        x = g("BatchNormalization", x, name="conv1_bn", axis=3, epsilon=_EPS)
        x = g("Activation", x, name="conv1_relu", activation="relu")
        x = g("ZeroPadding2D", x, padding=((1, 1), (1, 1)))
        x = g("MaxPooling2D", x, name="pool1", pool_size=3, strides=2)
        for i, count in enumerate(blocks):
            for b in range(count):
                x = _conv_block(g, x, 32, name=f"conv{i + 2}_block{b + 1}")
            if i < 3:
                x = _transition(g, x, 0.5, name=f"pool{i + 2}")
        x = g("BatchNormalization", x, name="bn", axis=3, epsilon=_EPS)
        x = g("Activation", x, name="relu", activation="relu")
        return common.top(g, x, include_top, pooling, classes, classifier_activation)
    return body


def _weights(depth, top_hash, notop_hash):
    def files(include_top, **_):
        name = f"densenet{depth}_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
        return name, _URL + name, top_hash if include_top else notop_hash
    return files


APPLICATIONS = [
    Application("DenseNet121", "densenet121", _densenet((6, 12, 24, 16)), "densenet", "torch",
                _weights(121, "9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738")),
    Application("DenseNet169", "densenet169", _densenet((6, 12, 32, 32)), "densenet", "torch",
                _weights(169, "d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b")),
    Application("DenseNet201", "densenet201", _densenet((6, 12, 48, 32)), "densenet", "torch",
                _weights(201, "1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1")),
]
