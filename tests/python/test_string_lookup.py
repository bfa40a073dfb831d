"""StringLookup on the PyTorch engine (torch_engine/string_lookup.py, string_inputs.py). Real Keras cannot run this
layer without TensorFlow, so the expected values are Keras's own documentation: every example of StringLookup's
docstring (keras/src/layers/preprocessing/string_lookup.py), IndexLookup's adapt order, StringLookup.get_config, and
models whose string Input feeds the lookup (fit, predict, save -> load with the vocabulary asset)."""

import json
import zipfile

import numpy as np
import pytest

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.engine import TorchEngine
from kerasbridge.torch_engine.string_lookup import StringLookup

VOCAB = ["a", "b", "c", "d"]


def layer(**config):
    return StringLookup(dict(config, name=config.get("name", "string_lookup")))


# ----- the docstring's examples, with their documented outputs -----
def test_known_vocabulary():
    out = layer(vocabulary=VOCAB).apply([["a", "c", "d"], ["d", "z", "b"]])
    assert out.tolist() == [[1, 3, 4], [4, 0, 2]]


def test_adapted_vocabulary():
    data = [["a", "c", "d"], ["d", "z", "b"]]
    lookup = layer()
    lookup.adapt(data)
    assert lookup.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    assert lookup.apply(data).tolist() == [[5, 3, 1], [1, 2, 4]]


def test_multiple_oov_indices_hash_the_strings():
    out = layer(vocabulary=VOCAB, num_oov_indices=2).apply([["a", "c", "d"], ["m", "z", "b"]])
    assert out.tolist() == [[2, 4, 5], [0, 1, 3]]


def test_encodings():
    np.testing.assert_array_equal(layer(vocabulary=VOCAB, output_mode="one_hot").apply(["a", "b", "c", "d", "z"]),
                                  np.eye(5)[[1, 2, 3, 4, 0]])
    data = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]
    np.testing.assert_array_equal(layer(vocabulary=VOCAB, output_mode="multi_hot").apply(data),
                                  [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])
    np.testing.assert_array_equal(layer(vocabulary=VOCAB, output_mode="count").apply(data),
                                  [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])
    tf_idf = layer(vocabulary=VOCAB, output_mode="tf_idf", idf_weights=[0.25, 0.75, 0.6, 0.4]).apply(data)
    np.testing.assert_allclose(tf_idf, [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]], rtol=1e-6)
    with_oov = layer(vocabulary=["[UNK]"] + VOCAB, output_mode="tf_idf", idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(with_oov.apply(data), [[0, 0.25, 0, 0.6, 0.8], [1.8, 0, 0.75, 0, 0.4]], rtol=1e-6)


def test_inverse_lookup_and_pair():
    inverse = layer(vocabulary=VOCAB, invert=True, name="inverse")
    assert inverse.apply(np.array([[1, 3, 4], [4, 0, 2]])).tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]
    forward = layer(vocabulary=VOCAB)
    round_trip = inverse.apply(forward.apply([["a", "c", "d"], ["d", "z", "b"]]).numpy())
    assert round_trip.tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]


def test_mask_token_bytes_and_salt():
    lookup = layer(vocabulary=VOCAB, mask_token="")
    assert lookup.get_vocabulary() == ["", "[UNK]"] + VOCAB
    assert lookup.apply(np.array([[b"a", b"", b"q"]])).tolist() == [[2, 0, 1]]
    # A string key always hashes: the salt keys SipHash64 even with oov_method "floormod" (index_lookup.py).
    salted = layer(vocabulary=VOCAB, num_oov_indices=3, salt=[133, 137])
    assert salted.get_config()["salt"] == [133, 137]
    from kerasbridge.torch_engine.string_hash import hash_bucket
    assert salted.apply(["A", "B"]).tolist() == [hash_bucket(b"A", 3, [133, 137]), hash_bucket(b"B", 3, [133, 137])]


def test_get_config_is_keras_s():
    config = layer(vocabulary=VOCAB).get_config()
    assert list(config) == ["name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token",
                            "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "idf_weights", "vocabulary",
                            "vocabulary_size", "oov_method", "salt", "encoding"]
    assert config["oov_token"] == "[UNK]" and config["vocabulary_size"] == 5 and config["encoding"] == "utf-8"
    assert StringLookup(config).get_config() == config


