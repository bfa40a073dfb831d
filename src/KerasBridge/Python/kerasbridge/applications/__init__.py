"""keras.applications for the bridge: builders that return the Functional config Keras 3.15.1 writes for each
application (same layer classes, names, order, arguments and inbound nodes), the ImageNet weights files Keras
downloads for them, and each family's preprocess_input / decode_predictions. The PyTorch engine builds its
applications from these configs; the Keras engine calls keras.applications itself (see api.py)."""
from kerasbridge.applications import (convnext, densenet, efficientnet, efficientnet_v2, inception_v3, mobilenet, mobilenet_v2,
                                     mobilenet_v3, resnet, vgg, xception)

_ALL = {a.function: a for module in (convnext, densenet, efficientnet, efficientnet_v2, inception_v3, mobilenet,
                                                     mobilenet_v2, mobilenet_v3, resnet, vgg, xception) for a in module.APPLICATIONS}


def names():
    return sorted(_ALL)


def get(function):
    try:
        return _ALL[function]
    except KeyError:
        raise ValueError(f"applications: argument 'name' must be one of {', '.join(names())}; got {function!r}.") from None


def config(function, **kwargs):
    """keras.applications.<function>(**kwargs).get_config() as the bridge builds it (weights are not loaded)."""
    return get(function).config(**kwargs)
