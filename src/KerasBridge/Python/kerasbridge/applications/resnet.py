"""ResNet50/101/152 and ResNet50V2/101V2/152V2 (keras/src/applications/resnet.py, resnet_v2.py)."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
_EPS = 1.001e-5


def _bn(g, x, name):
    return g("BatchNormalization", x, name=name, axis=3, epsilon=_EPS)


def _block_v1(g, x, filters, stride=1, conv_shortcut=True, name=None):
    if conv_shortcut:
        shortcut = g("Conv2D", x, name=f"{name}_0_conv", filters=4 * filters, kernel_size=1, strides=stride)
        shortcut = _bn(g, shortcut, f"{name}_0_bn")
    else:
        shortcut = x
    x = g("Conv2D", x, name=f"{name}_1_conv", filters=filters, kernel_size=1, strides=stride)
    x = _bn(g, x, f"{name}_1_bn")
    x = g("Activation", x, name=f"{name}_1_relu", activation="relu")
    x = g("Conv2D", x, name=f"{name}_2_conv", filters=filters, kernel_size=3, padding="SAME")
    x = _bn(g, x, f"{name}_2_bn")
    x = g("Activation", x, name=f"{name}_2_relu", activation="relu")
    x = g("Conv2D", x, name=f"{name}_3_conv", filters=4 * filters, kernel_size=1)
    x = _bn(g, x, f"{name}_3_bn")
    x = g("Add", [shortcut, x], name=f"{name}_add")
    return g("Activation", x, name=f"{name}_out", activation="relu")


def _stack_v1(g, x, filters, blocks, stride1=2, name=None):
    x = _block_v1(g, x, filters, stride=stride1, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = _block_v1(g, x, filters, conv_shortcut=False, name=f"{name}_block{i}")
    return x


def _block_v2(g, x, filters, stride=1, conv_shortcut=False, name=None):
    preact = _bn(g, x, f"{name}_preact_bn")
    preact = g("Activation", preact, name=f"{name}_preact_relu", activation="relu")
    if conv_shortcut:
        shortcut = g("Conv2D", preact, name=f"{name}_0_conv", filters=4 * filters, kernel_size=1, strides=stride)
    else:
        shortcut = g("MaxPooling2D", x, pool_size=1, strides=stride) if stride > 1 else x
    x = g("Conv2D", preact, name=f"{name}_1_conv", filters=filters, kernel_size=1, strides=1, use_bias=False)
    x = _bn(g, x, f"{name}_1_bn")
    x = g("Activation", x, name=f"{name}_1_relu", activation="relu")
    x = g("ZeroPadding2D", x, name=f"{name}_2_pad", padding=((1, 1), (1, 1)))
    x = g("Conv2D", x, name=f"{name}_2_conv", filters=filters, kernel_size=3, strides=stride, use_bias=False)
    x = _bn(g, x, f"{name}_2_bn")
    x = g("Activation", x, name=f"{name}_2_relu", activation="relu")
    x = g("Conv2D", x, name=f"{name}_3_conv", filters=4 * filters, kernel_size=1)
    return g("Add", [shortcut, x], name=f"{name}_out")


def _stack_v2(g, x, filters, blocks, stride1=2, name=None):
    x = _block_v2(g, x, filters, conv_shortcut=True, name=f"{name}_block1")
    for i in range(2, blocks):
        x = _block_v2(g, x, filters, name=f"{name}_block{i}")
    return _block_v2(g, x, filters, stride=stride1, name=f"{name}_block{blocks}")


def _resnet(blocks, preact):
    def body(g, x, include_top, pooling, classes, classifier_activation):
        x = g("ZeroPadding2D", x, name="conv1_pad", padding=((3, 3), (3, 3)))
        x = g("Conv2D", x, name="conv1_conv", filters=64, kernel_size=7, strides=2, use_bias=True)
        if not preact:
            x = _bn(g, x, "conv1_bn")
            x = g("Activation", x, name="conv1_relu", activation="relu")
        x = g("ZeroPadding2D", x, name="pool1_pad", padding=((1, 1), (1, 1)))
        x = g("MaxPooling2D", x, name="pool1_pool", pool_size=3, strides=2)
        if preact:
            x = _stack_v2(g, x, 64, blocks[0], name="conv2")
            x = _stack_v2(g, x, 128, blocks[1], name="conv3")
            x = _stack_v2(g, x, 256, blocks[2], name="conv4")
            x = _stack_v2(g, x, 512, blocks[3], stride1=1, name="conv5")
            x = _bn(g, x, "post_bn")
            x = g("Activation", x, name="post_relu", activation="relu")
        else:
            x = _stack_v1(g, x, 64, blocks[0], stride1=1, name="conv2")
            x = _stack_v1(g, x, 128, blocks[1], name="conv3")
            x = _stack_v1(g, x, 256, blocks[2], name="conv4")
            x = _stack_v1(g, x, 512, blocks[3], name="conv5")
        return common.top(g, x, include_top, pooling, classes, classifier_activation)
    return body


def _weights(weights_name, top_hash, notop_hash):
    def files(include_top, **_):
        name = f"{weights_name}_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
        return name, _URL + name, top_hash if include_top else notop_hash
    return files


APPLICATIONS = [
    Application("ResNet50", "resnet50", _resnet((3, 4, 6, 3), False), "resnet", "caffe",
                _weights("resnet50", "2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626")),
    Application("ResNet101", "resnet101", _resnet((3, 4, 23, 3), False), "resnet", "caffe",
                _weights("resnet101", "f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21")),
    Application("ResNet152", "resnet152", _resnet((3, 8, 36, 3), False), "resnet", "caffe",
                _weights("resnet152", "100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c")),
    Application("ResNet50V2", "resnet50v2", _resnet((3, 4, 6, 3), True), "resnet_v2", "tf",
                _weights("resnet50v2", "3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917")),
    Application("ResNet101V2", "resnet101v2", _resnet((3, 4, 23, 3), True), "resnet_v2", "tf",
                _weights("resnet101v2", "6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5")),
    Application("ResNet152V2", "resnet152v2", _resnet((3, 8, 36, 3), True), "resnet_v2", "tf",
                _weights("resnet152v2", "a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33")),
]
