"""Keras's Hashing layer without TensorFlow.

Source: keras/src/layers/preprocessing/hashing.py (its checks, _hash_values_to_bins, compute_output_spec, get_config),
with keras/src/utils/numerical_utils.py encode_categorical_inputs on the TensorFlow backend it calls:
- Each value becomes a bin: numbers (floats cast to int64 first) by their decimal text (tf.strings.as_string), strings
  by their UTF-8 bytes, hashed as tf.strings.to_hash_bucket_fast (FarmHash64) or, with a salt,
  to_hash_bucket_strong keyed by the two salt values (SipHash-2-4) (string_hash.py). A single int salt s is [s, s].
- mask_value (when num_bins > 1): values equal to it take bin 0 and the others hash into num_bins - 1 bins, plus 1.
- output_mode "int" gives the bins in the layer's dtype (int64 unless dtype says int32); "one_hot" drops a trailing
  axis of size 1 first, "multi_hot"/"count" encode the last axis (category.py's encode, which is Keras's dense
  encoding), in the layer's dtype (float32 unless given).
- In a model the output shape is compute_output_spec's: the input shape, or its last axis replaced by num_bins. Where
  Keras's own call gives another shape (one_hot on a last axis other than 1, multi_hot/count on rank > 2), the
  layer is refused when the model is built, naming the shape.
Numbers are hashed inside the torch graph (the bins of the distinct values, one hash each). Strings never become
torch tensors: a string Input feeding one Hashing is hashed on numpy where the data enters the model
(string_inputs.py), and the graph carries the result from there. `apply` is Keras's eager `layer(data)` on an
array of numbers or strings.
"""

import numpy as np
import torch

from kerasbridge.torch_engine.category import encode
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import dtype_policy, shape_to_json
from kerasbridge.torch_engine.string_hash import hash_bucket

_MODES = ("int", "one_hot", "multi_hot", "count")
_DTYPES = {"int32": torch.int32, "int64": torch.int64, "float32": torch.float32}
# Model inputs reach the graph as float32, exact for integers up to 2**24.
_FLOAT32_EXACT = 2 ** 24


def dtype_name(dtype):
    """The dtype's name from a config entry: a DTypePolicy dict, a name, or None."""
    if isinstance(dtype, dict):
        return (dtype.get("config") or {}).get("name")
    return dtype


def take_dtype(config, label, default):
    """Pops the config's dtype (the base Layer takes float32 only) and checks the PyTorch engine has it."""
    name = dtype_name(config.pop("dtype", None)) or default
    if name not in _DTYPES:
        raise ValueError(f"{label}: 'dtype' must be one of {', '.join(_DTYPES)} on the PyTorch engine; got {name!r}.")
    return name


