"""Embedding, recurrent layers (SimpleRNN, LSTM, GRU, Bidirectional), MultiHeadAttention and the
preprocessing layers (Rescaling, Normalization, Resizing, CenterCrop) held against real Keras 3.15.1.

1. The Keras-made fixtures in fixtures/keras-3.15.1/layers (embedding_lstm, gru_sequences,
   self_attention, preprocessing, resizing) load from .keras and .h5 on both engines, predict within
   1e-4 relative (floor 1e-2) of Keras's predictions.csv, print Keras's summary byte for byte, and the
   PyTorch engine writes Keras's config back.
2. Cases the fixtures do not cover are built with real Keras in the test (seeded), saved as .keras,
   loaded on the PyTorch engine and compared (predictions, summary, config); the PyTorch engine's own
   save is loaded back by Keras.
3. LSTM and GRU train two epochs like Keras (same initial weights from the .keras file, no shuffling):
   every history value within 1e-4.
Parts 2 and 3 skip without Keras.
"""

import contextlib
import io
import json
import zipfile

import numpy as np
import pytest

from conftest import fixture_path, keras_available
from kerasbridge import bridge
from kerasbridge.model_files import read_model_file
from kerasbridge.summary import summary_from_config

TOLERANCE, FLOOR = 1e-4, 1e-2
FIXTURES = ["embedding_lstm", "gru_sequences", "self_attention", "preprocessing", "resizing"]
needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def rel_error(actual, expected):
    actual, expected = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), FLOOR)))


def strip_ids(value):
    """Keras writes shared_object_id for objects serialized twice in one config; it carries no meaning."""
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    return value


def torch_lacks(name):
    """A fixture layer from another family (self_attention's GlobalAveragePooling1D) not yet in the engine."""
    from kerasbridge.torch_engine.registry import LAYER_CLASSES

    entries = json.loads(zipfile.ZipFile(fixture_path(f"layers/{name}.keras")).read("config.json"))["config"]["layers"]
    return sorted({e["class_name"] for e in entries} - set(LAYER_CLASSES) - {"InputLayer"})


def engine_for(engine_name, fixture_name=None):
    if engine_name == "keras" and not keras_available():
        pytest.skip("real Keras is not installed")
    if engine_name == "torch" and fixture_name and torch_lacks(fixture_name):
        pytest.skip(f"the PyTorch engine lacks {torch_lacks(fixture_name)} (another layer family)")
    return bridge.get_engine(engine_name)


def fixture_inputs(name, model):
    x = np.loadtxt(fixture_path(f"layers/{name}.inputs.csv"), delimiter=",", dtype=np.float32, ndmin=2)
    return x.reshape((x.shape[0],) + tuple(model.input_shape[1:]))


# ------------------------------------------------------------------ 1. the Keras fixtures

@pytest.mark.parametrize("engine_name", ["torch", "keras"])
@pytest.mark.parametrize("form", ["keras", "h5"])
@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_loads_and_predicts_like_keras(name, form, engine_name):
    engine = engine_for(engine_name, name)
    model = engine.load_model(fixture_path(f"layers/{name}.{form}"))
    expected = np.loadtxt(fixture_path(f"layers/{name}.predictions.csv"), delimiter=",", ndmin=2)
    assert rel_error(model.predict(fixture_inputs(name, model)), expected) <= TOLERANCE
    with open(fixture_path(f"layers/{name}.summary.txt"), encoding="utf-8") as f:
        assert model.summary() == f.read()
    facts = json.load(open(fixture_path(f"layers/{name}.json")))
    if engine_name == "torch":
        trainable, non_trainable = model.count_params()
        assert (trainable + non_trainable, trainable) == (facts["total_params"], facts["trainable_params"])


@pytest.mark.parametrize("form", ["keras", "h5"])
@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_summary_from_the_config_alone(name, form):
    if torch_lacks(name):
        pytest.skip(f"model_files has no rule for {torch_lacks(name)} yet")
    config = read_model_file(fixture_path(f"layers/{name}.{form}")).config
    with open(fixture_path(f"layers/{name}.summary.txt"), encoding="utf-8") as f:
        assert summary_from_config(config) == f.read()


