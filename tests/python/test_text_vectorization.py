"""TextVectorization on the PyTorch engine (torch_engine/text_vectorization.py, text_processing.py). Real Keras runs this
layer only with TensorFlow, which this machine lacks, so the expected values are Keras's own documentation (both
docstring examples, keras/src/layers/preprocessing/text_vectorization.py) and hand-computed results of TensorFlow's
string ops as Keras calls them (ASCII-only lower, DEFAULT_STRIP_REGEX, ASCII-whitespace split, unicode_split, ngrams).
Keras's own TextVectorization computes the configs and output shapes compared here (its TensorFlow check passed over,
its inner StringLookup replaced by the engine's, which test_string_lookup.py checks). Models: a string Input ->
TextVectorization -> Embedding -> GlobalAveragePooling1D -> Dense fits, predicts and round-trips through .keras with
the vocabulary asset; tf_idf -> Dense round-trips with its idf weights."""

import io
import json
import zipfile

import h5py
import numpy as np
import pytest

from conftest import keras_available
from kerasbridge.torch_engine import text_processing as text
from kerasbridge.torch_engine.engine import TorchEngine
from kerasbridge.torch_engine.string_lookup import StringLookup
from kerasbridge.torch_engine.text_vectorization import TextVectorization

ABC = ["a", "b", "c"]


def layer(**config):
    return TextVectorization(dict(config, name=config.get("name", "text_vectorization")))


# ----- the docstring's examples, with their documented outputs -----
def test_adapted_int_sequences():
    vectorize = layer(max_tokens=5000, output_mode="int", output_sequence_length=4)
    vectorize.adapt(["foo bar", "bar baz", "baz bada boom"])
    assert vectorize.apply([["foo qux bar"], ["qux baz"]]).tolist() == [[4, 1, 3, 0], [1, 2, 0, 0]]


def test_vocabulary_in_the_constructor():
    vectorize = layer(max_tokens=5000, output_mode="int", output_sequence_length=4,
                      vocabulary=["earth", "wind", "and", "fire"])
    assert vectorize.get_vocabulary() == ["", "[UNK]", "earth", "wind", "and", "fire"]


# ----- TensorFlow's string ops as Keras calls them -----
def test_standardize_modes():
    x = np.array(["Héllo, WÖRLD! It's #1 (really)."], dtype=object)
    assert text.standardize(x, "lower").tolist() == ["héllo, wÖrld! it's #1 (really)."]  # ASCII letters only
    assert text.standardize(x, "strip_punctuation").tolist() == ["Héllo WÖRLD Its 1 really"]
    assert text.standardize(x, "lower_and_strip_punctuation").tolist() == ["héllo wÖrld its 1 really"]
    assert text.standardize(x, None).tolist() == x.tolist()
    # The regex is string.punctuation's characters; other symbols stay.
    assert text.standardize(np.array(["a-b,c.d/e\\f[g]h^i_j`k{l}m~n'o«p»§"]), "strip_punctuation").tolist() == [
        "abcdefghijklmno«p»§"]
    # Through the layer (split=None keeps the whole standardized string as one token).
    whole = layer(split=None, vocabulary=["héllo wörld its 1 really", "héllo wÖrld its 1 really"])
    assert whole.apply(x[:, None]).tolist() == [[3]]


def test_split_modes():
    rows, scalar = text.split(np.array([["  a\tb\n\nc\u00a0d \x1ce\v\f\rf  "], [""]], dtype=object), "whitespace", "L")
    assert rows == [["a", "b", "c\u00a0d", "\x1ce", "f"], []] and not scalar  # ASCII whitespace only, no empties
    assert text.split(np.array(["añ b"], dtype=object), "character", "L")[0] == [["a", "ñ", " ", "b"]]
    assert text.split(np.array("x y", dtype=object), "whitespace", "L") == ([["x", "y"]], True)
    with pytest.raises(ValueError, match="the last shape dimension must be 1"):
        text.split(np.array([["a", "b"]], dtype=object), "whitespace", "L")


