"""Hashing and HashedCrossing on the PyTorch engine (torch_engine/hashing.py, hashed_crossing.py). Real Keras runs
these layers only with TensorFlow, which this machine lacks, so the expected bins are Keras's own documentation: every
example of both docstrings (keras/src/layers/preprocessing/hashing.py, hashed_crossing.py). Keras's constructors,
get_config and compute_output_spec need no TensorFlow, so the configs and output specs are compared with real Keras's
(its TensorFlow check passed over). Models: int Input -> Hashing -> Dense and string Input -> Hashing -> Dense fit,
predict kernel[bin] + bias, and round-trip through .keras; two int Inputs -> HashedCrossing -> Dense likewise."""

import json
import zipfile

import numpy as np
import pytest
import torch

from conftest import keras_available
from kerasbridge.torch_engine.engine import TorchEngine
from kerasbridge.torch_engine.hashed_crossing import HashedCrossing
from kerasbridge.torch_engine.hashing import Hashing
from kerasbridge.torch_engine.string_hash import hash_bucket

LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]


def hashing(**config):
    return Hashing(dict(config, name=config.get("name", "hashing")))


def crossing(**config):
    return HashedCrossing(dict(config, name=config.get("name", "hashed_crossing")))


# ----- the docstrings' examples, with their documented outputs -----
def test_farmhash():
    assert hashing(num_bins=3).apply(LETTERS).tolist() == [[1], [0], [1], [1], [2]]


def test_farmhash_with_a_mask_value():
    out = hashing(num_bins=3, mask_value="").apply([["A"], ["B"], [""], ["C"], ["D"]])
    assert out.tolist() == [[1], [1], [0], [2], [2]]


def test_siphash_with_a_salt_pair_and_a_single_salt():
    assert hashing(num_bins=3, salt=[133, 137]).apply(LETTERS).tolist() == [[1], [2], [1], [0], [2]]
    single = hashing(num_bins=3, salt=133)
    assert single.salt == [133, 133]  # "same as salt=[133, 133]"
    assert single.apply(LETTERS).tolist() == [[0], [0], [2], [1], [0]]


