"""Keras's StringLookup without TensorFlow: IndexLookup (torch_engine/lookup.py) over string tokens.

Sources: keras/src/layers/preprocessing/string_lookup.py (its options: oov_token "[UNK]", encoding; get_config without
vocabulary_dtype, with encoding) and index_lookup.py (everything else, as for IntegerLookup). With more than one OOV
index a string always takes TensorFlow's to_hash_bucket_fast bucket of its UTF-8 bytes (FarmHash64; with a salt
to_hash_bucket_strong, SipHash64), whatever oov_method says, as `_lookup_dense` does for a string key dtype.

Strings never become torch tensors: the lookup runs on numpy at the model's entry (torch_engine/string_inputs.py),
for a StringLookup that is the one consumer of a string Input, and the graph then carries its float32 result, which
this layer's call passes on. Called directly, `apply` gives its output for an array of str/bytes (Keras's
StringLookup(data)); invert gives an array of str (Keras's torch backend returns Python strings too).
"""

import codecs

import numpy as np
import torch

from kerasbridge.torch_engine.lookup import IndexLookup
from kerasbridge.torch_engine.string_hash import hash_bucket


class StringLookup(IndexLookup):
    class_name = "StringLookup"
    token_kind = "string"
    _OPTIONS = {
        "max_tokens": None, "num_oov_indices": 1, "mask_token": None, "oov_token": "[UNK]", "vocabulary": None,
        "idf_weights": None, "invert": False, "output_mode": "int", "pad_to_max_tokens": False, "sparse": False,
        "encoding": "utf-8", "salt": None, "oov_method": "floormod", "vocabulary_size": None,
    }

    def __init__(self, config):
        encoding = dict(config).get("encoding", "utf-8")
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise ValueError(f"Layer '{dict(config).get('name')}' (StringLookup): 'encoding' must name a text "
                             f"encoding; got {encoding!r}.") from None
        self.encoding = encoding
        super().__init__(config)

    @staticmethod
    def _token_array(tokens):
        return np.array(list(tokens), dtype=str)

    @staticmethod
    def _parse_token(line):
        return str(line)

    def _adapt_tokens(self, data):
        return self._strings(data)

    def _strings(self, data):
        """str tokens from an array (or nested lists) of str or bytes, decoded with the layer's encoding."""
        array = np.asarray(data, dtype=object) if not isinstance(data, np.ndarray) else data
        if array.dtype.kind == "U":
            return array.astype(str)
        if array.dtype.kind not in "SO":
            raise ValueError(f"{self.label}: inputs must be strings; got dtype {array.dtype}.")
        flat = []
        for value in array.reshape(-1).tolist():
            if isinstance(value, bytes):
                value = value.decode(self.encoding)
            elif not isinstance(value, str):
                raise ValueError(f"{self.label}: inputs must be strings; got {value!r}.")
            flat.append(value)
        return np.array(flat, dtype=str).reshape(array.shape)

    def _table(self):
        table = self._tables.get("strings")
        if table is None:
            tokens = [] if self.vocabulary is None else self.vocabulary.tokens.tolist()
            table = self._tables["strings"] = {t: self.token_start + i for i, t in enumerate(tokens)}
        return table

    def lookup_strings(self, data):
        """IndexLookup._lookup_dense on strings: int64 indices (invert: indices to an array of str)."""
        if self.invert:
            return self._inverted(np.asarray(data))
        strings = self._strings(data)
        flat = strings.reshape(-1).tolist()
        table = self._table()
        default = self.oov_start if self.num_oov_indices == 1 else -1
        found = torch.tensor([t in table for t in flat], dtype=torch.bool)
        out = torch.tensor([table.get(t, default) for t in flat], dtype=torch.int64)
        masked = None if self.mask_token is None else torch.tensor([t == self.mask_token for t in flat],
                                                                    dtype=torch.bool)
        out = self._finish(out, found, masked, lambda missing: [t for t, m in zip(flat, missing.tolist()) if m])
        return out.reshape(strings.shape)

    def _inverted(self, indices):
        if indices.dtype.kind not in "iuf" or (indices.dtype.kind == "f" and np.any(indices != np.trunc(indices))):
            raise ValueError(f"{self.label}: with invert=True the inputs must be integer indices; got dtype "
                             f"{indices.dtype}.")
        tokens = [] if self.vocabulary is None else self.vocabulary.tokens.tolist()
        oov = self.oov_token

        def token(i):
            if self.mask_token is not None and i == 0:
                return self.mask_token
            slot = i - self.token_start
            return tokens[slot] if 0 <= slot < len(tokens) else oov

        return np.array([token(int(i)) for i in indices.reshape(-1).tolist()], dtype=object).reshape(indices.shape)

    def _oov_bucket(self, tokens):
        # A string key dtype always hashes (index_lookup.py _lookup_dense): FarmHash64, or SipHash64 with a salt.
        return torch.tensor([hash_bucket(t.encode("utf-8"), self.num_oov_indices, self.salt) for t in tokens],
                            dtype=torch.int64)

    def apply(self, data):
        """The layer's output for an array of strings, as Keras's StringLookup(data) gives it (torch tensor)."""
        if self.invert:
            return self.lookup_strings(data)
        indices = self.lookup_strings(data)
        return self.encoded(indices.reshape(()) if np.ndim(data) == 0 else indices, scalar=np.ndim(data) == 0)

    def call(self, x, training):
        # The lookup ran at the model's entry (string_inputs.py): x is already this layer's output.
        return x

    def _own_config(self, config):
        # StringLookup.get_config drops vocabulary_dtype (always "string") and adds encoding.
        config.pop("vocabulary_dtype")
        config["encoding"] = self.encoding
        return config


STRING_LOOKUP_CLASSES = (StringLookup,)
