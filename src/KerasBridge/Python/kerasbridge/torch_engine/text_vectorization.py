"""Keras's TextVectorization without TensorFlow: its string steps (text_processing.py), then a StringLookup
(string_lookup.py) with mask_token "", as Keras's layer holds one.

Source: keras/src/layers/preprocessing/text_vectorization.py (its checks, _preprocess, call, compute_output_shape,
adapt, get_config, save_assets/load_assets and save_own_variables, all delegated to the lookup as Keras does).
- "int" mode: the indices of the tokens (0 for padding and "", 1 for OOV), a split padded with 0 to the longest row,
  or cut/padded to exactly output_sequence_length. The output dtype is int64.
- "multi_hot" / "count" / "tf_idf" (and "one_hot" when nothing is split): the lookup's encodings of each row's
  tokens (float32), depth = vocabulary size or max_tokens with pad_to_max_tokens.
- adapt: the vocabulary of the standardized, split ngrams by frequency, ties by the larger token first
  (IndexLookup's order), with idf weights for tf_idf; saved as the assets/<layer path>/vocabulary.txt Keras writes (and
  again under _lookup_layer/, where Keras's saving_lib visits the inner lookup; tf_idf weights likewise).
A model feeds it from a string Input (string_inputs.py); the strings are vectorized on numpy where the data enters.
A split without output_sequence_length in "int" mode pads each batch to its own longest row, as Keras's call densifies
the ragged tokens of each batch it is called on (`RaggedTensor.to_tensor`: a batch of empty rows is 0 wide): the whole
array is padded to its longest row there, and each batch is cut to its own (pads_per_batch, string_inputs.cut_batch).
Keras's symbolic shape for a split in multi_hot/count/tf_idf mode on a (batch, 1) input is (batch, 1, depth), while
its call gives (batch, depth); the PyTorch engine uses the shape the call gives.
Callables for standardize/split, sparse=True and ragged=True are refused: they need TensorFlow or Python code that a
config cannot carry.
"""

import numpy as np
import torch

from kerasbridge.torch_engine import text_processing as text
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import shape_to_json
from kerasbridge.torch_engine.string_lookup import StringLookup

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


