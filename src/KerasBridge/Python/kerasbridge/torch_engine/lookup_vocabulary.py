"""IntegerLookup's options and vocabulary (torch_engine/lookup.py): the checks of IntegerLookup.__init__ and
IndexLookup.__init__, set_vocabulary (special tokens, repeats, max_tokens, idf padding) and adapt
(update_state/finalize_state: counts, Keras's order, tf-idf weights), on numpy.

Sources: keras/src/layers/preprocessing/index_lookup.py, integer_lookup.py.
"""

from collections import Counter, namedtuple

import numpy as np

# tokens: int64 array without the special tokens; idf_weights: float32 over the whole depth (tf_idf), else None.
Vocabulary = namedtuple("Vocabulary", ["tokens", "idf_weights"])

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _int_or_none(layer, options, key, minimum=None):
    value = options[key]
    if value is None:
        return None
    if not _is_int(value) or (minimum is not None and value < minimum):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(f"{layer.label}: '{key}' must be an int{bound} or null; got {value!r}.")
    return int(value)


def _token_or_none(layer, options, key):
    if layer.token_kind == "int":
        return _int_or_none(layer, options, key)
    value = options[key]
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{layer.label}: '{key}' must be a string or null; got {value!r}.")
    return value


def _token_list(layer, key, value):
    kind, check = ("ints", _is_int) if layer.token_kind == "int" else ("strings", lambda v: isinstance(v, str))
    if isinstance(value, str):
        raise ValueError(f"{layer.label}: '{key}' must be a list of {kind}; a vocabulary file path ({value!r}) is not "
                         f"read by the PyTorch engine (give the tokens, or a .keras file that holds them).")
    if not isinstance(value, (list, tuple, np.ndarray)) or not all(check(v) for v in value):
        raise ValueError(f"{layer.label}: '{key}' must be a list of {kind}; got {value!r}.")
    return [int(v) for v in value] if layer.token_kind == "int" else [str(v) for v in value]


def check_options(layer, options):
    """IntegerLookup.__init__ and IndexLookup.__init__'s checks, and the values Keras keeps (normalized modes)."""
    o = dict(options)
    o["max_tokens"] = _int_or_none(layer, o, "max_tokens")
    if o["max_tokens"] is not None and o["max_tokens"] <= 1:
        raise ValueError(f"{layer.label}: if 'max_tokens' is set, it must be greater than 1; got {o['max_tokens']}.")
    if not _is_int(o["num_oov_indices"]) or o["num_oov_indices"] < 0:
        raise ValueError(f"{layer.label}: 'num_oov_indices' must be an int >= 0; got {o['num_oov_indices']!r}.")
    o["num_oov_indices"] = int(o["num_oov_indices"])
    o["mask_token"] = _token_or_none(layer, o, "mask_token")
    o["oov_token"] = _token_or_none(layer, o, "oov_token")
    if o["sparse"]:
        raise ValueError(f"{layer.label}: 'sparse' must be false: sparse outputs need TensorFlow (Keras allows "
                         f"sparse=True only on its TensorFlow backend); got {o['sparse']!r}.")
    if layer.token_kind == "int" and o["vocabulary_dtype"] != "int64":
        raise ValueError(f"{layer.label}: 'vocabulary_dtype' must be 'int64' (the only one Keras supports at this "
                         f"time); got {o['vocabulary_dtype']!r}.")
    if o["pad_to_max_tokens"] and o["max_tokens"] is None:
        raise ValueError(f"{layer.label}: if 'pad_to_max_tokens' is true, 'max_tokens' must be set; got "
                         f"max_tokens=None.")
    if o["oov_method"] not in ("floormod", "farmhash"):
        raise ValueError(f"{layer.label}: 'oov_method' must be one of floormod, farmhash; got {o['oov_method']!r}.")
    salt = o["salt"]
    if salt is not None:
        if layer.token_kind == "int" and o["oov_method"] != "farmhash":
            raise ValueError(f"{layer.label}: 'salt' can only be used when oov_method='farmhash'; got "
                             f"oov_method={o['oov_method']!r}.")
        if isinstance(salt, (list, tuple)) and len(salt) == 2 and all(_is_int(s) for s in salt):
            o["salt"] = [int(s) for s in salt]
        elif _is_int(salt):
            o["salt"] = [int(salt), int(salt)]
        else:
            raise ValueError(f"{layer.label}: 'salt' must be a list of 2 ints or an int; got {salt!r}.")
    mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(o["output_mode"], o["output_mode"])
    if mode not in _MODES:
        raise ValueError(f"{layer.label}: 'output_mode' must be one of {', '.join(_MODES)}; got {mode!r}.")
    o["output_mode"] = mode
    o["invert"] = bool(o["invert"])
    o["pad_to_max_tokens"] = bool(o["pad_to_max_tokens"])
    if o["invert"] and mode != "int":
        raise ValueError(f"{layer.label}: 'output_mode' must be 'int' when 'invert' is true; got {mode!r}.")
    if o["idf_weights"] is not None and mode != "tf_idf":
        raise ValueError(f"{layer.label}: 'idf_weights' should only be set if 'output_mode' is 'tf_idf'; got "
                         f"output_mode={mode!r}.")
    if o["vocabulary"] is not None:
        o["vocabulary"] = _token_list(layer, "vocabulary", o["vocabulary"])
        if mode == "tf_idf" and o["idf_weights"] is None:
            raise ValueError(f"{layer.label}: when 'vocabulary' is given in tf_idf output mode, 'idf_weights' must "
                             f"be given too.")
    if o["idf_weights"] is not None:
        weights = o["idf_weights"]
        if not isinstance(weights, (list, tuple, np.ndarray)) or not all(
                isinstance(w, (int, float, np.number)) and not isinstance(w, bool) for w in weights):
            raise ValueError(f"{layer.label}: 'idf_weights' must be a list of numbers; got {weights!r}.")
        o["idf_weights"] = list(np.asarray(weights).tolist())
    o["vocabulary_size"] = _int_or_none(layer, o, "vocabulary_size", minimum=0)
    return o


