"""MobileNet (v1) (keras/src/applications/mobilenet.py)."""
from kerasbridge.applications import common
from kerasbridge.applications.spec import Application
from kerasbridge.errors import InvalidArgumentError

_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
_SIZES = (128, 160, 192, 224)
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.50: "5_0"}


def _conv_block(g, x, filters, alpha, strides):
    x = g("Conv2D", x, name="conv1", filters=int(filters * alpha), kernel_size=(3, 3), padding="same", use_bias=False,
          strides=strides)
    x = g("BatchNormalization", x, name="conv1_bn", axis=-1)
    return g("ReLU", x, name="conv1_relu", max_value=6.0)


def _depthwise_block(g, x, filters, alpha, depth_multiplier, strides=(1, 1), block_id=1):
    if strides != (1, 1):
        x = g("ZeroPadding2D", x, name=f"conv_pad_{block_id}", padding=((0, 1), (0, 1)))
    x = g("DepthwiseConv2D", x, name=f"conv_dw_{block_id}", kernel_size=(3, 3),
          padding="same" if strides == (1, 1) else "valid", depth_multiplier=depth_multiplier, strides=strides,
          use_bias=False)
    x = g("BatchNormalization", x, name=f"conv_dw_{block_id}_bn", axis=-1)
    x = g("ReLU", x, name=f"conv_dw_{block_id}_relu", max_value=6.0)
    x = g("Conv2D", x, name=f"conv_pw_{block_id}", filters=int(filters * alpha), kernel_size=(1, 1), padding="same",
          use_bias=False, strides=(1, 1))
    x = g("BatchNormalization", x, name=f"conv_pw_{block_id}_bn", axis=-1)
    return g("ReLU", x, name=f"conv_pw_{block_id}_relu", max_value=6.0)


# (pointwise filters, strides) of blocks 1..13
_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
           (512, 1), (1024, 2), (1024, 1)]


def _body(g, x, include_top, pooling, classes, classifier_activation, alpha, depth_multiplier, dropout):
    x = _conv_block(g, x, 32, alpha, strides=(2, 2))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_block(g, x, filters, alpha, depth_multiplier, strides=(stride, stride), block_id=block_id)
    if include_top:
        x = g("GlobalAveragePooling2D", x, keepdims=True)
        x = g("Dropout", x, name="dropout", rate=dropout)
        x = g("Conv2D", x, name="conv_preds", filters=classes, kernel_size=(1, 1), padding="same")
        x = g("Reshape", x, name="reshape_2", target_shape=(classes,))
        return g("Activation", x, name="predictions", activation=classifier_activation)
    return common.top(g, x, False, pooling, classes, classifier_activation, avg_name=None, max_name=None)


class _MobileNet(Application):
    def __init__(self):
        super().__init__("MobileNet", None, _body, "mobilenet", "tf", self._files,
                         extra={"alpha": 1.0, "depth_multiplier": 1, "dropout": 1e-3})

    def input_shape(self, input_shape, include_top, weights, extra):
        default = 224
        if input_shape is not None and len(input_shape) == 3 and input_shape[0] == input_shape[1] \
                and input_shape[0] in _SIZES:
            default = input_shape[0]
        return common.input_shape(self.function, input_shape, default, 32, include_top, weights)

    def check_extra(self, weights, include_top, extra):
        if weights == "imagenet" and extra["depth_multiplier"] != 1:
            raise InvalidArgumentError(f"{self.function}: argument 'depth_multiplier' must be 1 with weights='imagenet'; "
                                       f"got {extra['depth_multiplier']}.")
        if weights == "imagenet" and extra["alpha"] not in (0.25, 0.50, 0.75, 1.0):
            raise InvalidArgumentError(f"{self.function}: argument 'alpha' must be one of 0.25, 0.5, 0.75 or 1.0 with "
                                       f"weights='imagenet'; got {extra['alpha']}.")

    @staticmethod
    def rows(shape, weights):
        if weights == "imagenet" and (shape[0] != shape[1] or shape[0] not in _SIZES):
            return 224  # Keras loads the 224x224 weights then
        return shape[0]

    def name(self, input_shape, extra, weights):
        return f"mobilenet_{extra['alpha']:0.2f}_{self.rows(input_shape, weights)}"

    def _files(self, include_top, input_shape, alpha, **_):
        rows = self.rows(input_shape, "imagenet")
        name = f"mobilenet_{_ALPHA_TEXT.get(alpha, '2_5')}_{rows}_tf{'' if include_top else '_no_top'}.h5"
        return name, _URL + name, None


APPLICATIONS = [_MobileNet()]