@pytest.mark.parametrize("name", FIXTURES)
def test_torch_engine_writes_keras_config_back(name, tmp):
    engine = engine_for("torch", name)
    path = fixture_path(f"layers/{name}.keras")
    theirs = json.loads(zipfile.ZipFile(path).read("config.json"))
    model = engine.load_model(path)
    ours = model.config()
    assert strip_ids(ours["config"]) == strip_ids(theirs["config"])
    # Saved by the engine, read again: the same predictions, the same weights file layout.
    model.save(tmp("again.keras"))
    again = engine.load_model(tmp("again.keras"))
    x = fixture_inputs(name, model)
    assert np.array_equal(again.predict(x), model.predict(x))


# ------------------------------------------------------------------ 2. cases built with real Keras

def _lstm(keras, **kw):
    return keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4, **kw)])


def _functional(keras, make):
    inp = keras.Input((5, 3))
    out = make(inp)
    return keras.Model(inp, list(out) if isinstance(out, (list, tuple)) else out)


CASES = {
    "lstm_sequences_backwards": lambda k: _lstm(k, return_sequences=True, go_backwards=True),
    "lstm_no_forget_bias_no_bias": lambda k: _lstm(k, unit_forget_bias=False, use_bias=False),
    "lstm_recurrent_dropout": lambda k: _lstm(k, dropout=0.2, recurrent_dropout=0.3, return_sequences=True),
    "lstm_variable_length": lambda k: k.Sequential([k.Input((None, 3)), k.layers.LSTM(4, return_sequences=True),
                                                    k.layers.GRU(2)]),
    "lstm_return_state": lambda k: _functional(k, lambda x: k.layers.LSTM(4, return_state=True)(x)),
    "gru_reset_before": lambda k: k.Sequential([k.Input((5, 3)), k.layers.GRU(4, reset_after=False,
                                                                          return_sequences=True)]),
    "gru_backwards_state": lambda k: _functional(k, lambda x: k.layers.GRU(3, go_backwards=True,
                                                                          return_state=True)(x)),
    "gru_recurrent_dropout_reset_before": lambda k: k.Sequential([k.Input((5, 3)), k.layers.GRU(
        3, reset_after=False, recurrent_dropout=0.2, activation="relu")]),
    "simple_rnn_sequences_backwards": lambda k: k.Sequential([k.Input((5, 3)), k.layers.SimpleRNN(
        4, return_sequences=True, go_backwards=True, activation="relu")]),
    "bidirectional_concat": lambda k: k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(k.layers.LSTM(3))]),
    "bidirectional_sum_sequences": lambda k: k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(
        k.layers.GRU(3, return_sequences=True), merge_mode="sum")]),
    "bidirectional_mul": lambda k: k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(
        k.layers.SimpleRNN(3), merge_mode="mul")]),
    "bidirectional_ave_sequences": lambda k: k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(
        k.layers.LSTM(2, return_sequences=True), merge_mode="ave")]),
    "bidirectional_none_state": lambda k: _functional(k, lambda x: k.layers.Bidirectional(
        k.layers.LSTM(2, return_state=True), merge_mode=None)(x)),
    "bidirectional_frozen": lambda k: k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(
        k.layers.GRU(2), trainable=False), k.layers.Dense(1)]),
    "embedding_gru": lambda k: k.Sequential([k.Input((6,), dtype="int32"), k.layers.Embedding(20, 4),
                                             k.layers.GRU(3)]),
}


def _mha_model(keras, cross, **kw):
    q = keras.Input((5, 6))
    if not cross:
        return keras.Model(q, keras.layers.MultiHeadAttention(**kw)(q, q))
    v = keras.Input((4, 3))
    return keras.Model([q, v], keras.layers.MultiHeadAttention(**kw)(q, v))


CASES.update({
    "mha_self": lambda k: _mha_model(k, False, num_heads=2, key_dim=3),
    "mha_cross_output_shape_no_bias": lambda k: _mha_model(k, True, num_heads=3, key_dim=2, value_dim=4,
                                                           output_shape=7, use_bias=False),
    "mha_dropout_gate": lambda k: _mha_model(k, False, num_heads=2, key_dim=3, dropout=0.3, use_gate=True),
})


def _image(keras, layer):
    return keras.Sequential([keras.Input((7, 10, 2)), layer])