def test_hashed_crossing_examples():
    feat1, feat2 = np.array(["A", "B", "A", "B", "A"]), np.array([101, 101, 101, 102, 102])
    out = crossing(num_bins=5).apply((feat1, feat2))
    assert out.dtype == torch.int64 and out.tolist() == [1, 4, 1, 1, 3]
    one_hot = crossing(num_bins=5, output_mode="one_hot").apply((feat1, feat2))
    assert one_hot.dtype == torch.float32
    assert one_hot.tolist() == [[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]


# ----- Keras's semantics beyond the examples -----
def test_numbers_hash_as_their_decimal_text():
    values = np.array([[101], [-7], [0], [123456789]])
    text = [[str(v[0])] for v in values]
    layer = hashing(num_bins=7, salt=[1, 2])
    assert layer.apply(values).tolist() == layer.apply(text).tolist()
    assert layer.apply(values).tolist() == [[hash_bucket(t[0].encode(), 7, [1, 2])] for t in text]
    # Floats are cast to int64 (truncated) before tf.strings.as_string.
    truncated = hashing(num_bins=7).apply([[2], [-2]]).tolist()
    assert hashing(num_bins=7).apply(np.array([[2.9], [-2.9]])).tolist() == truncated
    # An integer mask_value: bin 0, the others hash into num_bins - 1 bins after it; num_bins=1 reserves nothing.
    masked = hashing(num_bins=3, mask_value=0).apply(np.array([[0], [5], [6]]))
    assert masked.tolist() == [[0], [hash_bucket(b"5", 2) + 1], [hash_bucket(b"6", 2) + 1]]
    assert hashing(num_bins=1, mask_value=0).apply(np.array([[0], [5]])).tolist() == [[0], [0]]


def test_output_modes_and_dtypes():
    x = [["A", "B", "A"], ["C", "D", "E"]]
    bins = hashing(num_bins=3).apply(x)
    assert bins.dtype == torch.int64 and bins.tolist() == [[1, 0, 1], [1, 1, 2]]
    assert hashing(num_bins=3, dtype="int32").apply(x).dtype == torch.int32
    multi = hashing(num_bins=3, output_mode="multi_hot").apply(x)
    assert multi.dtype == torch.float32 and multi.tolist() == [[1, 1, 0], [0, 1, 1]]
    count = hashing(num_bins=3, output_mode="count", dtype="int64").apply(x)
    assert count.dtype == torch.int64 and count.tolist() == [[1, 2, 0], [0, 2, 1]]
    one_hot = hashing(num_bins=3, output_mode="one_hot").apply(LETTERS)
    assert one_hot.shape == (5, 3) and one_hot.argmax(-1).tolist() == [1, 0, 1, 1, 2]


def test_shapes_keras_s_call_would_contradict_are_refused_in_a_model():
    assert hashing(num_bins=4, output_mode="one_hot").compute_output_shape((None, 1)) == (None, 4)
    assert hashing(num_bins=4, output_mode="count").compute_output_shape((None, 6)) == (None, 4)
    with pytest.raises(ValueError, match="one_hot' takes inputs whose last axis is 1"):
        hashing(num_bins=4, output_mode="one_hot").compute_output_shape((None, 3))
    with pytest.raises(ValueError, match="takes inputs of rank 2 at most"):
        hashing(num_bins=4, output_mode="multi_hot").compute_output_shape((None, 2, 3))
    with pytest.raises(ValueError, match="expected as input a list/tuple of 2 tensors"):
        crossing(num_bins=4).compute_output_shape([(None, 1)] * 3)
    with pytest.raises(ValueError, match=r"should have shape `\(\)`, `\(batch_size\)` or `\(batch_size, 1\)`"):
        crossing(num_bins=4).compute_output_shape([(None, 2), (None, 2)])


@pytest.mark.parametrize("factory, config, message", [
    (hashing, {"num_bins": 0}, "num_bins"),
    (hashing, {"num_bins": None}, "num_bins"),
    (hashing, {"num_bins": 3, "output_mode": "tf_idf"}, "output_mode"),
    (hashing, {"num_bins": 3, "dtype": "float32"}, "dtype"),
    (hashing, {"num_bins": 3, "salt": [1, 2, 3]}, "salt"),
    (hashing, {"num_bins": 3, "salt": "x"}, "salt"),
    (hashing, {"num_bins": 3, "sparse": True}, "`sparse` may only be true if `output_mode`"),
    (hashing, {"num_bins": 3, "sparse": True, "output_mode": "count"}, "'sparse' must be false"),
    (hashing, {"num_bins": 3, "mask_value": [1]}, "mask_value"),
    (crossing, {"num_bins": 3, "output_mode": "count"}, "output_mode"),
    (crossing, {"num_bins": 3, "sparse": True, "output_mode": "one_hot"}, "sparse=True"),
    (crossing, {"num_bins": -1}, "num_bins"),
])
def test_bad_configs_are_refused(factory, config, message):
    with pytest.raises(ValueError, match=message):
        factory(**config)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="is a string but the inputs are numbers"):
        hashing(num_bins=3, mask_value="").apply([[1]])
    with pytest.raises(ValueError, match="at least two inputs"):
        crossing(num_bins=3).apply([np.array([1])])
    with pytest.raises(ValueError, match="integer or string dtype"):
        crossing(num_bins=3).apply([np.array([1.5]), np.array([2])])


# ----- configs and output specs against real Keras (its constructors need no TensorFlow) -----
@pytest.fixture
def keras_layers(monkeypatch):
    if not keras_available():
        pytest.skip("Keras is not installed")
    from keras.src.layers.preprocessing import hashed_crossing, hashing as keras_hashing

    class TensorFlowCheck:  # Keras's constructors only ask whether TensorFlow is there
        available = True

    for module in (keras_hashing, hashed_crossing):
        if not module.tf.available:
            monkeypatch.setattr(module, "tf", TensorFlowCheck())
    return keras_hashing.Hashing, hashed_crossing.HashedCrossing