class TextVectorization(Layer):
    class_name = "TextVectorization"
    has_build_config = True
    adapts_raw_data = True
    _OPTIONS = {
        "max_tokens": None, "standardize": "lower_and_strip_punctuation", "split": "whitespace", "ngrams": None,
        "output_mode": "int", "output_sequence_length": None, "pad_to_max_tokens": False, "vocabulary": None,
        "idf_weights": None, "sparse": False, "ragged": False, "encoding": "utf-8", "vocabulary_size": None,
        "has_input_vocabulary": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.standardize = self._choice(o["standardize"], "standardize", text.STANDARDIZE)
        self.split = self._choice(o["split"], "split", text.SPLIT)
        mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(o["output_mode"], o["output_mode"])
        if mode not in _MODES:
            raise ValueError(f"{self.label}: invalid value for argument `output_mode`. Expected one of {_MODES}. "
                             f"Received: output_mode={mode!r}")
        self.output_mode = mode
        self.ngrams_arg, self.ngrams = self._ngrams(o["ngrams"])
        length = o["output_sequence_length"]
        if mode == "int" and not (length is None or (_is_int(length) and length >= 0)):
            raise ValueError(f"{self.label}: `output_sequence_length` must be either None or an integer (>= 0) when "
                             f"`output_mode` is 'int'. Received: output_sequence_length={length!r}")
        if mode != "int" and length is not None:
            raise ValueError(f"{self.label}: `output_sequence_length` must not be set if `output_mode` is not 'int'. "
                             f"Received output_sequence_length={length!r}.")
        self.output_sequence_length = length
        for key in ("sparse", "ragged"):
            if o[key]:
                raise ValueError(f"{self.label}: '{key}' must be false: `{key}=True` can only be used with the "
                                 f"TensorFlow backend; got {key}={o[key]!r}.")
        if mode == "one_hot" and self.split is not None:
            raise ValueError(f"{self.label}: output_mode 'one_hot' needs split=None (one token per string); with "
                             f"split={self.split!r} Keras would one-hot a ragged tensor, which TensorFlow refuses.")
        self.encoding = o["encoding"]
        self.lookup = self._relabeled(lambda: StringLookup({
            "name": self.name, "max_tokens": o["max_tokens"], "vocabulary": o["vocabulary"],
            "idf_weights": o["idf_weights"], "pad_to_max_tokens": o["pad_to_max_tokens"], "mask_token": "",
            "output_mode": mode, "encoding": o["encoding"], "vocabulary_size": o["vocabulary_size"]}))
        self.lookup.label = self.label

    def _choice(self, value, key, allowed):
        """argument_validation.validate_string_arg; a callable can only come from Python, never from a config."""
        if value is None or value in allowed:
            return value
        if isinstance(value, dict) or callable(value):
            raise ValueError(f"{self.label}: a callable `{key}` ({value!r}) is custom Python code the PyTorch engine "
                             f"cannot run; use None or one of {allowed}.")
        raise ValueError(f"{self.label}: the `{key}` argument of layer TextVectorization received an invalid value "
                         f"{value!r}. Valid values are None or one of {allowed}.")

    def _ngrams(self, ngrams):
        """(the config's value, the widths): an int n means 1..n; a list from JSON is from_config's tuple."""
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        valid = ngrams is None or _is_int(ngrams) or (isinstance(ngrams, tuple) and all(_is_int(n) for n in ngrams))
        if not valid:
            raise ValueError(f"{self.label}: `ngrams` must be None, an integer, or a tuple of integers. Received: "
                             f"ngrams={ngrams!r}")
        widths = None if ngrams is None else (tuple(range(1, ngrams + 1)) if _is_int(ngrams) else ngrams)
        if widths is not None and (not widths or min(widths) < 1):
            raise ValueError(f"{self.label}: `ngrams` must give widths >= 1 (tf.strings.ngrams refuses others); "
                             f"got ngrams={ngrams!r}.")
        return ngrams, widths

    def _relabeled(self, action):
        """Runs the lookup's code with its messages naming this layer."""
        try:
            return action()
        except ValueError as e:
            raise ValueError(str(e).replace("(StringLookup)", f"({self.class_name})")) from None

    # ----- vocabulary -----
    def get_vocabulary(self, include_special_tokens=True):
        return self.lookup.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self.lookup.vocabulary_size()

    def adapt(self, data):
        """TextVectorization.adapt on an array or list of strings: a rank-1 array is a column of documents."""
        strings = self.lookup._strings(data)
        if strings.ndim == 1:
            strings = strings[:, None]
        self._relabeled(lambda: self.lookup.adapt(self._token_array(self._preprocess(strings))))

    # ----- shapes -----
    # compute_output_spec: int64 in "int" mode, else floatx, as IndexLookup's.
    output_dtype_of = staticmethod(StringLookup.output_dtype_of)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.split is not None and (len(input_shape) > 2 or (len(input_shape) == 2 and input_shape[-1] != 1)):
            # _preprocess refuses them when called; refused here when the model is built.
            raise ValueError(f"{self.label}: split strings take inputs of shape (batch,) or (batch, 1); got input "
                             f"shape {shape_to_json(input_shape)}.")
        if self.output_mode == "int":
            return (input_shape[0] if input_shape else None, self.output_sequence_length)
        if self.split is None:
            if len(input_shape) <= 1:
                input_shape = input_shape + (1,)
            return self.lookup.compute_output_shape(input_shape)
        return self.lookup.compute_output_shape(input_shape[:1] + (None,))

    # ----- running -----
    def _preprocess(self, strings):
        """_preprocess: rows of tokens (a list of lists) after a split, else a dense array of str."""
        strings = text.standardize(strings, self.standardize)
        if self.split is None:
            return strings if self.ngrams is None else text.dense_ngrams(strings, self.ngrams)
        rows, scalar = text.split(strings, self.split, self.label)
        if self.ngrams is not None:
            rows = [text.ngram_row(row, self.ngrams) for row in rows]
        return (rows, scalar)

    def _token_array(self, tokens, width=None):
        return text.ragged_to_dense(tokens[0], width) if isinstance(tokens, tuple) else tokens

    def apply(self, data):
        """Keras's eager `layer(data)` on strings (an array, nested lists, one string): a torch tensor."""
        strings = self.lookup._strings(data)
        tokens = self._preprocess(strings)
        ragged = isinstance(tokens, tuple)
        width = self.output_sequence_length if self.output_mode == "int" else None
        indices = self._relabeled(lambda: self.lookup.lookup_strings(self._token_array(tokens, width)))
        if self.output_mode != "int":
            return self._relabeled(lambda: self.lookup.encoded(indices))
        if ragged and tokens[1]:
            indices = indices.reshape(-1)  # one string in: one row of indices out
        if not ragged and width is not None:
            indices = indices[..., :width]  # call's trim, then the padding with 0
            pad = width - indices.shape[-1]
            if pad > 0:
                indices = torch.nn.functional.pad(indices, (0, pad))
        return indices

    @property
    def pads_per_batch(self):
        """Whether each batch is padded to its own longest row: Keras's call pads a ragged lookup result with
        to_tensor, to output_sequence_length when set, else to the longest row of the call's batch."""
        return self.output_mode == "int" and self.split is not None and self.output_sequence_length is None

    def call(self, x, training):
        # Vectorized where the data entered (string_inputs.py): x is already this layer's output.
        return x

    # ----- files: Keras's save_assets/load_assets and save_own_variables are the lookup's -----
    # Keras's saving_lib then visits the private `_lookup_layer` too, so each file and array is written twice: in the
    # layer's own place and under _lookup_layer/ (the lookup's tf_idf weights are what Keras's loading reads there).
    _LOOKUP_PATH = "_lookup_layer"

    def _twice(self, entries):
        return {**entries, **{f"{self._LOOKUP_PATH}/{key}": value for key, value in entries.items()}}

    def save_assets(self):
        return self._twice(self.lookup.save_assets())

    def load_assets(self, files):
        self._relabeled(lambda: self.lookup.load_assets(files))

    def save_state(self):
        return self._twice(self.lookup.save_state())

    def load_state(self, arrays):
        self.lookup.load_state(arrays)

    # ----- config -----
    def get_config(self):
        # Layer.get_config (name, trainable, dtype), then TextVectorization's keys in its order.
        lookup = self.lookup
        config = {"name": self.name, "trainable": self.trainable, "dtype": Layer.get_config(self)["dtype"]}
        config.update({
            "max_tokens": lookup.max_tokens, "standardize": self.standardize, "split": self.split,
            "ngrams": self.ngrams_arg, "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length, "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": False, "ragged": False, "vocabulary": lookup.input_vocabulary,
            "idf_weights": lookup.input_idf_weights, "encoding": self.encoding,
            "vocabulary_size": self.vocabulary_size(),
        })
        return config


TEXT_VECTORIZATION_CLASSES = (TextVectorization,)