CASES.update({
    "resizing_bilinear": lambda k: _image(k, k.layers.Resizing(5, 4)),
    "resizing_nearest_up": lambda k: _image(k, k.layers.Resizing(9, 13, interpolation="nearest")),
    "resizing_bicubic": lambda k: _image(k, k.layers.Resizing(6, 6, interpolation="bicubic")),
    "resizing_crop_to_aspect_ratio": lambda k: _image(k, k.layers.Resizing(6, 4, crop_to_aspect_ratio=True)),
    "resizing_pad_to_aspect_ratio": lambda k: _image(k, k.layers.Resizing(8, 5, pad_to_aspect_ratio=True,
                                                                         fill_value=0.5)),
    "resizing_pad_width": lambda k: _image(k, k.layers.Resizing(4, 9, pad_to_aspect_ratio=True)),
    "center_crop": lambda k: _image(k, k.layers.CenterCrop(5, 6)),
    "center_crop_smart_resize": lambda k: _image(k, k.layers.CenterCrop(8, 9)),
    "rescaling_per_channel": lambda k: _image(k, k.layers.Rescaling([0.5, 2.0], offset=-1.0)),
    "normalization_config_stats": lambda k: k.Sequential([k.Input((3,)), k.layers.Normalization(
        mean=[1.0, 2.0, -1.0], variance=[4.0, 0.25, 1.0])]),
    "normalization_invert_axis_none": lambda k: k.Sequential([k.Input((3,)), k.layers.Normalization(
        axis=None, mean=0.5, variance=2.0, invert=True)]),
})


def _adapted_normalization(keras):
    layer = keras.layers.Normalization(axis=-1)
    layer.adapt(np.random.default_rng(5).normal(2.0, 3.0, size=(30, 4, 3)).astype(np.float32))
    return keras.Sequential([keras.Input((4, 3)), layer, keras.layers.Dense(2)])


CASES["normalization_adapted"] = _adapted_normalization


def _frozen_after_building(keras):
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.Bidirectional(keras.layers.LSTM(2)),
                              keras.layers.Dense(1)])
    model.layers[0].trainable = False  # reaches the wrapped layers: their configs say trainable=false
    return model


CASES["bidirectional_frozen_after_building"] = _frozen_after_building


def _inputs(model, rng):
    shapes = model.input_shape if isinstance(model.input_shape, list) else [model.input_shape]
    arrays = []
    for shape, layer in zip(shapes, model.inputs):
        shape = [5 if d is None else d for d in shape]  # a free time axis gets 5 steps
        if "int" in str(layer.dtype):
            arrays.append(rng.integers(0, 20, size=(3,) + tuple(shape[1:])).astype(np.float32))
        else:
            arrays.append(rng.normal(size=(3,) + tuple(shape[1:])).astype(np.float32))
    return arrays if len(arrays) > 1 else arrays[0]


def _as_list(value):
    return [np.asarray(v) for v in value] if isinstance(value, (list, tuple)) else [np.asarray(value)]


@needs_keras
@pytest.mark.parametrize("case", sorted(CASES))
def test_keras_built_model_runs_the_same_on_torch(case, tmp):
    import keras

    keras.utils.set_random_seed(7)
    model = CASES[case](keras)
    assert_runs_like_keras(model, _inputs(model, np.random.default_rng(11)), tmp)


