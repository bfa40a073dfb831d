"""Keras's HashedCrossing layer without TensorFlow.

Source: keras/src/layers/preprocessing/hashed_crossing.py (its checks, compute_output_shape, get_config) and the
TensorFlow kernel its tf.sparse.cross_hashed runs (tensorflow/core/kernels/sparse_cross_op.cc, HashCrosser over
DenseTensorColumn<int64>):
- For each sample, the hash starts at the key 0xDECAFCAFFE (sparse_ops.py _DEFAULT_HASH_KEY) and takes in each
  input in order with FingerprintCat64(hash, feature), where a string feature is its FarmHash Fingerprint64 and an
  integer feature is its int64 value itself (as uint64); the bin is that uint64 modulo num_bins. This is not the
  hash of a joined string.
- Inputs: two or more of one shape, (), (batch,) or (batch, 1), integers or strings; output_mode "int" gives the
  bins in the layer's dtype (int64 unless given), "one_hot" encodes them (float32 unless given).
- get_config is HashedCrossing's own (num_bins, output_mode, sparse, name, dtype as a name; no trainable).
In a model the inputs arrive as float32 tensors (integers, exact up to 2**24) and are crossed inside the graph; a
string Input cannot feed it there (strings never become torch tensors, string_inputs.py). `apply` is Keras's eager
`layer([a, b, ...])` on arrays of integers or strings.
"""

import numpy as np
import torch

from kerasbridge.torch_engine.category import encode
from kerasbridge.torch_engine.hashing import as_array, dtype_name, is_text, take_dtype, utf8
from kerasbridge.torch_engine.merging import Merge
from kerasbridge.torch_engine.serialization import shape_to_json
from kerasbridge.torch_engine.string_hash import CROSS_HASH_KEY, fingerprint64, fingerprint_cat64

_MODES = ("int", "one_hot")
_TORCH = {"int32": torch.int32, "int64": torch.int64, "float32": torch.float32}
_FLOAT32_EXACT = 2 ** 24


class HashedCrossing(Merge):
    """A layer called on a list of tensors, as the merge layers are (their build and build_config)."""

    class_name = "HashedCrossing"
    min_inputs = 2
    _OPTIONS = {"num_bins": None, "output_mode": "int", "sparse": False}

    def __init__(self, config):
        config = dict(config)
        mode = config.get("output_mode", "int")
        label = f"Layer '{config.get('name')}' (HashedCrossing)"
        self.dtype = take_dtype(config, label, "int64" if mode == "int" else "float32")
        super().__init__(config)
        o = self.options
        if o["sparse"]:
            raise ValueError(f"{self.label}: `sparse=True` can only be used with the TensorFlow backend. Received: "
                             f"sparse={o['sparse']!r}.")
        if mode not in _MODES:
            raise ValueError(f"{self.label}: unknown value for `output_mode` argument of HashedCrossing. Allowed "
                             f"values are: {_MODES}. Received: output_mode={mode!r}.")
        num_bins = o["num_bins"]
        if not isinstance(num_bins, int) or isinstance(num_bins, bool) or num_bins <= 0:
            raise ValueError(f"{self.label}: 'num_bins' must be a positive int; got {num_bins!r}.")
        self.num_bins, self.output_mode = num_bins, mode

    @staticmethod
    def output_dtype_of(config):
        """The layer's dtype: int64 in "int" mode unless given, else float32 unless given."""
        return dtype_name(config.get("dtype")) or ("int64" if config.get("output_mode", "int") == "int" else "float32")

    # ----- shapes -----
    def compute_output_shape(self, input_shape):
        """HashedCrossing.compute_output_shape (exactly two inputs in a model), after the shapes its call accepts."""
        self._check_list(input_shape)
        shapes = [tuple(s) for s in input_shape]
        if len(shapes) != 2:
            raise ValueError(f"{self.label}: expected as input a list/tuple of 2 tensors. Received input_shape="
                             f"{[shape_to_json(s) for s in shapes]}.")
        self._check_shapes(shapes)
        first = shapes[0]
        if self.output_mode == "int":
            return first
        if len(first) == 0:
            return (self.num_bins,)
        if first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def _check_shapes(self, shapes):
        """_check_input_shape_and_type: one shape, (), (batch,) or (batch, 1)."""
        first = shapes[0]
        if len(first) > 2 or (len(first) == 2 and first[-1] != 1):
            raise ValueError(f"{self.label}: all `HashedCrossing` inputs should have shape `()`, `(batch_size)` or "
                             f"`(batch_size, 1)`. Received shape {shape_to_json(first)}.")
        if any(s != first for s in shapes[1:]):
            raise ValueError(f"{self.label}: all `HashedCrossing` inputs should have equal shape. Received shapes "
                             f"{[shape_to_json(s) for s in shapes]}.")

    # ----- running -----
    def call(self, inputs, training):
        features = []
        for x in inputs:
            if x.is_floating_point():
                if bool((x != torch.trunc(x)).any()) or (x.numel() and float(x.abs().max()) > _FLOAT32_EXACT):
                    raise ValueError(f"{self.label}: inputs must be integers (exact up to 2**24 in a PyTorch-engine "
                                     f"model, whose inputs are float32) or strings.")
            features.append(x.detach().cpu().numpy().astype(np.int64))
        return self._crossed(features, inputs[0].device)

    def apply(self, inputs):
        """Keras's eager `layer([a, b, ...])`: the output for arrays of integers or strings, as a torch tensor."""
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"{self.label}: `HashedCrossing` should be called on a list or tuple of at least two "
                             f"inputs. Received: {type(inputs).__name__}.")
        features = []
        for data in inputs:
            array = as_array(data)
            if not is_text(array) and array.dtype.kind not in "iu":
                raise ValueError(f"{self.label}: all `HashedCrossing` inputs should have an integer or string dtype. "
                                 f"Received dtype {array.dtype}.")
            features.append(array)
        return self._crossed(features, torch.device("cpu"))

    def _crossed(self, features, device):
        shape = features[0].shape
        self._check_shapes([f.shape for f in features])
        # On 1-d arrays: numpy wraps array arithmetic mod 2**64 silently (scalars would warn).
        value = np.full(max(int(np.prod(shape)), 1), CROSS_HASH_KEY, dtype=np.uint64)
        for feature in features:
            value = fingerprint_cat64(value, self._feature_hash(feature.reshape(-1)))
        bins = (value % np.uint64(self.num_bins)).astype(np.int64)[:int(np.prod(shape))].reshape(shape)
        bins = torch.as_tensor(bins, device=device)
        if self.output_mode == "one_hot":  # encode_categorical_inputs drops a trailing axis of 1 first
            bins = encode(self, bins, "one_hot", self.num_bins)
        return bins.to(_TORCH[self.dtype])

    def _feature_hash(self, feature):
        """DenseTensorColumn<int64>::Feature: Fingerprint64 of a string, the int64 value itself otherwise."""
        if is_text(feature):
            flat = [fingerprint64(utf8(v, self.label)) for v in feature.reshape(-1).tolist()]
            return np.array(flat, dtype=np.uint64)
        return feature.astype(np.int64).view(np.uint64)

    # ----- config -----
    def get_config(self):
        # HashedCrossing.get_config: its own keys, the dtype as a name, no trainable.
        return {"num_bins": self.num_bins, "output_mode": self.output_mode, "sparse": False, "name": self.name,
                "dtype": self.dtype}


HASHED_CROSSING_CLASSES = (HashedCrossing,)