def test_ngrams():
    assert text.ngram_row(["a", "b", "c"], (1, 2)) == ["a", "b", "c", "a b", "b c"]
    assert text.ngram_row(["a", "b", "c"], (2, 3)) == ["a b", "b c", "a b c"]
    assert text.ngram_row(["a"], (2,)) == []
    # A dense rank-2 array: one sequence per row, padded with "" (to_tensor); a rank-1 array is one sequence.
    dense = text.dense_ngrams(np.array([["a"], ["b"]], dtype=object), (1, 2))
    assert dense.tolist() == [["a"], ["b"]]
    assert text.dense_ngrams(np.array(["a", "b"], dtype=object), (2,)).tolist() == ["a b"]
    bigrams = layer(ngrams=2, vocabulary=["the", "cat", "the cat"], output_mode="count")
    assert bigrams.apply(["The cat, the CAT"]).tolist() == [[1, 2, 2, 2]]  # [UNK]: "cat the"; "the cat" twice
    assert layer(ngrams=(2,), vocabulary=["a b"]).apply(["a b c"]).tolist() == [[2, 1]]
    # Characters are joined with a space too.
    assert layer(split="character", ngrams=(1, 3), vocabulary=["a b c"]).apply(["abc"]).tolist() == [[1, 1, 1, 2]]


def test_output_modes():
    assert layer(vocabulary=ABC).apply(["a c z", "b"]).tolist() == [[2, 4, 1], [3, 0, 0]]
    assert layer(vocabulary=ABC, output_mode="multi_hot").apply(["a a z", "c"]).tolist() == [[1, 1, 0, 0],
                                                                                             [0, 0, 0, 1]]
    assert layer(vocabulary=ABC, output_mode="count").apply(["a a z", "c"]).tolist() == [[1, 2, 0, 0], [0, 0, 0, 1]]
    tf_idf = layer(vocabulary=ABC, output_mode="tf_idf", idf_weights=[0.5, 1.0, 2.0]).apply(["a a z", "c"])
    # The OOV slot's weight is the average of the given ones (7/6).
    np.testing.assert_allclose(tf_idf.numpy(), [[7 / 6, 1.0, 0, 0], [0, 0, 0, 2.0]], rtol=1e-6)
    padded = layer(vocabulary=ABC, output_mode="multi_hot", max_tokens=6, pad_to_max_tokens=True).apply(["b"])
    assert padded.tolist() == [[0, 0, 1, 0, 0, 0]]
    assert layer(vocabulary=ABC, split=None, output_mode="one_hot").apply([["b"], ["q"]]).tolist() == [
        [0, 0, 1, 0], [1, 0, 0, 0]]
    # output_sequence_length cuts and pads with 0; a split without it pads to the longest row; "" is the mask (0).
    assert layer(vocabulary=ABC, output_sequence_length=2).apply(["a b c a"]).tolist() == [[2, 3]]
    assert layer(vocabulary=ABC, output_sequence_length=5).apply(["a b c a"]).tolist() == [[2, 3, 4, 2, 0]]
    assert layer(vocabulary=ABC, split=None, output_sequence_length=3).apply([["b"], [""]]).tolist() == [[3, 0, 0],
                                                                                                      [0, 0, 0]]
    assert layer(vocabulary=ABC).apply("c a").tolist() == [4, 2]
    assert layer(vocabulary=ABC).apply(np.array([[b"A, c"]])).tolist() == [[2, 4]]  # bytes: decoded with encoding
    assert layer(vocabulary=ABC, output_mode="binary").output_mode == "multi_hot"


def test_adapt_order_max_tokens_and_idf_weights():
    data = ["b a", "a c", "c a b d"]
    vectorize = layer()
    vectorize.adapt(data)
    # By count (a 3, b 2, c 2, d 1), ties by the larger token first; the mask "" and [UNK] in front.
    assert vectorize.get_vocabulary() == ["", "[UNK]", "a", "c", "b", "d"]
    assert vectorize.vocabulary_size() == 6 and vectorize.get_config()["vocabulary_size"] == 6
    capped = layer(max_tokens=4)
    capped.adapt(np.array([[d] for d in data]))
    assert capped.get_vocabulary() == ["", "[UNK]", "a", "c"]
    tf_idf = layer(output_mode="tf_idf")
    tf_idf.adapt(data)
    assert tf_idf.get_vocabulary() == ["[UNK]", "a", "c", "b", "d"]
    idf = np.log(1 + 3 / (1 + np.array([3, 2, 2, 1])))  # log(1 + documents / (1 + document frequency))
    np.testing.assert_allclose(tf_idf.lookup.vocabulary.idf_weights, np.r_[idf.mean(), idf], rtol=1e-6)
    np.testing.assert_allclose(tf_idf.apply(["d d a"]).numpy(), [[0, idf[0], 0, 0, 2 * idf[3]]], rtol=1e-6)
    with pytest.raises(ValueError, match="Cannot adapt layer 'text_vectorization' after setting a static"):
        layer(vocabulary=ABC).adapt(data)