def assert_runs_like_keras(model, x, tmp):
    """A model built by real Keras, saved as .keras, on the PyTorch engine: predictions, summary, config; the engine's
    file read by Keras; weights files both ways. Returns Keras's predictions (a list)."""
    import keras

    expected = _as_list(model.predict(x, verbose=0))
    model.save(tmp("keras.keras"))
    ours = bridge.get_engine("torch").load_model(tmp("keras.keras"))
    got = _as_list(ours.predict(x))
    assert len(got) == len(expected)
    for a, e in zip(got, expected):
        assert rel_error(a, e) <= TOLERANCE
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    assert ours.summary() == printed.getvalue()
    theirs = json.loads(zipfile.ZipFile(tmp("keras.keras")).read("config.json"))
    assert strip_ids(ours.config()["config"]["layers"]) == strip_ids(theirs["config"]["layers"])
    # The engine's own file, read by Keras.
    ours.save(tmp("torch.keras"))
    back = keras.saving.load_model(tmp("torch.keras"))
    for a, e in zip(_as_list(back.predict(x, verbose=0)), expected):
        assert rel_error(a, e) <= TOLERANCE
    # Weights files both ways (variables of sub-objects: layers/lstm/cell/vars, .../query_dense/vars).
    model.save_weights(tmp("keras.weights.h5"))
    fresh = bridge.get_engine("torch").model_from_config(theirs)
    fresh.load_weights(tmp("keras.weights.h5"))
    for a, e in zip(_as_list(fresh.predict(x)), expected):
        assert rel_error(a, e) <= TOLERANCE
    ours.save_weights(tmp("torch.weights.h5"))
    back.load_weights(tmp("torch.weights.h5"))
    for a, e in zip(_as_list(back.predict(x, verbose=0)), expected):
        assert rel_error(a, e) <= TOLERANCE
    return expected


def test_refused_options_name_the_layer_and_option():
    engine = bridge.get_engine("torch")

    def sequential(layer, shape):
        return {"class_name": "Sequential", "config": {"name": "s", "layers": [
            {"class_name": "InputLayer", "config": {"batch_shape": [None] + shape, "name": "in"}}, layer]}}

    with pytest.raises(ValueError, match=r"'lstm'.*stateful=True is not supported"):
        engine.model_from_config(sequential({"class_name": "LSTM", "config": {"name": "lstm", "units": 2,
                                                                              "stateful": True}}, [4, 3]))
    with pytest.raises(ValueError, match=r"'gru'.*returns 2 tensors.*Functional"):
        engine.model_from_config(sequential({"class_name": "GRU", "config": {"name": "gru", "units": 2,
                                                                             "return_state": True}}, [4, 3]))
    with pytest.raises(ValueError, match=r"'r'.*'interpolation'"):
        engine.model_from_config(sequential({"class_name": "Resizing", "config": {
            "name": "r", "height": 2, "width": 2, "interpolation": "lanczos3"}}, [4, 4, 1]))


# ------------------------------------------------------------------ 3. training like Keras

