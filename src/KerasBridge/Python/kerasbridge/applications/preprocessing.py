"""preprocess_input and decode_predictions of the applications (keras/src/applications/imagenet_utils.py:
_preprocess_numpy_input for channels_last, decode_predictions with the ImageNet class index Keras downloads)."""
import json

import numpy as np

from kerasbridge.applications import weights as weights_files
from kerasbridge.errors import InvalidArgumentError

CLASS_INDEX_FILE = "imagenet_class_index.json"
CLASS_INDEX_URL = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"
MODES = ("caffe", "tf", "torch", None)


def preprocess_input(x, mode):
    """A float32 copy of the images `x` (..., height, width, channels) prepared as the application expects:
    'tf' scales to [-1, 1], 'torch' to [0, 1] then normalizes with ImageNet's mean and std, 'caffe' turns RGB into
    BGR and subtracts ImageNet's mean, None (EfficientNet, ConvNeXt: the model has it built in) leaves them."""
    if mode not in MODES:
        raise InvalidArgumentError(f"preprocess_input: argument 'mode' must be one of caffe, tf, torch or None; got {mode!r}.")
    x = np.array(x, dtype=np.float32, copy=True)
    if mode is None:
        return x
    if x.ndim < 3 or x.shape[-1] != 3:
        raise InvalidArgumentError(
            f"preprocess_input: argument 'x' must be images of shape (..., height, width, 3); got shape {x.shape}.")
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    if mode == "torch":
        x /= 255.0
        mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    else:
        x = np.ascontiguousarray(x[..., ::-1])  # RGB -> BGR
        mean, std = [103.939, 116.779, 123.68], None
    for c in range(3):
        x[..., c] -= mean[c]
        if std is not None:
            x[..., c] /= std[c]
    return x


_CLASS_INDEX = {}


def class_index(home=None):
    path = weights_files.fetch(CLASS_INDEX_FILE, CLASS_INDEX_URL, CLASS_INDEX_HASH, home=home)
    if path not in _CLASS_INDEX:
        with open(path) as f:
            _CLASS_INDEX[path] = json.load(f)
    return _CLASS_INDEX[path]


def decode_predictions(preds, top=5, home=None):
    """[[(class id, class name, score), ...] per sample], the `top` best first, for ImageNet predictions of
    shape (samples, 1000)."""
    preds = np.asarray(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise InvalidArgumentError("decode_predictions: argument 'preds' must be a batch of ImageNet predictions, "
                                   f"of shape (samples, 1000); got shape {preds.shape}.")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or not 1 <= top <= 1000:
        raise InvalidArgumentError(f"decode_predictions: argument 'top' must be an integer from 1 to 1000; got {top!r}.")
    index = class_index(home)
    results = []
    for pred in preds:
        best = pred.argsort()[-int(top):][::-1]
        result = [tuple(index[str(i)]) + (float(pred[i]),) for i in best]
        result.sort(key=lambda r: r[2], reverse=True)
        results.append(result)
    return results