@pytest.mark.parametrize("config", [
    {"num_bins": 3}, {"num_bins": 3, "salt": 133, "output_mode": "one_hot"},
    {"num_bins": 4, "mask_value": "", "output_mode": "count", "dtype": "int32"}, {"num_bins": 3, "salt": (1, 2)},
    {"num_bins": 5, "mask_value": 0, "output_mode": "multi_hot"},
])
def test_hashing_config_and_output_spec_are_keras_s(keras_layers, config):
    import keras

    theirs = keras_layers[0](name="hashing", **config)
    expected = json.loads(json.dumps(theirs.get_config()))
    ours = Hashing(expected)
    assert ours.get_config() == expected
    assert Hashing(ours.get_config()).get_config() == expected
    for shape in [(None, 1), (2, 1)] + ([(None, 6), (None,)] if config.get("output_mode") != "one_hot" else []):
        spec = theirs.compute_output_spec(keras.KerasTensor(shape, dtype="int64"))
        assert ours.compute_output_shape(shape) == tuple(spec.shape)
        assert Hashing.output_dtype_of(expected) == spec.dtype


@pytest.mark.parametrize("config", [{"num_bins": 3}, {"num_bins": 4, "output_mode": "one_hot"}])
def test_hashed_crossing_config_and_output_shape_are_keras_s(keras_layers, config):
    theirs = keras_layers[1](name="hashed_crossing", **config)
    expected = theirs.get_config()
    ours = HashedCrossing(expected)
    assert ours.get_config() == expected and HashedCrossing(expected).get_config() == expected
    for shape in [(None, 1), (None,), (3,)]:  # Keras's own rule fails on scalar shapes ()
        assert ours.compute_output_shape([shape, shape]) == tuple(theirs.compute_output_shape((shape, shape)))
    assert HashedCrossing.output_dtype_of(expected) == theirs.dtype


# ----- models -----
def _sequential(input_dtype, hashing_config):
    return {"class_name": "Sequential", "config": {"name": "hashed", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 1], "dtype": input_dtype, "name": "ids"}},
        {"class_name": "Hashing", "config": dict(hashing_config, name="hashing")},
        {"class_name": "Dense", "config": {"name": "dense", "units": 2}},
    ]}}


@pytest.mark.parametrize("input_dtype, x", [
    ("int64", np.array([[12], [36], [1138], [42], [7]])),
    ("string", np.array([["A"], ["B"], ["C"], ["D"], ["E"]])),
])
def test_hashing_dense_model_fits_predicts_saves_and_loads(tmp, input_dtype, x):
    engine = TorchEngine()
    engine.set_random_seed(5)
    config = {"num_bins": 4, "output_mode": "one_hot", "salt": [3, 4],
              "mask_value": "E" if input_dtype == "string" else 7}
    model = engine.model_from_config(_sequential(input_dtype, config))
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, np.ones((5, 2), np.float32), epochs=2, batch_size=2)["history"]
    assert len(history["loss"]) == 2 and history["loss"][1] < history["loss"][0]
    kernel, bias = model.get_layer_weights("dense")
    bins = hashing(**config).apply(x).argmax(-1).numpy()
    assert bins[-1] == 0 and set(bins[:-1].tolist()) <= {1, 2, 3}  # the mask value takes bin 0
    np.testing.assert_allclose(model.predict(x), kernel[bins] + bias, rtol=1e-6)
    path = tmp("hashed.keras")
    model.save(path)
    loaded = engine.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    with zipfile.ZipFile(path) as zf:
        saved = json.loads(zf.read("config.json"))["config"]["layers"]
    assert saved[0]["config"]["dtype"] == input_dtype and saved[1]["build_config"] == {"input_shape": [None, 1]}
    assert saved[1]["config"] == Hashing(dict(config, name="hashing")).get_config()


def test_int_mode_hashing_in_a_model_gives_int64_bins_and_refuses_inexact_ids():
    engine = TorchEngine()
    config = _sequential("int64", {"num_bins": 5})
    del config["config"]["layers"][2]
    model = engine.model_from_config(config)
    x = np.array([[3], [99], [-4]])
    assert model.predict(x).tolist() == hashing(num_bins=5).apply(x).tolist()
    with pytest.raises(Exception, match="2\\*\\*24"):
        model.predict(np.array([[2 ** 25 + 1]]))


