"""Argument checks and the shared parts of every application: the input shape (imagenet_utils.obtain_input_shape),
the weights argument, the classifier head and the pooling of a headless model. Follows
keras/src/applications/imagenet_utils.py and the argument checks at the top of each application."""
import os

from kerasbridge.errors import InvalidArgumentError

POOLINGS = (None, "avg", "max")


def check_arguments(fn, weights, include_top, classes, pooling, classifier_activation):
    if not (weights in ("imagenet", None) or (isinstance(weights, str) and os.path.exists(weights))):
        raise InvalidArgumentError(
            f"{fn}: argument 'weights' must be None (random initialization), 'imagenet' (pre-training on "
            f"ImageNet) or the path to an existing weights file; got {weights!r}.")
    if weights == "imagenet" and include_top and classes != 1000:
        raise InvalidArgumentError(f"{fn}: argument 'classes' must be 1000 with weights='imagenet' and include_top=True; "
                         f"got {classes}.")
    if isinstance(classes, bool) or not isinstance(classes, int) or classes < 1:
        raise InvalidArgumentError(f"{fn}: argument 'classes' must be a positive integer; got {classes!r}.")
    if pooling not in POOLINGS:
        raise InvalidArgumentError(f"{fn}: argument 'pooling' must be None, 'avg' or 'max'; got {pooling!r}.")
    if include_top and weights is not None and classifier_activation not in ("softmax", None):
        raise InvalidArgumentError(f"{fn}: argument 'classifier_activation' must be None or 'softmax' with pretrained weights "
                         f"and include_top=True; got {classifier_activation!r}.")


def input_shape(fn, input_shape, default_size, min_size, require_flatten, weights):
    """imagenet_utils.obtain_input_shape for channels_last."""
    if input_shape is not None:
        input_shape = tuple(None if d is None else int(d) for d in input_shape)
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise InvalidArgumentError(f"{fn}: argument 'input_shape' must be {list(default_shape)} with include_top=True and "
                             f"weights='imagenet'; got {list(input_shape)}.")
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            raise InvalidArgumentError(f"{fn}: argument 'input_shape' must have three dimensions (height, width, channels); "
                             f"got {list(input_shape)}.")
        if input_shape[-1] != 3 and weights == "imagenet":
            raise InvalidArgumentError(f"{fn}: argument 'input_shape' must have 3 channels with weights='imagenet'; "
                             f"got {list(input_shape)}.")
        if (input_shape[0] is not None and input_shape[0] < min_size) or \
                (input_shape[1] is not None and input_shape[1] < min_size):
            raise InvalidArgumentError(f"{fn}: argument 'input_shape' must be at least {min_size}x{min_size}; "
                             f"got {list(input_shape)}.")
    else:
        input_shape = default_shape if require_flatten else (None, None, 3)
    if require_flatten and None in input_shape:
        raise InvalidArgumentError(f"{fn}: argument 'input_shape' must be static (no None) with include_top=True; "
                         f"got {list(input_shape)}.")
    return input_shape


def top(g, x, include_top, pooling, classes, classifier_activation, avg_name="avg_pool", max_name="max_pool"):
    """The usual ending: global average pooling and a Dense 'predictions' head, or the optional pooling.
    A None name means Keras's automatic name (e.g. MobileNetV2's GlobalAveragePooling2D())."""
    if include_top:
        x = g("GlobalAveragePooling2D", x, name=avg_name)
        return g("Dense", x, name="predictions", units=classes, activation=_activation(classifier_activation))
    if pooling == "avg":
        return g("GlobalAveragePooling2D", x, name=avg_name)
    if pooling == "max":
        return g("GlobalMaxPooling2D", x, name=max_name)
    return x


def h5_weights(url, model_name, top_hash, notop_hash):
    """The weights-file function of an application whose ImageNet weights are <url><model_name>.h5, or
    <model_name>_notop.h5 without the top: include_top -> (file name, URL, hash)."""
    def files(include_top, **_):
        name = model_name + (".h5" if include_top else "_notop.h5")
        return name, url + name, top_hash if include_top else notop_hash
    return files


def _activation(name):
    return "linear" if name is None else name


def correct_pad(shape, kernel_size):
    """imagenet_utils.correct_pad for channels_last: the ZeroPadding2D a stride-2 'valid' conv needs to match
    'same' padding."""
    kernel_size = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    size = shape[1:3]
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))
