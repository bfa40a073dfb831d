"""TextVectorization's string steps (its _preprocess) on numpy arrays of str, with TensorFlow's semantics.

Source: keras/src/layers/preprocessing/text_vectorization.py (_preprocess) and the TensorFlow ops it calls:
- "lower": tf.strings.lower without an encoding lowers ASCII letters only (A-Z); other characters stay as they are.
- "strip_punctuation": tf.strings.regex_replace with Keras's DEFAULT_STRIP_REGEX, removing ASCII punctuation
  (the characters of Python's string.punctuation); the class holds ASCII characters only, so RE2 on UTF-8 and Python's
  re on str remove the same ones.
- "whitespace": tf.strings.split without sep (StringSplitV2 with an empty separator): runs of ASCII whitespace
  (space, \\t, \\n, \\v, \\f, \\r) separate tokens, none empty; Unicode spaces such as U+00A0 do not split.
- "character": tf.strings.unicode_split(inputs, "UTF-8"): one token per code point.
- ngrams: tf.strings.ngrams(inputs, ngram_width=widths, separator=" "): for each width in order, every run of that
  many consecutive tokens joined by a space (none when a row is shorter), along the last axis; a rank-1 dense input is
  one sequence.
Split (ragged) results are rows of tokens; ragged_to_dense pads them with "" as RaggedTensor.to_tensor does.
"""

import re

import numpy as np

# keras/src/layers/preprocessing/text_vectorization.py, _preprocess's regex (DEFAULT_STRIP_REGEX).
STRIP_REGEX = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")

STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT = ("whitespace", "character")


def standardize(strings, mode):
    """tf.strings.lower then regex_replace, as `mode` asks, elementwise on an array of str."""
    if mode is None:
        return strings

    def one(text):
        if mode in ("lower", "lower_and_strip_punctuation"):
            text = text.translate(_ASCII_LOWER)
        if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
            text = STRIP_REGEX.sub("", text)
        return text

    flat = [one(t) for t in strings.reshape(-1).tolist()]
    return np.array(flat, dtype=object).reshape(strings.shape)


def split(strings, mode, label):
    """The rows of tokens of each string: the last axis (of size 1) is squeezed first, as Keras does."""
    if strings.ndim > 1:
        if strings.shape[-1] != 1:
            raise ValueError(f"{label}: when using `TextVectorization` to tokenize strings, the input rank must be 1 "
                             f"or the last shape dimension must be 1. Received: inputs.shape={strings.shape} with "
                             f"rank={strings.ndim}")
        strings = strings.reshape(strings.shape[:-1])
    if strings.ndim > 1:
        raise ValueError(f"{label}: inputs of shape {strings.shape + (1,)} would split into a ragged tensor of rank "
                         f"{strings.ndim + 1}; the PyTorch engine takes strings shaped (batch,) or (batch, 1).")
    texts = strings.reshape(-1).tolist()
    if mode == "whitespace":
        rows = [[t for t in _WHITESPACE.split(text) if t] for text in texts]
    else:
        rows = [list(text) for text in texts]
    return rows, strings.ndim == 0


def ngram_row(tokens, widths):
    """tf.strings.ngrams of one sequence (no padding, short sequences give nothing)."""
    return [" ".join(tokens[i:i + w]) for w in widths for i in range(len(tokens) - w + 1)]


def dense_ngrams(strings, widths):
    """tf.strings.ngrams on a dense array: a rank-1 array is one sequence, a higher rank one sequence per last axis,
    padded back to a dense array with ""."""
    if strings.ndim == 1:
        return np.array(ngram_row(strings.tolist(), widths), dtype=object)
    rows = [ngram_row(row, widths) for row in strings.reshape(-1, strings.shape[-1]).tolist()]
    return ragged_to_dense(rows).reshape(strings.shape[:-1] + (-1,))


def ragged_to_dense(rows, width=None):
    """RaggedTensor.to_tensor(default_value=""): the rows padded with "" (or cut) to `width`, else the longest."""
    if width is None:
        width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), width), "", dtype=object)
    for i, row in enumerate(rows):
        row = row[:width]
        out[i, :len(row)] = row
    return out
