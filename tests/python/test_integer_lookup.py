"""IntegerLookup on the PyTorch engine (torch_engine/lookup.py). Real Keras cannot run this layer without TensorFlow,
so the expected values are Keras's own documentation: every example of IntegerLookup's docstring
(keras/src/layers/preprocessing/integer_lookup.py), the ordering rules of IndexLookup.adapt (index_lookup.py), its
get_config, and a .keras save -> load round trip with the vocabulary as Keras's assets."""

import json
import zipfile

import h5py
import io
import numpy as np
import pytest
import torch

from kerasbridge.torch_engine.engine import TorchEngine
from kerasbridge.torch_engine.lookup import IntegerLookup
from kerasbridge.torch_engine.string_hash import fingerprint64, hash_bucket

VOCAB = [12, 36, 1138, 42]


def layer(**config):
    return IntegerLookup(dict(config, name=config.get("name", "integer_lookup")))


def run(lookup, data):
    out = lookup.call(torch.as_tensor(np.asarray(data)), False)
    return out.numpy()


# ----- the docstring's examples, with their documented outputs -----
def test_known_vocabulary():
    out = run(layer(vocabulary=VOCAB), [[12, 1138, 42], [42, 1000, 36]])
    assert out.dtype == np.int64
    assert out.tolist() == [[1, 3, 4], [4, 0, 2]]


def test_adapted_vocabulary_and_its_order():
    data = np.array([[12, 1138, 42], [42, 1000, 36]])
    lookup = layer()
    lookup.adapt(data)
    assert lookup.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    assert run(lookup, data).tolist() == [[5, 2, 1], [1, 3, 4]]


def test_multiple_oov_indices():
    out = run(layer(vocabulary=VOCAB, num_oov_indices=2), [[12, 1138, 42], [37, 1000, 36]])
    assert out.tolist() == [[2, 4, 5], [1, 0, 3]]


def test_floormod_oov_buckets():
    out = run(layer(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="floormod"),
              [100, 300, 700, 1100, 1700, 2000])
    assert out.tolist() == [0, 0, 0, 0, 0, 0]


def test_farmhash_oov_buckets():
    out = run(layer(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="farmhash"),
              [100, 300, 700, 1100, 1700, 2000])
    assert out.tolist() == [3, 3, 2, 2, 0, 1]


def test_tensorflow_string_hash_buckets():
    # keras/src/layers/preprocessing/hashing.py's documented buckets: FarmHash64, with a mask (2 bins after it),
    # SipHash64 salted [133, 137] and 133 (= [133, 133]).
    letters = [c.encode() for c in "ABCDE"]
    assert [hash_bucket(c, 3) for c in letters] == [1, 0, 1, 1, 2]
    assert [hash_bucket(c, 2) + 1 for c in letters[:4]] == [1, 1, 2, 2]
    assert [hash_bucket(c, 3, [133, 137]) for c in letters] == [1, 2, 1, 0, 2]
    assert [hash_bucket(c, 3, [133, 133]) for c in letters] == [0, 0, 2, 1, 0]
    # Fingerprint64 over 64 bytes (its loop), against FarmHash's published value for this text.
    text = b"You remind me of a TV show, but that's all right: I watch it anyway."
    assert fingerprint64(text) == 0xabcdb319fcf2826c


def test_salted_farmhash_is_keyed():
    lookup = layer(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="farmhash", salt=[133, 137])
    tokens = [100, 300, 700, 1100, 1700, 2000]
    assert run(lookup, tokens).tolist() == [hash_bucket(str(t).encode(), 4, [133, 137]) for t in tokens]
    assert lookup.get_config()["salt"] == [133, 137]
    assert layer(oov_method="farmhash", salt=7).get_config()["salt"] == [7, 7]


def test_one_hot():
    out = run(layer(vocabulary=VOCAB, output_mode="one_hot"), [12, 36, 1138, 42, 7])
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(5, dtype=np.float32)[[1, 2, 3, 4, 0]])


def test_multi_hot():
    out = run(layer(vocabulary=VOCAB, output_mode="multi_hot"), [[12, 1138, 42, 42], [42, 7, 36, 7]])
    np.testing.assert_array_equal(out, [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])


def test_count():
    out = run(layer(vocabulary=VOCAB, output_mode="count"), [[12, 1138, 42, 42], [42, 7, 36, 7]])
    np.testing.assert_array_equal(out, [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])