@needs_keras
@pytest.mark.parametrize("rnn", ["LSTM", "GRU", "GRU_reset_before", "Bidirectional_SimpleRNN"])
def test_recurrent_training_follows_keras_history(rnn, tmp):
    import keras

    keras.utils.set_random_seed(3)
    if rnn == "Bidirectional_SimpleRNN":
        layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True), merge_mode="ave")
        layer = keras.Sequential([keras.Input((6, 3)), layer, keras.layers.GRU(2)]).layers  # two layers
    else:
        kwargs = {"reset_after": False} if rnn == "GRU_reset_before" else {}
        layer = [getattr(keras.layers, rnn.split("_")[0])(4, **kwargs)]
    model = keras.Sequential([keras.Input((6, 3))] + list(layer) + [keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(24, 6, 3)).astype(np.float32)
    y = (x.sum(axis=(1, 2)) * 0.1)[:, None].astype(np.float32)
    model.save(tmp("start.keras"))
    ours = bridge.get_engine("torch").load_model(tmp("start.keras"))
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert np.allclose(got[key], expected[key], rtol=1e-4, atol=1e-6), (key, got[key], expected[key])
    for a, e in zip(ours.get_weights(), model.get_weights()):
        assert np.allclose(a, e, rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------ legacy (Keras 2) configs

KERAS2_MODEL = {"class_name": "Sequential", "config": {"name": "legacy", "layers": [
    {"class_name": "Embedding", "config": {
        "name": "embedding", "trainable": True, "batch_input_shape": [None, 5], "dtype": "float32",
        "input_dim": 12, "output_dim": 3, "embeddings_initializer": {"class_name": "RandomUniform", "config": {
            "minval": -0.05, "maxval": 0.05, "seed": None}}, "embeddings_regularizer": None,
        "activity_regularizer": None, "embeddings_constraint": None, "mask_zero": False, "input_length": 5}},
    {"class_name": "Bidirectional", "config": {"name": "bidirectional", "trainable": True, "dtype": "float32",
        "merge_mode": "concat", "layer": {"class_name": "GRU", "config": {
            "name": "gru", "trainable": True, "dtype": "float32", "return_sequences": True, "return_state": False,
            "go_backwards": False, "stateful": False, "unroll": False, "time_major": False, "units": 2,
            "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
            "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
            "recurrent_dropout": 0.0, "implementation": 2, "reset_after": True}}}},
    {"class_name": "LSTM", "config": {
        "name": "lstm", "trainable": True, "dtype": "float32", "return_sequences": False, "return_state": False,
        "go_backwards": False, "stateful": False, "unroll": False, "time_major": False, "units": 2,
        "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}}, "unit_forget_bias": True,
        "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
        "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2}},
]}}


def test_keras2_recurrent_config_translates_and_runs():
    from kerasbridge.model_files.legacy import translate_model_config
    from kerasbridge.model_files.shapes import model_spec

    config = translate_model_config(KERAS2_MODEL)
    spec = model_spec(config)
    assert spec.input_shape == (None, 5)
    assert [(l.name, l.output_shape, l.params) for l in spec.layers] == [
        ("embedding", (None, 5, 3), 36), ("bidirectional", (None, 5, 4), 2 * (3 * 6 + 2 * 6 + 2 * 6)),
        ("lstm", (None, 2), 4 * 2 * (4 + 2 + 1))]
    model = bridge.get_engine("torch").model_from_config(config)
    x = np.array([[1, 2, 3, 4, 11], [0, 0, 5, 6, 7]], dtype=np.float32)
    assert model.predict(x).shape == (2, 2)
    if keras_available():
        import keras

        theirs = keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(12, 3),
                                   keras.layers.Bidirectional(keras.layers.GRU(2, return_sequences=True)),
                                   keras.layers.LSTM(2)])
        model.set_weights(theirs.get_weights())
        assert rel_error(model.predict(x), theirs.predict(x.astype(np.int32), verbose=0)) <= TOLERANCE


@pytest.mark.parametrize("engine_name", ["torch", "keras"])
def test_adapt_layer_matches_keras_normalization_adapt(engine_name, tmp):
    engine = engine_for(engine_name)
    model = engine.load_model(fixture_path("layers/preprocessing.keras"))
    data = np.random.default_rng(2).normal(3.0, 2.0, size=(40, 5)).astype(np.float32)
    model.adapt_layer("normalization", data)
    mean, variance, count = model.get_layer_weights("normalization")
    assert np.allclose(mean, data.mean(axis=0), rtol=1e-6) and np.allclose(variance, data.var(axis=0), rtol=1e-5)
    assert float(count) == 0  # Keras's adapt leaves count alone
    x = data[:4]
    kernel, bias = model.get_layer_weights("dense_29")
    # Rescaling(0.5, 1.0) -> the adapted Normalization -> Dense, by hand.
    expected = ((x * 0.5 + 1.0 - mean) / np.maximum(np.sqrt(variance), 1e-7)) @ kernel + bias
    assert rel_error(model.predict(x), expected) <= TOLERANCE
    with pytest.raises(ValueError, match="dense_29"):
        model.adapt_layer("dense_29", data)
    model.save(tmp("adapted.keras"))
    again = engine.load_model(tmp("adapted.keras"))
    assert np.array_equal(again.predict(x), model.predict(x))


def test_model_files_works_without_torch():
    """engine_rules imports torch lazily: without it model_files keeps its own layers and calls the rest unknown."""
    import subprocess
    import sys

    from conftest import PACKAGE_ROOT

    script = f"""
import sys
sys.modules["torch"] = None  # import torch raises ImportError
sys.path.insert(0, {PACKAGE_ROOT!r})
from kerasbridge.model_files.shapes import ConfigError, model_spec
layers = [{{"class_name": "InputLayer", "config": {{"batch_shape": [None, 4, 3], "name": "in"}}}},
          {{"class_name": "Dense", "config": {{"name": "d", "units": 2}}}}]
config = {{"class_name": "Sequential", "config": {{"name": "s", "layers": layers}}}}
print(model_spec(config).layers[0].params)
layers.append({{"class_name": "LSTM", "config": {{"name": "l", "units": 2}}}})
try:
    model_spec(config)
except ConfigError as e:
    print("refused", "'l' (LSTM)" in str(e))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["8", "refused", "True"]
