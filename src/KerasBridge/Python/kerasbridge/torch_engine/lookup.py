"""Keras's IntegerLookup on torch tensors, without TensorFlow.

Sources: keras/src/layers/preprocessing/index_lookup.py (IndexLookup: the table, masking, OOV buckets, the encodings,
set_vocabulary, adapt, get_config, save_assets/load_assets, save_own_variables) and integer_lookup.py (its checks and
get_config), with keras/src/utils/numerical_utils.py encode_categorical_inputs and tf_utils.py dense_bincount.
- The table maps each vocabulary token to token_start + its position (token_start = 1 for the mask slot in "int" mode
  when mask_token is set, plus num_oov_indices). A token not in it gets the single OOV index (num_oov_indices=1), the
  bucket floormod(token, num_oov_indices) after the mask slot (more than one; oov_method "farmhash": TensorFlow's
  FarmHash64 of the token's text, SipHash64 keyed by the salt, string_hash.py), or is refused (0), with Keras's message.
- mask_token maps to 0 in "int" mode and is dropped (a zero row) by the other encodings; invert maps indices back to
  tokens (0 to mask_token when set, indices outside the vocabulary to oov_token).
- one_hot / multi_hot / count / tf_idf over depth = vocabulary size (or max_tokens with pad_to_max_tokens); tf_idf is
  count * idf_weights, idf_weights padded in front with their average when the vocabulary came without its special
  tokens, and with zeros behind up to max_tokens when padding.
- Outputs: int64 indices in "int" mode, else float32 (compute_output_spec: floatx; TensorFlow's eager call gives the
  same numbers as int64 for one_hot/multi_hot/count).
- A vocabulary from adapt() (vocabulary null in the config) is saved as Keras does: assets/<layer path>/vocabulary.txt
  (the tokens with the special ones, one a line, no final newline), tf_idf weights in the weights file as the dataset
  'idf_weights' of the layer's vars group; both are read back on load.
Inputs arrive as float32 in a model (so tokens are exact up to 2**24); values with a fraction are refused.
"""

import numpy as np
import torch

from kerasbridge.torch_engine.category import encode
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.lookup_vocabulary import (Vocabulary, adapted_vocabulary, check_options, int_data,
                                                       vocabulary_from_list)
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json
from kerasbridge.torch_engine.string_hash import hash_bucket

_VOCABULARY_FILE = "vocabulary.txt"