def test_tf_idf_with_average_oov_weight():
    out = run(layer(output_mode="tf_idf", vocabulary=VOCAB, idf_weights=[0.25, 0.75, 0.6, 0.4]),
              [[12, 1138, 42, 42], [42, 7, 36, 7]])
    np.testing.assert_allclose(out, [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]], rtol=1e-6)


def test_tf_idf_with_given_oov_weight():
    out = run(layer(output_mode="tf_idf", vocabulary=[-1] + VOCAB, idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4]),
              [[12, 1138, 42, 42], [42, 7, 36, 7]])
    np.testing.assert_allclose(out, [[0, 0.25, 0, 0.6, 0.8], [1.8, 0, 0.75, 0, 0.4]], rtol=1e-6)


def test_inverse_lookup():
    out = run(layer(vocabulary=VOCAB, invert=True), [[1, 3, 4], [4, 0, 2]])
    assert out.tolist() == [[12, 1138, 42], [42, -1, 36]]


def test_forward_and_inverse_pair():
    forward = layer(vocabulary=VOCAB)
    inverse = layer(vocabulary=forward.get_vocabulary(), invert=True, name="inverse")
    out = run(inverse, run(forward, [[12, 1138, 42], [42, 1000, 36]]))
    assert out.tolist() == [[12, 1138, 42], [42, -1, 36]]


# ----- masks, OOV, adapt rules (index_lookup.py) -----
def test_mask_token_int_and_encoded():
    lookup = layer(vocabulary=VOCAB, mask_token=0)
    assert lookup.get_vocabulary() == [0, -1] + VOCAB
    assert run(lookup, [[12, 0, 7]]).tolist() == [[2, 0, 1]]
    # Other modes: no mask slot, the mask token is dropped.
    np.testing.assert_array_equal(run(layer(vocabulary=VOCAB, mask_token=0, output_mode="multi_hot"), [[12, 0, 7]]),
                                  [[1, 1, 0, 0, 0]])
    np.testing.assert_array_equal(run(layer(vocabulary=VOCAB, mask_token=0, output_mode="one_hot"), [0, 36]),
                                  [[0, 0, 0, 0, 0], [0, 0, 1, 0, 0]])
    inverse = layer(vocabulary=VOCAB, mask_token=0, invert=True)
    assert run(inverse, [[0, 1, 2, 5]]).tolist() == [[0, -1, 12, 42]]


def test_mask_with_multiple_oov_buckets():
    # The buckets start after the mask slot: floormod(token, 3) + 1.
    out = run(layer(vocabulary=VOCAB, mask_token=0, num_oov_indices=3), [[0, 7, 8, 9, 12]])
    assert out.tolist() == [[0, 2, 3, 1, 4]]


def test_zero_oov_indices_refuses_unknown_tokens():
    lookup = layer(vocabulary=VOCAB, num_oov_indices=0)
    assert run(lookup, [[12, 42]]).tolist() == [[0, 3]]
    with pytest.raises(ValueError, match=r"num_oov_indices=0 all inputs should be in vocabulary, found OOV values "
                                         r"\[7\]"):
        run(lookup, [[12, 7]])


def test_adapt_orders_by_count_then_token_descending_and_caps_at_max_tokens():
    data = np.array([[5, 5, 5, 9, 9, 2], [2, 7, 3, -1, 0, 0]])
    lookup = layer(max_tokens=4, mask_token=0)
    lookup.adapt(data)
    # Counts: 5:3, 9:2, 2:2, 7:1, 3:1; the mask (0) and OOV (-1) tokens are not counted. Ties: larger first.
    # max_tokens 4 keeps 4 - 2 special slots.
    assert lookup.get_vocabulary() == [0, -1, 5, 9]
    assert lookup.get_config()["vocabulary_size"] == 4
    unlimited = layer()
    unlimited.adapt(data)
    assert unlimited.get_vocabulary() == [-1, 5, 9, 2, 0, 7, 3]
    one_dimensional = layer()
    one_dimensional.adapt(np.array([3, 1, 3, 2]))
    assert one_dimensional.get_vocabulary() == [-1, 3, 2, 1]