def utf8(value, label):
    """A string value's bytes, as TensorFlow holds a Python str (UTF-8)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise ValueError(f"{label}: inputs must be all strings or all numbers; got {value!r} among strings.")


def as_array(data):
    """numpy view of eager data: a torch tensor, an array, nested lists, or one value."""
    if isinstance(data, torch.Tensor):
        return data.detach().cpu().numpy()
    return data if isinstance(data, np.ndarray) else np.asarray(data, dtype=object if _has_text(data) else None)


def _has_text(data):
    if isinstance(data, (str, bytes)):
        return True
    return isinstance(data, (list, tuple)) and any(_has_text(d) for d in data)


def is_text(array):
    return array.dtype.kind in "US" or (array.dtype.kind == "O" and array.size > 0
                                        and isinstance(array.reshape(-1)[0], (str, bytes)))


def _label(config):
    return f"Layer '{config.get('name')}' (Hashing)"


def _default_dtype(output_mode):
    return "int64" if output_mode == "int" else "float32"


class Hashing(Layer):
    class_name = "Hashing"
    has_build_config = True
    _OPTIONS = {"num_bins": None, "mask_value": None, "salt": None, "output_mode": "int", "sparse": False}

    def __init__(self, config):
        config = dict(config)
        mode = config.get("output_mode", "int")
        label = _label(config)
        dtype = take_dtype(config, label, _default_dtype(mode))
        super().__init__(config, self._OPTIONS)
        o = self.options
        num_bins = o["num_bins"]
        if not isinstance(num_bins, int) or isinstance(num_bins, bool) or num_bins <= 0:
            raise ValueError(f"{self.label}: the `num_bins` for `Hashing` cannot be `None` or non-positive values "
                             f"(a positive int). Received: num_bins={num_bins!r}.")
        if mode not in _MODES:
            raise ValueError(f"{self.label}: invalid value for argument `output_mode`. Expected one of {_MODES}. "
                             f"Received: output_mode={mode!r}.")
        if mode == "int" and dtype not in ("int32", "int64"):
            raise ValueError(f"{self.label}: when `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' "
                             f"or 'int64'. Received: dtype={dtype!r}.")
        if o["sparse"] and mode == "int":
            raise ValueError(f"{self.label}: `sparse` may only be true if `output_mode` is `\"one_hot\"`, "
                             f"`\"multi_hot\"`, or `\"count\"`. Received: sparse={o['sparse']!r} and "
                             f"output_mode={mode!r}.")
        if o["sparse"]:
            raise ValueError(f"{self.label}: 'sparse' must be false (the PyTorch engine has no sparse outputs); got "
                             f"{o['sparse']!r}.")
        self.num_bins, self.output_mode, self.dtype = num_bins, mode, dtype
        self.salt = self._salt(o["salt"])
        mask = o["mask_value"]
        if mask is not None and (isinstance(mask, bool) or not isinstance(mask, (int, float, str))):
            raise ValueError(f"{self.label}: 'mask_value' must be null, a number or a string; got {mask!r}.")
        self.mask_value = mask
        # Set by string_inputs.py when a string Input feeds this layer: the hashing then ran where the data entered.
        self.fed_strings = False

    def _salt(self, salt):
        """Hashing.__init__: one int means [salt, salt]; a list or tuple of two ints is kept as a list."""
        if salt is None:
            return None
        pair = list(salt) if isinstance(salt, (list, tuple)) and len(salt) == 2 else None
        if isinstance(salt, int) and not isinstance(salt, bool):
            pair = [salt, salt]
        if pair is None or not all(isinstance(s, int) and not isinstance(s, bool) for s in pair):
            raise ValueError(f"{self.label}: the `salt` argument for `Hashing` can only be a tuple of size 2 "
                             f"integers, or a single integer. Received: salt={salt!r}.")
        return pair

    @staticmethod
    def output_dtype_of(config):
        """compute_output_spec's dtype: the layer's, int64 in "int" mode and float32 otherwise unless given."""
        mode = config.get("output_mode", "int")
        return dtype_name(config.get("dtype")) or _default_dtype(mode)

    # ----- shapes -----
    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        if len(input_shape) == 0:
            return (self.num_bins,)
        if self.output_mode == "one_hot":
            squeezed_twice = len(input_shape) > 2 and input_shape[-2] in (1, None)
            if len(input_shape) < 2 or input_shape[-1] != 1 or squeezed_twice:
                raise ValueError(f"{self.label}: output_mode 'one_hot' takes inputs whose last axis is 1, such as "
                                 f"(batch, 1): Keras's output shape ({shape_to_json(input_shape[:-1])} + num_bins) "
                                 f"is what its call gives only then; got input shape {shape_to_json(input_shape)}.")
        elif len(input_shape) > 2:
            raise ValueError(f"{self.label}: output_mode {self.output_mode!r} takes inputs of rank 2 at most (batch, "
                             f"values): on higher ranks Keras's call encodes another axis than its output shape "
                             f"says; got input shape {shape_to_json(input_shape)}.")
        return input_shape[:-1] + (self.num_bins,)

    # ----- running -----
    def call(self, x, training):
        if self.fed_strings:  # hashed where the data entered (string_inputs.py): x is this layer's output
            return x.to(_DTYPES[self.dtype])
        if x.is_floating_point() and x.numel() and float(x.abs().max()) > _FLOAT32_EXACT:
            raise ValueError(f"{self.label}: inputs reach the PyTorch engine's model as float32, exact for integers "
                             f"up to 2**24 only; got {float(x.abs().max())!r}. Hash larger ids from a string Input, "
                             f"or call the layer on its own (apply).")
        return self._encoded(self._number_bins(x))

    def apply(self, data):
        """Keras's eager `layer(data)`: the output for numbers or strings (str/bytes), as a torch tensor."""
        array = as_array(data)
        if is_text(array):
            bins = self._string_bins(array)
        elif array.dtype.kind in "iuf":
            bins = self._number_bins(torch.as_tensor(array))
        else:
            raise ValueError(f"{self.label}: inputs must be numbers or strings; got dtype {array.dtype}.")
        return self._encoded(bins)

    def _hash_bins(self):
        """(bins hashed into, whether bin 0 is the mask's): _hash_values_to_bins reserves it when num_bins > 1."""
        masked = self.mask_value is not None and self.num_bins > 1
        return (self.num_bins - 1 if masked else self.num_bins), masked

    def _number_bins(self, x):
        count, masked = self._hash_bins()
        if masked and isinstance(self.mask_value, str):
            raise ValueError(f"{self.label}: mask_value {self.mask_value!r} is a string but the inputs are numbers.")
        values = x.to(torch.int64)  # floats: truncated, as tf.cast
        distinct, where = torch.unique(values.cpu(), return_inverse=True)
        buckets = [hash_bucket(str(v).encode(), count, self.salt) for v in distinct.tolist()]
        bins = torch.tensor(buckets, dtype=torch.int64)[where].reshape(values.shape).to(x.device)
        if masked:
            bins = torch.where(x == self.mask_value, torch.zeros_like(bins), bins + 1)
        return bins

    def _string_bins(self, array):
        count, masked = self._hash_bins()
        if masked and not isinstance(self.mask_value, str):
            raise ValueError(f"{self.label}: mask_value {self.mask_value!r} is a number but the inputs are strings.")
        flat = [utf8(v, self.label) for v in array.reshape(-1).tolist()]
        table = {s: hash_bucket(s, count, self.salt) for s in set(flat)}
        mask = self.mask_value.encode("utf-8") if masked else None
        bins = [0 if s == mask else table[s] + masked for s in flat]
        return torch.tensor(bins, dtype=torch.int64).reshape(array.shape)

    def _encoded(self, bins):
        """Hashing.call after the bins: one_hot drops a trailing 1 axis, then encode_categorical_inputs."""
        dtype = _DTYPES[self.dtype]
        if self.output_mode == "int":
            return bins.to(dtype)
        if self.output_mode == "one_hot" and bins.dim() and bins.shape[-1] == 1:
            bins = bins.reshape(bins.shape[:-1])
        return encode(self, bins, self.output_mode, self.num_bins).to(dtype)

    # ----- config -----
    def get_config(self):
        # Layer.get_config (name, trainable, the dtype policy), then Hashing's keys in its order.
        return {"name": self.name, "trainable": self.trainable, "dtype": dtype_policy(self.dtype),
                "num_bins": self.num_bins, "salt": self.salt, "mask_value": self.mask_value,
                "output_mode": self.output_mode, "sparse": False}


HASHING_CLASSES = (Hashing,)