@pytest.mark.parametrize("config, message", [
    ({"standardize": "upper"}, "`standardize` argument .* invalid value 'upper'"),
    ({"split": "comma"}, "`split` argument .* invalid value 'comma'"),
    ({"standardize": {"class_name": "function", "config": "my_standardize"}}, "a callable `standardize`"),
    ({"split": {"class_name": "function", "config": "my_split"}}, "a callable `split`"),
    ({"ngrams": "2"}, "`ngrams` must be None, an integer, or a tuple of integers"),
    ({"ngrams": 0}, "`ngrams` must give widths >= 1"),
    ({"output_mode": "multi_hot", "output_sequence_length": 3}, "`output_sequence_length` must not be set"),
    ({"output_sequence_length": "3"}, "`output_sequence_length` must be either None or an integer"),
    ({"output_mode": "bag"}, "`output_mode`"),
    ({"output_mode": "one_hot"}, "output_mode 'one_hot' needs split=None"),
    ({"sparse": True, "output_mode": "count"}, "'sparse' must be false"),
    ({"ragged": True}, "'ragged' must be false"),
    ({"max_tokens": 1}, r"Layer 'text_vectorization' \(TextVectorization\): if 'max_tokens' is set"),
    ({"vocabulary": ABC, "output_mode": "tf_idf"}, "'idf_weights' must be given too"),
    ({"vocabulary": [1, 2]}, "'vocabulary' must be a list of strings"),
])
def test_bad_configs_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        layer(**config)


# ----- configs and output shapes against real Keras's TextVectorization -----
@pytest.fixture
def keras_text_vectorization(monkeypatch):
    if not keras_available():
        pytest.skip("Keras is not installed")
    from keras.src.layers.preprocessing import text_vectorization

    class TensorFlowCheck:  # the constructor only asks whether TensorFlow is there
        available = True

    def engine_lookup(sparse, has_input_vocabulary, **options):  # the inner StringLookup: the engine's
        lookup = StringLookup(dict(options, name="lookup"))
        lookup.sparse = sparse
        return lookup

    if not text_vectorization.tf.available:
        monkeypatch.setattr(text_vectorization, "tf", TensorFlowCheck())
    monkeypatch.setattr(text_vectorization, "StringLookup", engine_lookup)
    monkeypatch.setattr(text_vectorization, "listify_tensors", lambda x: x)
    return text_vectorization.TextVectorization


@pytest.mark.parametrize("config", [
    {}, {"max_tokens": 20, "output_sequence_length": 4, "vocabulary": ABC},
    {"standardize": None, "split": "character", "ngrams": [1, 3], "output_mode": "count"},
    {"standardize": "lower", "ngrams": 2, "output_mode": "tf_idf", "vocabulary": ABC, "idf_weights": [1.0, 2.0, 3.0]},
    {"split": None, "output_mode": "multi_hot", "max_tokens": 8, "pad_to_max_tokens": True, "encoding": "latin-1"},
    {"split": None, "output_mode": "one_hot", "vocabulary": ABC}, {"trainable": False, "output_mode": "binary"},
])
def test_config_and_output_shape_are_keras_s(keras_text_vectorization, config):
    keras_config = dict(config, name="text_vectorization")
    if isinstance(config.get("ngrams"), list):
        keras_config["ngrams"] = tuple(config["ngrams"])  # from_config's conversion of the JSON list
    expected = json.loads(json.dumps(keras_text_vectorization(**keras_config).get_config()))
    ours = TextVectorization(expected)
    assert json.loads(json.dumps(ours.get_config())) == expected
    assert TextVectorization(ours.get_config()).get_config() == ours.get_config()
    theirs = keras_text_vectorization.from_config(json.loads(json.dumps(expected)))  # as a saved config loads
    shapes = [(None, 1), (4, 1), (None,)] if theirs._split is None or config.get("output_mode", "int") == "int" \
        else [(None,), (3,)]
    for shape in shapes:
        assert ours.compute_output_shape(shape) == tuple(theirs.compute_output_shape(shape))


def test_split_encodings_take_the_shape_keras_s_call_gives():
    # Keras's shape rule says (batch, 1, depth) on a (batch, 1) input, its call gives (batch, depth).
    count = layer(vocabulary=ABC, output_mode="count")
    assert count.compute_output_shape((None, 1)) == (None, 4) and tuple(count.apply([["a"], ["b"]]).shape) == (2, 4)
    for mode in ("count", "int"):
        with pytest.raises(ValueError, match="split strings take inputs of shape"):
            layer(vocabulary=ABC, output_mode=mode).compute_output_shape((None, 2))


# ----- models with a string Input -----
def _sequential(vectorize, head):
    return {"class_name": "Sequential", "config": {"name": "texts", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 1], "dtype": "string", "name": "text"}},
        {"class_name": "TextVectorization", "config": dict(vectorize, name="text_vectorization")},
    ] + head}}


