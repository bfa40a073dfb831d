"""VGG16 and VGG19 (keras/src/applications/vgg16.py, vgg19.py)."""
from kerasbridge.applications.spec import Application

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"


def _vgg(convs_per_block):
    def body(g, x, include_top, pooling, classes, classifier_activation):
        for block, (convs, filters) in enumerate(zip(convs_per_block, (64, 128, 256, 512, 512)), start=1):
            for i in range(1, convs + 1):
                x = g("Conv2D", x, name=f"block{block}_conv{i}", filters=filters, kernel_size=3,
                      activation="relu", padding="same")
            x = g("MaxPooling2D", x, name=f"block{block}_pool", pool_size=2, strides=2)
        if include_top:
            x = g("Flatten", x, name="flatten")
            x = g("Dense", x, name="fc1", units=4096, activation="relu")
            x = g("Dense", x, name="fc2", units=4096, activation="relu")
            return g("Dense", x, name="predictions", units=classes,
                     activation="linear" if classifier_activation is None else classifier_activation)
        if pooling == "avg":
            return g("GlobalAveragePooling2D", x)
        if pooling == "max":
            return g("GlobalMaxPooling2D", x)
        return x
    return body


def _weights(file, file_hash, notop_hash):
    return lambda include_top, **_: (
        (f"{file}.h5", f"{_URL}{file.split('_')[0]}/{file}.h5", file_hash) if include_top else
        (f"{file}_notop.h5", f"{_URL}{file.split('_')[0]}/{file}_notop.h5", notop_hash))


APPLICATIONS = [
    Application("VGG16", "vgg16", _vgg((2, 2, 3, 3, 3)), "vgg16", preprocess="caffe",
                weights=_weights("vgg16_weights_tf_dim_ordering_tf_kernels", "64373286793e3c8b2b4e3219cbf3544b",
                                 "6d6bbae143d832006294945121d1f1fc")),
    Application("VGG19", "vgg19", _vgg((2, 2, 4, 4, 4)), "vgg19", preprocess="caffe",
                weights=_weights("vgg19_weights_tf_dim_ordering_tf_kernels", "cbe5617147190e668d6c5d5026f83318",
                                 "253f8cb515780f3b799900260a226db6")),
]