def test_adapt_tf_idf_weights():
    # idf = log(1 + documents / (1 + documents holding the token)); the OOV slot gets their mean.
    data = np.array([[1, 1, 2], [1, 3, 3], [2, 2, 2]])
    lookup = layer(output_mode="tf_idf")
    lookup.adapt(data)
    assert lookup.get_vocabulary() == [-1, 2, 1, 3]
    idf = np.log(1 + 3 / (1 + np.array([2, 2, 1]))).astype(np.float32)
    expected_weights = np.concatenate([[idf.mean()], idf])
    out = run(lookup, [[2, 2, 9, 3]])
    np.testing.assert_allclose(out, [[1, 2, 0, 1] * expected_weights], rtol=1e-6)


def test_pad_to_max_tokens():
    lookup = layer(vocabulary=VOCAB, max_tokens=8, pad_to_max_tokens=True, output_mode="multi_hot")
    out = run(lookup, [[12, 7]])
    np.testing.assert_array_equal(out, [[1, 1, 0, 0, 0, 0, 0, 0]])
    assert lookup.compute_output_shape((None, 2)) == (None, 8)
    tf_idf = layer(vocabulary=VOCAB, max_tokens=6, pad_to_max_tokens=True, output_mode="tf_idf",
                   idf_weights=[1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(run(tf_idf, [[7, 42]]), [[2.5, 0, 0, 0, 4.0, 0]])


def test_output_shapes_and_dtypes():
    assert layer(vocabulary=VOCAB).compute_output_shape((None, 3)) == (None, 3)
    assert layer(vocabulary=VOCAB, output_mode="one_hot").compute_output_shape((None, 1)) == (None, 5)
    assert layer(vocabulary=VOCAB, output_mode="one_hot").compute_output_shape((None, 3)) == (None, 3, 5)
    assert layer(vocabulary=VOCAB, output_mode="count").compute_output_shape((None, 3)) == (None, 5)
    # Without a vocabulary the depth is unknown (compute_output_shape), and calling the layer is refused.
    unadapted = layer(output_mode="multi_hot")
    assert unadapted.compute_output_shape((None, 3)) == (None, None)
    with pytest.raises(ValueError, match="you must set the layer's vocabulary before calling it"):
        run(unadapted, [[1, 2, 3]])
    assert IntegerLookup.output_dtype_of({"output_mode": "int"}) == "int64"
    assert IntegerLookup.output_dtype_of({"output_mode": "tf_idf"}) == "float32"


@pytest.mark.parametrize("config, message", [
    ({"sparse": True, "output_mode": "multi_hot"}, "'sparse' must be false"),
    ({"vocabulary_dtype": "int32"}, "'vocabulary_dtype' must be 'int64'"),
    ({"max_tokens": 1}, "must be greater than 1"),
    ({"num_oov_indices": -1}, "'num_oov_indices' must be an int >= 0"),
    ({"invert": True, "output_mode": "count"}, "must be 'int' when 'invert' is true"),
    ({"pad_to_max_tokens": True}, "'max_tokens' must be set"),
    ({"output_mode": "tf_idf", "vocabulary": [1, 2]}, "'idf_weights' must be given too"),
    ({"idf_weights": [1.0]}, "'idf_weights' should only be set"),
    ({"vocabulary": [1, 2, 1]}, "repeated term"),
    ({"vocabulary": [1, 0], "mask_token": 0}, "reserved mask token"),
    ({"vocabulary": [1, 2, 3], "max_tokens": 3}, "larger than the maximum vocab size"),
    ({"vocabulary": "vocab.txt"}, "file path"),
    ({"output_mode": "bogus"}, "'output_mode' must be one of"),
    ({"salt": 3}, "'salt' can only be used when oov_method='farmhash'"),
])
def test_bad_configs_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        layer(**config)


def test_non_integer_inputs_are_refused():
    with pytest.raises(ValueError, match="integer tokens; got the value 1.5"):
        layer(vocabulary=VOCAB).call(torch.tensor([[1.5]]), False)
    with pytest.raises(ValueError, match=r"Cannot adapt layer 'integer_lookup' after setting a static vocabulary"):
        layer(vocabulary=VOCAB).adapt(np.array([1, 2]))


# ----- config: what Keras's get_config writes (IndexLookup.get_config, IntegerLookup.get_config) -----
def test_get_config_is_keras_s():
    config = layer(vocabulary=VOCAB, output_mode="binary").get_config()
    assert list(config) == ["name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token",
                            "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "vocabulary_dtype",
                            "idf_weights", "vocabulary", "vocabulary_size", "oov_method", "salt"]
    assert config["output_mode"] == "multi_hot"  # the deprecated name, normalized as Keras does
    assert config["vocabulary"] == VOCAB and config["vocabulary_size"] == 5
    assert config["oov_token"] == -1 and config["mask_token"] is None and config["salt"] is None
    assert config["dtype"]["config"]["name"] == "float32" and config["trainable"] is True
    assert layer().get_config()["vocabulary_size"] is None
    again = IntegerLookup(config).get_config()
    assert again == config


# ----- models and files -----
def _model_config(lookup_config, head_units=2):
    return {"class_name": "Sequential", "config": {"name": "lookup_model", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 3], "dtype": "int64", "name": "tokens"}},
        {"class_name": "IntegerLookup", "config": dict(lookup_config, name="integer_lookup")},
        {"class_name": "Dense", "config": {"name": "dense", "units": head_units}},
    ]}}