@pytest.mark.parametrize("config, message", [
    ({"vocabulary": [1, 2]}, "must be a list of strings"),
    ({"mask_token": 0}, "'mask_token' must be a string or null"),
    ({"sparse": True, "output_mode": "count"}, "'sparse' must be false"),
    ({"encoding": "no-such-codec"}, "'encoding' must name a text encoding"),
])
def test_bad_configs_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        layer(**config)


# ----- models with a string Input -----
def _sequential(lookup_config, input_shape=(None, 3)):
    return {"class_name": "Sequential", "config": {"name": "words_model", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": list(input_shape), "dtype": "string", "name": "words"}},
        {"class_name": "StringLookup", "config": dict(lookup_config, name="string_lookup")},
        {"class_name": "Dense", "config": {"name": "dense", "units": 1}},
    ]}}


def test_string_input_model_fits_predicts_saves_and_loads(tmp):
    engine = TorchEngine()
    engine.set_random_seed(3)
    model = engine.model_from_config(_sequential({"output_mode": "count", "max_tokens": 5, "pad_to_max_tokens": True}))
    x = np.array([["a", "b", "a"], ["c", "z", "c"], ["b", "b", "b"]])
    model.adapt_layer("string_lookup", x)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.ones((3, 1), np.float32), epochs=1, batch_size=2)
    kernel, bias = model.get_layer_weights("dense")
    # Adapted: [UNK], b (4), c (2), a (2; ties: larger first), z: max_tokens 5 keeps all four.
    counts = np.array([[0, 1, 0, 2, 0], [0, 0, 2, 0, 1], [0, 3, 0, 0, 0]], np.float32)
    np.testing.assert_allclose(model.predict(x), counts @ kernel + bias, rtol=1e-6)
    path = tmp("words.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("assets/layers/string_lookup/vocabulary.txt") == b"[UNK]\nb\nc\na\nz"
        saved = json.loads(zf.read("config.json"))["config"]["layers"]
    assert saved[0]["config"]["dtype"] == "string" and saved[1]["config"]["vocabulary"] is None
    np.testing.assert_array_equal(engine.load_model(path).predict(x), model.predict(x))


def test_functional_string_input_and_refusals():
    engine = TorchEngine()
    config = {"class_name": "Functional", "config": {
        "name": "f", "input_layers": [["words", 0, 0]], "output_layers": [["lookup", 0, 0]],
        "layers": [
            {"class_name": "InputLayer", "name": "words", "config": {"batch_shape": [None, 2], "dtype": "string",
                                                                     "name": "words"}, "inbound_nodes": []},
            {"class_name": "StringLookup", "name": "lookup", "config": {"name": "lookup", "vocabulary": VOCAB},
             "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                 "shape": [None, 2], "dtype": "string", "keras_history": ["words", 0, 0]}}], "kwargs": {}}]},
        ]}}
    model = engine.model_from_config(config)
    assert model.predict(np.array([["d", "q"], ["a", "b"]])).tolist() == [[4, 0], [1, 2]]
    with pytest.raises(InvalidArgumentError, match="must hold strings"):
        model.predict(np.array([[1.0, 2.0]], np.float32))
    # A StringLookup fed by a numeric input, and a string Input feeding a Dense, are refused when built.
    numeric = _sequential({"vocabulary": VOCAB})
    numeric["config"]["layers"][0]["config"]["dtype"] = "float32"
    with pytest.raises(ValueError, match="takes strings, which reach the PyTorch engine only from a string Input"):
        engine.model_from_config(numeric)
    dense_first = _sequential({"vocabulary": VOCAB})
    del dense_first["config"]["layers"][1]
    with pytest.raises(ValueError, match="passes only to a StringLookup"):
        engine.model_from_config(dense_first)
    inverted = _sequential({"vocabulary": VOCAB, "invert": True})
    with pytest.raises(ValueError, match="invert=True gives strings"):
        engine.model_from_config(inverted)
