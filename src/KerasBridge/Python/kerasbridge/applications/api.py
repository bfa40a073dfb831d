"""The applications on the two engines. The Keras engine calls keras.applications.<function> itself (after
putting the ImageNet weights file into Keras's cache, so that an offline machine gets the same clear error on
both engines); the PyTorch engine builds the bridge's config and loads the same file by layer name."""
import os

from kerasbridge import applications
from kerasbridge.applications import weights as weights_files
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.model_files.operations import OPERATIONS, is_operation

_KEYS = ("include_top", "weights", "input_shape", "pooling", "classes", "classifier_activation", "name")


def _arguments(function, kwargs):
    spec = applications.get(function)
    unknown = set(kwargs) - set(_KEYS) - set(spec.extra)
    if unknown:
        raise InvalidArgumentError(f"{function}: unexpected argument(s) {sorted(unknown)}.")
    weights = kwargs.get("weights")
    if weights not in (None, "imagenet"):
        if not isinstance(weights, str) or not os.path.isfile(weights):
            raise InvalidArgumentError(f"{function}: argument 'weights' must be null, 'imagenet' or the path of an "
                                       f"existing weights file; got {weights!r} (no such file).", "weights")
        kwargs["weights"] = os.path.abspath(weights)
    return spec, kwargs


def imagenet_file(spec, kwargs, home=None):
    """The cached ImageNet weights file for these arguments (downloaded when missing)."""
    extra = {k: v for k, v in kwargs.items() if k in spec.extra}
    found = spec.weights_file(include_top=kwargs.get("include_top", True), input_shape=kwargs.get("input_shape"),
                              **extra)
    if found is None:
        raise InvalidArgumentError(f"{spec.function}: Keras publishes no ImageNet weights for these arguments.",
                                   "weights")
    file_name, url, file_hash = found
    return weights_files.fetch(file_name, url, file_hash, home=home)


def create(engine, function, kwargs, auto_name=None):
    """keras.applications.<function>(**kwargs) on `engine`; returns the engine's model."""
    spec, kwargs = _arguments(function, dict(kwargs))
    # The same argument checks and messages on both engines (this builds the graph description only; on the Keras
    # engine with names of its own, so that the caller's counter is used once, by Keras).
    if engine.name == "keras":
        spec.config(**kwargs)
        return _create_keras(engine, spec, kwargs, auto_name)
    config = spec.config(auto_name=auto_name, **kwargs)
    weights = kwargs.get("weights")
    # The file first: offline, the error comes before the (long) build.
    path = imagenet_file(spec, kwargs) if weights == "imagenet" else weights
    model = engine.model_from_config(config)
    if path is not None:
        names = [e["name"] for e in config["config"]["layers"]
                 if e["class_name"] != "InputLayer" and not is_operation(e) and model.get_layer_weights(e["name"])]
        weights_files.load_by_name(model, path, names)
    return model


def _create_keras(engine, spec, kwargs, auto_name=None):
    import keras
    from keras.src.backend import config as keras_config
    from keras.src.utils import naming

    from kerasbridge.keras_engine import KerasModel

    if kwargs.get("weights") == "imagenet":
        imagenet_file(spec, kwargs, home=keras_config.keras_home())  # where Keras's get_file will find it
    if kwargs.get("input_shape") is not None:
        kwargs["input_shape"] = tuple(kwargs["input_shape"])
    # Keras's automatic names (zero_padding2d_3, conv2d_7) come from the caller's counter while Keras builds it, as
    # on the PyTorch engine: layers made in C# are named by that counter, so a model that joins both never gets
    # two layers of one name. keras/src/utils/naming.py: auto_name looks uniquify up at call time.
    original = naming.uniquify
    if auto_name is not None:
        naming.uniquify = auto_name
    try:
        model = getattr(keras.applications, spec.function)(**kwargs)
    finally:
        naming.uniquify = original
    return KerasModel(engine, model)


def missing_layers(engine, function, kwargs):
    """The layer classes of this application the engine cannot build yet (none on the Keras engine)."""
    if engine.name == "keras":
        return []
    from kerasbridge.torch_engine.registry import supported_layer_names

    kwargs = {k: v for k, v in dict(kwargs).items() if k != "weights"}
    return missing_layers_of_config(engine, applications.get(function).config(**kwargs))


def missing_layers_of_config(engine, config):
    """The layer classes of a Functional or Sequential config the engine cannot build yet."""
    if engine.name == "keras":
        return []
    from kerasbridge.torch_engine.registry import supported_layer_names

    supported = set(supported_layer_names())
    missing = set()
    for e in config["config"]["layers"]:
        if e.get("class_name") in ("Sequential", "Functional"):
            missing |= set(missing_layers_of_config(engine, e))  # a nested model: its own layers
        elif is_operation(e):
            if e.get("class_name") not in OPERATIONS:
                missing.add(e.get("class_name"))
        elif e.get("class_name") not in supported:
            missing.add(e.get("class_name"))
    return sorted(missing)
