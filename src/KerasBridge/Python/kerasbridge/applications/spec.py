"""What the bridge knows about one application: its Keras function name, model name, graph body, input size
rules, preprocessing mode and the weights file Keras downloads for it. `config(...)` runs the steps every
application function in keras/src/applications/ runs: check the arguments, obtain the input shape, build the
graph from an Input, name the model."""
from kerasbridge.applications import common
from kerasbridge.applications.graph import GraphBuilder
from kerasbridge.errors import InvalidArgumentError


class Application:
    def __init__(self, function, model_name, body, family, preprocess, weights, default_size=224, min_size=32,
                 extra=None):
        self.function = function          # e.g. "DenseNet121" (keras.applications.DenseNet121)
        self.model_name = model_name      # the model's default name, e.g. "densenet121"
        self.body = body                  # body(g, x, include_top, pooling, classes, classifier_activation, **extra)
        self.family = family              # the keras.applications module, e.g. "densenet"
        self.preprocess = preprocess      # imagenet_utils mode: "caffe", "tf", "torch" or None (identity)
        self.weights = weights            # weights(include_top=..., **extra) -> (file_name, url, hash) or None
        self.default_size = default_size
        self.min_size = min_size
        self.extra = dict(extra or {})    # further keyword arguments and their defaults (e.g. alpha)
        self.body_takes_name = False      # body(..., model_name=...): layer names or layers depend on the model's name

    def input_shape(self, input_shape, include_top, weights, extra):
        return common.input_shape(self.function, input_shape, self.default_size, self.min_size, include_top, weights)

    def name(self, input_shape, extra, weights):
        return self.model_name

    def check_extra(self, weights, include_top, extra):
        pass

    def config(self, include_top=True, weights=None, input_shape=None, pooling=None, classes=1000,
               classifier_activation="softmax", name=None, auto_name=None, **extra):
        """The Functional config keras.applications.<function>(weights=None, ...).get_config() gives; weights
        only take part in the argument checks (the caller loads them)."""
        unknown = set(extra) - set(self.extra)
        if unknown:
            raise InvalidArgumentError(f"{self.function}: unexpected argument(s) {sorted(unknown)}; "
                            f"it takes {sorted(self.extra) or 'no further arguments'}.")
        extra = {**self.extra, **extra}
        common.check_arguments(self.function, weights, include_top, classes, pooling, classifier_activation)
        self.check_extra(weights, include_top, extra)
        shape = self.input_shape(input_shape, include_top, weights, extra)
        g = GraphBuilder(auto_name)
        inputs = g.input(shape)
        model_name = name or self.name(shape, extra, weights)
        named = {"model_name": model_name} if self.body_takes_name else {}
        outputs = self.body(g, inputs, include_top, pooling, classes, classifier_activation, **extra, **named)
        return g.model(inputs, outputs, model_name)

    def weights_file(self, include_top=True, input_shape=None, **extra):
        """(file name, URL, md5 or sha256 hash or None) of the ImageNet weights Keras downloads for these
        arguments, or None when Keras has none."""
        if self.weights is None:
            return None
        extra = {**self.extra, **extra}
        shape = self.input_shape(input_shape, include_top, "imagenet", extra)
        return self.weights(include_top=include_top, input_shape=shape, **extra)