class IndexLookup(Layer):
    """keras/src/layers/preprocessing/index_lookup.py: what IntegerLookup and StringLookup share; a subclass says how
    its tokens are read (token_kind, _token_array, _parse_token) and looks them up (lookup)."""

    # Inputs are tokens, not features: adapt takes the data as given (adapting.py).
    adapts_raw_data = True
    token_kind = "int"

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        self.trainable = True  # IndexLookup drops the trainable argument
        o = check_options(self, self.options)
        self.max_tokens, self.num_oov_indices = o["max_tokens"], o["num_oov_indices"]
        self.mask_token, self.oov_token = o["mask_token"], o["oov_token"]
        self.invert, self.output_mode, self.pad_to_max_tokens = o["invert"], o["output_mode"], o["pad_to_max_tokens"]
        self.oov_method, self.salt = o["oov_method"], o["salt"]
        self.input_vocabulary, self.input_idf_weights = o["vocabulary"], o["idf_weights"]
        self.frozen_vocabulary_size = o["vocabulary_size"]
        self.vocabulary = None  # a Vocabulary once set or adapted (or loaded from a file's assets)
        self._tables = {}  # device -> (sorted tokens, their indices, tokens, idf weights) as tensors
        if self.input_vocabulary is not None:
            self._set(vocabulary_from_list(self, self.input_vocabulary, self.input_idf_weights))

    # ----- index arithmetic (IndexLookup._oov_start_index, _token_start_index) -----
    @property
    def oov_start(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    @property
    def token_start(self):
        return self.oov_start + self.num_oov_indices

    def vocabulary_size(self):
        return self.token_start + (0 if self.vocabulary is None else len(self.vocabulary.tokens))

    def get_vocabulary(self, include_special_tokens=True):
        """IndexLookup.get_vocabulary: the mask slot, the OOV slots, then the tokens."""
        tokens = [] if self.vocabulary is None else [t.item() for t in self.vocabulary.tokens]
        special = [self.mask_token] * self.oov_start + [self.oov_token] * self.num_oov_indices
        return (special + tokens) if include_special_tokens else tokens

    def _set(self, vocabulary):
        """set_vocabulary's end: _record_vocabulary_size refuses a new size once the encodings' depth is in use."""
        size = self.token_start + len(vocabulary.tokens)
        fixed = self.output_mode != "int" and not self.pad_to_max_tokens
        if fixed and self.built and self.frozen_vocabulary_size is not None and size != self.frozen_vocabulary_size:
            raise ValueError(f"{self.label}: when using output_mode={self.output_mode} and pad_to_max_tokens=False, "
                             f"the vocabulary size cannot be changed after the layer is called. Old vocab size is "
                             f"{self.frozen_vocabulary_size}, new vocab size is {size}.")
        self.vocabulary = vocabulary
        self.frozen_vocabulary_size = size
        self._tables = {}

    def _depth(self):
        return self.max_tokens if self.pad_to_max_tokens else self.frozen_vocabulary_size

    # ----- shapes -----
    @staticmethod
    def output_dtype_of(config):
        """IndexLookup.compute_output_spec: int64 in "int" mode, else floatx."""
        return "int64" if config.get("output_mode", "int") == "int" else "float32"

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = self._depth()  # None before a vocabulary is set or adapted, as Keras's shape says
        if len(input_shape) > 2 and self.output_mode != "one_hot":
            raise ValueError(f"{self.label}: output_mode {self.output_mode!r} takes inputs of rank 2 at most (batch, "
                             f"tokens), as Keras's encoding does; got input shape {shape_to_json(input_shape)}.")
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    # ----- running -----
    def call(self, x, training):
        scalar = x.dim() == 0
        return self.encoded(self.lookup(self._tokens(x.reshape(1) if scalar else x)), scalar)

    def encoded(self, looked_up, scalar=False):
        """The indices as the output mode wants them (IndexLookup.call after _lookup_dense)."""
        if self.output_mode == "int":
            return looked_up.reshape(()) if scalar else looked_up
        if self._depth() is None:  # IndexLookup._ensure_known_vocab_size
            raise ValueError(f"{self.label}: when using output_mode={self.output_mode!r} and pad_to_max_tokens=False, "
                             f"you must set the layer's vocabulary before calling it. Either pass a 'vocabulary' "
                             f"argument to the layer, or call adapt with some sample data.")
        if looked_up.dim() > 2 and self.output_mode != "one_hot":
            self.compute_output_shape(tuple(looked_up.shape))  # refuses the rank
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode(self, looked_up, mode, self._depth())
        if self.output_mode == "tf_idf":
            idf = self._idf(looked_up.device)
            if idf is None:
                raise ValueError(f"{self.label}: when output_mode is 'tf_idf', idf_weights must be provided.")
            out = out * idf
        return out

    def _idf(self, device):
        key = ("idf", device)
        if key not in self._tables:
            weights = None if self.vocabulary is None else self.vocabulary.idf_weights
            self._tables[key] = None if weights is None else torch.as_tensor(weights, dtype=torch.float32,
                                                                             device=device)
        return self._tables[key]

    def _finish(self, out, found, masked, tokens_at):
        """IndexLookup._lookup_dense after the table: the mask, then the OOV rule; tokens_at(bool mask) gives the
        tokens there."""
        if masked is not None:
            # 0 in "int" mode; the other encodings drop it (Keras maps it to int64's max, past bincount's length).
            out = torch.where(masked, torch.full_like(out, 0 if self.output_mode == "int" else -1), out)
            found = found | masked
        if self.num_oov_indices == 0 and not bool(found.all()):
            missing = tokens_at(~found)
            raise ValueError(f"{self.label}: when num_oov_indices=0 all inputs should be in vocabulary, found OOV "
                             f"values {missing.tolist() if hasattr(missing, 'tolist') else list(missing)}, consider "
                             f"setting num_oov_indices=1.")
        if self.num_oov_indices > 1:
            out = out.clone()
            out[~found] = self._oov_bucket(tokens_at(~found)) + self.oov_start
        return out

    # ----- adapt -----
    def adapt(self, data):
        """IndexLookup.adapt on an array: a vocabulary by frequency (ties: the larger token first), max_tokens."""
        if self.input_vocabulary is not None:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via the "
                             f"'vocabulary' argument.")
        vocabulary = adapted_vocabulary(self, data)
        if vocabulary is not None:
            self._set(vocabulary)

    # ----- files -----
    def save_assets(self):
        """IndexLookup.save_assets: the vocabulary file, only for a vocabulary not in the config."""
        if self.input_vocabulary is not None:
            return {}
        return {_VOCABULARY_FILE: "\n".join(str(w) for w in self.get_vocabulary()).encode()}

    def load_assets(self, files):
        if self.input_vocabulary is not None:
            return
        if _VOCABULARY_FILE not in files:
            raise ValueError(f"{self.label}: the file has no {_VOCABULARY_FILE} asset for this layer, which holds its "
                             f"adapted vocabulary.")
        lines = files[_VOCABULARY_FILE].decode().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        idf = self.vocabulary.idf_weights if self.vocabulary is not None else getattr(self, "_stored_idf", None)
        tokens = [self._parse_token(line) for line in lines]
        self._set(vocabulary_from_list(self, tokens, idf, stored_idf=idf is not None))

    def save_state(self):
        """IndexLookup.save_own_variables: the tf_idf weights, padded as the layer uses them."""
        if self.output_mode != "tf_idf" or self.vocabulary is None or self.vocabulary.idf_weights is None:
            return {}
        return {"idf_weights": np.asarray(self.vocabulary.idf_weights, dtype=np.float32)}

    def load_state(self, arrays):
        if self.output_mode == "tf_idf" and "idf_weights" in arrays:
            weights = np.asarray(arrays["idf_weights"], dtype=np.float32)
            if self.vocabulary is not None:
                self.vocabulary = Vocabulary(self.vocabulary.tokens, weights)
                self._tables = {}
            else:
                self._stored_idf = weights

    # ----- config -----
    def get_config(self):
        # Layer.get_config (name, trainable, dtype), then IndexLookup's keys, IntegerLookup's ints.
        config = {"name": self.name, "trainable": True, "dtype": super().get_config()["dtype"]}
        config.update({
            "invert": self.invert, "max_tokens": self.max_tokens, "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token, "mask_token": self.mask_token, "output_mode": self.output_mode,
            "sparse": False, "pad_to_max_tokens": self.pad_to_max_tokens, "vocabulary_dtype": "int64",
            "idf_weights": self.input_idf_weights, "vocabulary": self.input_vocabulary,
            "vocabulary_size": self.frozen_vocabulary_size, "oov_method": self.oov_method, "salt": self.salt,
        })
        return self._own_config(config)

    def _own_config(self, config):
        return config

    def serialize(self):
        # IndexLookup.get_build_config returns {}: Keras writes that empty build_config whether built or not.
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        entry["build_config"] = {}
        return entry