def vocabulary_from_list(layer, vocabulary, idf_weights, stored_idf=False):
    """IndexLookup.set_vocabulary: the tokens (special tokens at the front are recognized and dropped) and the idf
    weights padded as the layer uses them. stored_idf: weights read from a file, already padded."""
    if layer.output_mode == "tf_idf" and idf_weights is None:
        raise ValueError(f"{layer.label}: 'idf_weights' must be set if output_mode is 'tf_idf'.")
    vocabulary = list(vocabulary)
    if not vocabulary:
        raise ValueError(f"{layer.label}: cannot set an empty vocabulary; got vocabulary={vocabulary!r}.")
    special = [layer.mask_token] * layer.oov_start + [layer.oov_token] * layer.num_oov_indices
    found_special = vocabulary[:layer.token_start] == special
    tokens = vocabulary[layer.token_start:] if found_special else vocabulary
    repeated = [t for t, n in Counter(tokens).items() if n > 1]
    if repeated:
        raise ValueError(f"{layer.label}: the vocabulary has at least one repeated term; uniquify it. The repeated "
                         f"terms are: {repeated}")
    order = f"Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in " \
            f"precisely this order: {special}."
    if layer.mask_token is not None and layer.mask_token in tokens:
        raise ValueError(f"{layer.label}: found the reserved mask token {layer.mask_token} at an unexpected location "
                         f"in 'vocabulary' (index {_last_index(vocabulary, layer.mask_token)}). {order}")
    if layer.invert and layer.oov_token is not None and layer.oov_token in tokens:
        raise ValueError(f"{layer.label}: found the reserved OOV token {layer.oov_token} at an unexpected location "
                         f"in 'vocabulary' (index {_last_index(vocabulary, layer.oov_token)}). {order}")
    size = layer.token_start + len(tokens)
    if layer.max_tokens is not None and size > layer.max_tokens:
        raise ValueError(f"{layer.label}: attempted to set a vocabulary larger than the maximum vocab size. Received "
                         f"vocabulary size is {size}; 'max_tokens' is {layer.max_tokens}.")
    weights = None
    if layer.output_mode == "tf_idf":
        weights = np.asarray(idf_weights)
        if stored_idf:
            weights = weights.astype(np.float32)
        else:
            if weights.ndim != 1 or len(weights) != len(vocabulary):
                raise ValueError(f"{layer.label}: 'idf_weights' must be a list as long as the vocabulary; "
                                 f"len(idf_weights) is {weights.size}, len(vocabulary) is {len(vocabulary)}.")
            front, front_value = (0, 0) if found_special else (layer.token_start, np.average(weights))
            back = layer.max_tokens - front - len(weights) if layer.pad_to_max_tokens else 0
            weights = np.pad(weights, (front, back), "constant", constant_values=(front_value, 0)).astype(np.float32)
    return Vocabulary(layer._token_array(tokens), weights)


def _last_index(vocabulary, token):
    return max(i for i, v in enumerate(vocabulary) if v == token)


def int_data(layer, data):
    """IntegerLookup's adapt data as int64 tokens (floats only with integral values)."""
    array = np.asarray(data)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or np.any(array != np.trunc(array)):
            raise ValueError(f"{layer.label}: adapt data must be integer tokens; got non-integer values.")
    elif array.dtype.kind not in "iub":
        raise ValueError(f"{layer.label}: adapt data must be integer tokens; got dtype {array.dtype}.")
    return array.astype(np.int64)


def adapted_vocabulary(layer, data):
    """IndexLookup.adapt on an array: each row a document (a 1-D array: each value one). None for empty data."""
    data = layer._adapt_tokens(data)
    if data.ndim == 0:
        data = data.reshape(1, 1)
    elif data.ndim == 1:
        data = data[:, None]
    tokens, counts = np.unique(data.reshape(-1), return_counts=True)
    if tokens.size == 0:
        return None  # finalize_state with nothing counted keeps the vocabulary
    keep = np.ones(tokens.shape, bool)
    for special in (layer.mask_token, layer.oov_token):
        if special is not None:
            keep &= tokens != special
    tokens, counts = tokens[keep], counts[keep]
    # By count, ties by the token itself, both descending (np.lexsort reversed, as finalize_state sorts).
    ordered = np.lexsort((tokens, counts))[::-1]
    if layer.max_tokens:
        ordered = ordered[:layer.max_tokens - layer.token_start]
    tokens = tokens[ordered]
    weights = None
    if layer.output_mode == "tf_idf":
        rows = data.reshape(data.shape[0], -1)
        documents = Counter(t.item() for row in rows for t in np.unique(row))
        frequency = np.array([documents[t.item()] for t in tokens], dtype=np.int64)
        idf = np.log(1 + rows.shape[0] / (1 + frequency)).astype(np.float32)
        mean = np.mean(idf, dtype=np.float32) if idf.size else np.float32(np.nan)
        weights = np.concatenate([np.full(layer.token_start, mean, np.float32), idf])
        if layer.pad_to_max_tokens:
            weights = np.pad(weights, (0, layer.max_tokens - weights.size))
    return Vocabulary(layer._token_array(tokens), weights)