def test_model_with_given_vocabulary_fits_saves_and_loads(tmp):
    engine = TorchEngine()
    engine.set_random_seed(1)
    model = engine.model_from_config(_model_config({"vocabulary": VOCAB, "output_mode": "multi_hot"}))
    x = np.array([[12, 36, 7], [42, 42, 1138], [7, 8, 9], [36, 12, 42]], dtype=np.float32)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.ones((4, 2), np.float32), epochs=1, batch_size=2)
    path = tmp("lookup.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        saved = json.loads(zf.read("config.json"))
        assert not [n for n in zf.namelist() if n.startswith("assets/")]  # the vocabulary is in the config
    lookup = saved["config"]["layers"][1]
    assert lookup["config"]["vocabulary"] == VOCAB and lookup["build_config"] == {}
    loaded = engine.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_adapted_vocabulary_is_saved_as_keras_s_assets(tmp):
    engine = TorchEngine()
    engine.set_random_seed(2)
    config = _model_config({"output_mode": "tf_idf", "max_tokens": 6, "pad_to_max_tokens": True})
    model = engine.model_from_config(config)
    model.adapt_layer("integer_lookup", np.array([[5, 5, 3], [3, 1, 5], [9, 9, 9]]))
    x = np.array([[5, 3, 1], [9, 8, 5]], dtype=np.float32)
    before = model.predict(x)
    path = tmp("adapted.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("assets/layers/integer_lookup/vocabulary.txt") == b"-1\n9\n5\n3\n1"
        with h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r") as h5:
            idf = h5["layers/integer_lookup/vars/idf_weights"][()]
        saved = json.loads(zf.read("config.json"))["config"]["layers"][1]["config"]
    assert saved["vocabulary"] is None and saved["vocabulary_size"] == 5
    assert idf.shape == (6,) and idf[-1] == 0
    loaded = engine.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), before)


def test_adapted_lookup_in_a_nested_model_keeps_its_vocabulary(tmp):
    # The assets of a layer inside a nested model live under its weights path, whose groups Keras names after the
    # classes (layers/sequential/layers/integer_lookup). Its int64 indices feed a Dense, as Keras's matmul takes them.
    engine = TorchEngine()
    inner = _model_config({"max_tokens": 5})
    inner["config"]["name"] = "inner"
    config = {"class_name": "Functional", "config": {
        "name": "outer", "input_layers": [["tokens", 0, 0]], "output_layers": [["inner", 0, 0]],
        "layers": [
            {"class_name": "InputLayer", "name": "tokens", "config": {"batch_shape": [None, 3], "name": "tokens"},
             "inbound_nodes": []},
            dict(inner, name="inner", inbound_nodes=[{"args": [{"class_name": "__keras_tensor__", "config": {
                "shape": [None, 3], "dtype": "float32", "keras_history": ["tokens", 0, 0]}}], "kwargs": {}}]),
        ]}}
    model = engine.model_from_config(config)
    model.layers[0].model.adapt_layer("integer_lookup", np.array([[4, 4, 6], [6, 6, 1]]))
    x = np.array([[4, 6, 1], [9, 4, 4]], np.float32)
    path = tmp("nested.keras")
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("assets/layers/sequential/layers/integer_lookup/vocabulary.txt") == b"-1\n6\n4\n1"
    np.testing.assert_array_equal(engine.load_model(path).predict(x), model.predict(x))