TEXTS = np.array([["The cat sat."], ["A dog!"], ["the CAT, the dog"], ["sat sat"]])


def test_embedding_model_fits_predicts_saves_and_loads(tmp):
    engine = TorchEngine()
    engine.set_random_seed(4)
    model = engine.model_from_config(_sequential({"max_tokens": 8, "output_sequence_length": 3}, [
        {"class_name": "Embedding", "config": {"name": "embedding", "input_dim": 8, "output_dim": 2}},
        {"class_name": "GlobalAveragePooling1D", "config": {"name": "pool"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 1}},
    ]))
    model.adapt_layer("text_vectorization", TEXTS)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(TEXTS, np.array([[1.0], [0.0], [1.0], [0.0]], np.float32), epochs=3, batch_size=2)["history"]
    assert len(history["loss"]) == 3 and history["loss"][2] < history["loss"][0]
    # the 3, sat 3, dog 2, cat 2 (ties: the larger token first), a 1: max_tokens 8 keeps them all.
    indices = np.array([[2, 5, 3], [6, 4, 0], [2, 5, 2], [3, 3, 0]])
    (embeddings,), (kernel, bias) = model.get_layer_weights("embedding"), model.get_layer_weights("dense")
    np.testing.assert_allclose(model.predict(TEXTS), embeddings[indices].mean(1) @ kernel + bias, rtol=1e-5)
    # One string per sample without the trailing axis fills the (batch, 1) Input (Functional._adjust_input_rank).
    np.testing.assert_array_equal(model.predict(TEXTS[:, 0]), model.predict(TEXTS))
    path = tmp("texts.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        # Keras's saving_lib writes the lookup's file twice: the layer's save_assets, then its _lookup_layer's.
        for folder in ("text_vectorization", "text_vectorization/_lookup_layer"):
            assert zf.read(f"assets/layers/{folder}/vocabulary.txt") == b"\n[UNK]\nthe\nsat\ndog\ncat\na"
        saved = json.loads(zf.read("config.json"))["config"]["layers"]
        with h5py.File(io.BytesIO(zf.read("model.weights.h5"))) as h5:
            assert len(h5["layers/text_vectorization/vars"]) == 0
    assert saved[0]["config"]["dtype"] == "string" and saved[1]["build_config"] == {"input_shape": [None, 1]}
    assert saved[1]["config"]["vocabulary"] is None and saved[1]["config"]["vocabulary_size"] == 7
    np.testing.assert_array_equal(engine.load_model(path).predict(TEXTS), model.predict(TEXTS))


def test_tf_idf_model_saves_its_idf_weights(tmp):
    engine = TorchEngine()
    # Padded to max_tokens, the depth is known before adapt (as Keras's shape needs for the Dense).
    model = engine.model_from_config(_sequential({"output_mode": "tf_idf", "ngrams": 2, "max_tokens": 16,
                                                  "pad_to_max_tokens": True}, [
        {"class_name": "Dense", "config": {"name": "dense", "units": 2}}]))
    model.adapt_layer("text_vectorization", TEXTS[:, 0])
    alone = layer(output_mode="tf_idf", ngrams=2, max_tokens=16, pad_to_max_tokens=True)
    alone.adapt(TEXTS[:, 0])
    encoded = alone.apply(TEXTS).numpy()
    assert encoded.shape == (4, 16) and encoded[3, alone.get_vocabulary().index("sat sat")] > 0
    kernel, bias = model.get_layer_weights("dense")
    np.testing.assert_allclose(model.predict(TEXTS), encoded @ kernel + bias, rtol=1e-5)
    path = tmp("tf_idf.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("assets/layers/text_vectorization/vocabulary.txt").startswith(b"[UNK]\nthe\nsat\n")
        with h5py.File(io.BytesIO(zf.read("model.weights.h5"))) as h5:
            for group in ("vars", "_lookup_layer/vars"):  # the idf weights as used (OOV slot first, padded to 16)
                np.testing.assert_array_equal(h5[f"layers/text_vectorization/{group}/idf_weights"][()],
                                              alone.lookup.vocabulary.idf_weights)
    np.testing.assert_array_equal(engine.load_model(path).predict(TEXTS), model.predict(TEXTS))


def test_text_vectorization_takes_only_a_string_input():
    engine = TorchEngine()
    numeric = _sequential({"vocabulary": ABC}, [])
    numeric["config"]["layers"][0]["config"]["dtype"] = "float32"
    with pytest.raises(ValueError, match="takes strings, which reach the PyTorch engine only from a string Input"):
        engine.model_from_config(numeric)