def test_hashed_crossing_model_fits_predicts_saves_and_loads(tmp):
    engine = TorchEngine()
    engine.set_random_seed(6)

    def tensor(name):
        return {"class_name": "__keras_tensor__", "config": {"shape": [None, 1], "dtype": "int64",
                                                             "keras_history": [name, 0, 0]}}

    def source(name):
        return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
                "config": {"batch_shape": [None, 1], "dtype": "int64", "name": name}}

    config = {"class_name": "Functional", "config": {
        "name": "crossed", "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["dense", 0, 0]],
        "layers": [source("a"), source("b"),
                   {"class_name": "HashedCrossing", "name": "cross", "inbound_nodes": [
                       {"args": [[tensor("a"), tensor("b")]], "kwargs": {}}],
                    "config": {"name": "cross", "num_bins": 5, "output_mode": "one_hot", "dtype": "float32"}},
                   {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "units": 1},
                    "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                        "shape": [None, 5], "dtype": "float32", "keras_history": ["cross", 0, 0]}}], "kwargs": {}}]},
                   ]}}
    model = engine.model_from_config(config)
    a, b = np.array([[1], [2], [1], [2]]), np.array([[101], [101], [102], [102]])
    model.compile(optimizer="sgd", loss="mse")
    model.fit([a, b], np.ones((4, 1), np.float32), epochs=1, batch_size=4)
    kernel, bias = model.get_layer_weights("dense")
    bins = crossing(num_bins=5).apply((a, b)).reshape(-1).numpy()
    np.testing.assert_allclose(model.predict([a, b]), kernel[bins] + bias, rtol=1e-6)
    path = tmp("crossed.keras")
    model.save(path)
    np.testing.assert_array_equal(engine.load_model(path).predict([a, b]), model.predict([a, b]))


def test_string_input_refusals():
    engine = TorchEngine()
    twice = {"class_name": "Functional", "config": {
        "name": "f", "input_layers": [["words", 0, 0]], "output_layers": [["dense", 0, 0]],
        "layers": [
            {"class_name": "InputLayer", "name": "words", "inbound_nodes": [],
             "config": {"batch_shape": [None, 1], "dtype": "string", "name": "words"}},
            {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "units": 1},
             "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                 "shape": [None, 1], "dtype": "string", "keras_history": ["words", 0, 0]}}], "kwargs": {}}]},
        ]}}
    with pytest.raises(ValueError, match="must feed exactly one layer, a StringLookup, a TextVectorization or a Hashing"):
        engine.model_from_config(twice)


def test_models_keras_builds_load_with_its_config_and_summary(keras_layers):
    import keras

    from conftest import keras_config, keras_summary
    from test_layers_prepro_extra import _torch

    keras_hashing, keras_crossing = keras_layers
    ids = keras.Input((1,), dtype="int64", name="ids")
    hashed = keras.Sequential([ids, keras_hashing(num_bins=4, output_mode="one_hot", salt=[3, 4]),
                               keras.layers.Dense(2)])
    a, b = keras.Input((1,), dtype="int64", name="a"), keras.Input((1,), dtype="int64", name="b")
    crossed = keras.Model([a, b], keras.layers.Dense(1)(keras_crossing(num_bins=5, output_mode="one_hot")([a, b])))
    for model in (hashed, crossed):
        ours = _torch(model)
        assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
        assert ours.summary() == keras_summary(model)
    # Keras cannot run them without TensorFlow: each prediction is the row of Keras's Dense kernel at the bin.
    ours = _torch(hashed)
    ours.set_weights([np.asarray(w) for w in hashed.get_weights()])
    x = np.array([[5], [77], [123456]])
    kernel, bias = (np.asarray(w) for w in hashed.get_weights())
    bins = hashing(num_bins=4, salt=[3, 4]).apply(x).reshape(-1).numpy()
    np.testing.assert_allclose(ours.predict(x), kernel[bins] + bias, rtol=1e-6)