class IntegerLookup(IndexLookup):
    """keras/src/layers/preprocessing/integer_lookup.py: int64 tokens, looked up on torch tensors."""

    class_name = "IntegerLookup"
    _OPTIONS = {
        "max_tokens": None, "num_oov_indices": 1, "mask_token": None, "oov_token": -1, "vocabulary": None,
        "vocabulary_dtype": "int64", "idf_weights": None, "invert": False, "output_mode": "int", "sparse": False,
        "pad_to_max_tokens": False, "oov_method": "floormod", "salt": None, "vocabulary_size": None,
    }

    @staticmethod
    def _token_array(tokens):
        return np.asarray(tokens, dtype=np.int64)

    @staticmethod
    def _parse_token(line):
        return int(line)

    def _adapt_tokens(self, data):
        return int_data(self, data)

    def _tensors(self, device):
        """(sorted tokens, their indices, tokens in vocabulary order) on `device`, made once per vocabulary."""
        tables = self._tables.get(device)
        if tables is None:
            tokens = np.zeros((0,), np.int64) if self.vocabulary is None else self.vocabulary.tokens
            order = np.argsort(tokens, kind="stable")
            tables = (torch.as_tensor(tokens[order], device=device),
                      torch.as_tensor(order + self.token_start, dtype=torch.int64, device=device),
                      torch.as_tensor(tokens, device=device))
            self._tables[device] = tables
        return tables

    def _tokens(self, x):
        if x.dtype.is_floating_point:
            if bool((x != torch.trunc(x)).any()):
                bad = x[x != torch.trunc(x)].flatten()[0].item()
                raise ValueError(f"{self.label}: inputs must be integer tokens; got the value {bad!r}.")
            return x.to(torch.int64)
        return x.to(torch.int64)

    def lookup(self, x):
        """IndexLookup._lookup_dense on int64 tokens (or indices, when invert)."""
        keys, values, tokens = self._tensors(x.device)
        if self.invert:
            slot = x - self.token_start
            inside = (slot >= 0) & (slot < tokens.shape[0])
            found = tokens[torch.where(inside, slot, torch.zeros_like(slot))] if tokens.shape[0] else x
            out = torch.where(inside, found, torch.full_like(x, self.oov_token if self.oov_token is not None else -1))
            if self.mask_token is not None:
                out = torch.where(x == 0, torch.full_like(x, self.mask_token), out)
            return out
        default = self.oov_start if self.num_oov_indices == 1 else -1
        if keys.shape[0]:
            position = torch.clamp(torch.searchsorted(keys, x), max=keys.shape[0] - 1)
            found = keys[position] == x
            out = torch.where(found, values[position], torch.full_like(x, default))
        else:
            found, out = torch.zeros_like(x, dtype=torch.bool), torch.full_like(x, default)
        masked = (x == self.mask_token) if self.mask_token is not None else None
        return self._finish(out, found, masked, lambda missing: x[missing])

    def _oov_bucket(self, tokens):
        if self.oov_method == "floormod":
            return torch.remainder(tokens, self.num_oov_indices)  # tf.math.floormod: the sign of the divisor
        # "farmhash": the token's decimal text (tf.strings.as_string) hashed as TensorFlow's to_hash_bucket_fast, or
        # to_hash_bucket_strong keyed by the salt.
        buckets = {v: hash_bucket(str(v).encode(), self.num_oov_indices, self.salt) for v in set(tokens.tolist())}
        return torch.tensor([buckets[v] for v in tokens.tolist()], dtype=torch.int64, device=tokens.device)


LOOKUP_CLASSES = (IntegerLookup,)
