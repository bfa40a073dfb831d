"""Functional models on the PyTorch engine: the Keras 3.15.1 fixtures in fixtures/keras-3.15.1/functional
load from .keras and .h5, predict as Keras did, print Keras's summary byte for byte, and save files that
real Keras opens with the same predictions; Functional models built here with real Keras (a residual
block, two concatenated branches, a shared layer, every merge layer) run the same on both.
Graph errors (cycles, outputs not computable from the inputs) name the layers.
"""

import contextlib
import copy
import io
import json
import os
import re

import numpy as np
import pytest

from conftest import FIXTURES, keras_available
from kerasbridge.model_files import model_spec, read_model_file
from kerasbridge.summary import summary_from_config
from kerasbridge.torch_engine.engine import TorchEngine

FUNCTIONAL = os.path.join(FIXTURES, "functional")
NAMES = ["dollar_street_dropout", "frozen_base", "model_batchnorm", "residual_dense", "two_inputs", "two_outputs",
         "weather_prediction_model"]
needs_keras = pytest.mark.skipif(not keras_available(), reason="keras is not installed in this Python")


@pytest.fixture(scope="module")
def engine():
    return TorchEngine()


def path(name, ext):
    return os.path.join(FUNCTIONAL, name + ext)


def close(actual, expected):
    """The shared policy: |a - e| <= 1e-4 * max(|e|, 1e-2) elementwise."""
    actual = np.asarray(actual, dtype=np.float64).reshape(np.shape(expected))
    expected = np.asarray(expected, dtype=np.float64)
    bound = 1e-4 * np.maximum(np.abs(expected), 1e-2)
    return bool(np.all(np.abs(actual - expected) <= bound)), float(np.max(np.abs(actual - expected)))


def reference(name, model):
    """(inputs as predict takes them, [expected outputs]) of a fixture."""
    if os.path.exists(path(name, ".inputs.csv")):
        x = np.loadtxt(path(name, ".inputs.csv"), delimiter=",", dtype=np.float32, ndmin=2)
        x = x.reshape((-1,) + tuple(model.input_shape[1:]))
        y = np.loadtxt(path(name, ".predictions.csv"), delimiter=",", dtype=np.float32, ndmin=2)
        return x, [y]
    facts = json.load(open(path(name, ".json")))
    inputs = [np.asarray(v, dtype=np.float32) for v in facts["inputs"].values()]
    outputs = [np.asarray(v, dtype=np.float32) for v in facts["outputs"].values()]
    return (inputs if len(inputs) > 1 else inputs[0]), outputs


def as_list(value):
    return value if isinstance(value, list) else [value]


def expected_summary(name):
    with open(path(name, ".summary.txt"), "rb") as f:
        return f.read().decode("utf-8")


@pytest.mark.parametrize("ext", [".keras", ".h5"])
@pytest.mark.parametrize("name", NAMES)
def test_fixture_predicts_and_summarizes_as_keras(engine, name, ext):
    model = engine.load_model(path(name, ext))
    x, expected = reference(name, model)
    got = as_list(model.predict(x))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        ok, err = close(g, e)
        assert ok, f"{name}{ext}: max |a-e| = {err}"
    assert model.summary() == expected_summary(name)


@pytest.mark.parametrize("name", NAMES)
def test_summary_from_the_config_alone(name):
    ref = expected_summary(name)
    m = re.search(r"Optimizer params: ([\d,]+)", ref)
    config = read_model_file(path(name, ".keras")).config
    assert summary_from_config(config, int(m.group(1).replace(",", "")) if m else None) == ref


def test_frozen_base_counts_and_inference_mode_batchnorm(engine):
    model = engine.load_model(path("frozen_base", ".keras"))
    assert model.count_params() == (18, 176)
    spec = model_spec(read_model_file(path("frozen_base", ".keras")).config)
    assert (spec.trainable_params, spec.non_trainable_params) == (18, 176)
    assert [n for n, _, _ in spec.weight_layers()] == ["input_layer_3", "base/dense_13", "base/dense_14", "dropout_2",
                                                       "dense_15"]


def test_several_inputs_as_a_list_or_a_dict(engine):
    model = engine.load_model(path("two_inputs", ".keras"))
    (a, b), (expected,) = reference("two_inputs", model)
    by_list = model.predict([a, b])
    by_dict = model.predict({"onehot": b, "numeric": a})
    assert np.array_equal(by_list, by_dict)
    assert close(by_list, expected)[0]
    assert np.array_equal(model.predict([a, b], batch_size=2), by_list)
    with pytest.raises(Exception, match="2 inputs"):
        model.predict(a)
    with pytest.raises(Exception, match="missing: onehot"):
        model.predict({"numeric": a})
    # Several inputs train too (test_multi_io.py has the details); like any model, only once compiled.
    with pytest.raises(Exception, match="compiled first"):
        model.fit([a, b], np.zeros((a.shape[0], 2), np.float32))
    model.compile("sgd", "mse")
    assert set(model.fit({"numeric": a, "onehot": b}, expected, epochs=1)["history"]) == {"loss"}


@pytest.mark.parametrize("name", NAMES)
def test_save_reload_is_identical(engine, name, tmp):
    model = engine.load_model(path(name, ".keras"))
    x, _ = reference(name, model)
    saved = tmp(name + ".keras")
    model.save(saved)
    again = engine.load_model(saved)
    for a, b in zip(as_list(model.predict(x)), as_list(again.predict(x))):
        assert np.array_equal(a, b)
    assert again.summary() == model.summary()


@needs_keras
@pytest.mark.parametrize("name", NAMES)
def test_saved_file_opens_in_real_keras(engine, name, tmp):
    import keras

    model = engine.load_model(path(name, ".h5"))
    x, expected = reference(name, model)
    saved = tmp(name + ".keras")
    model.save(saved)
    reloaded = keras.saving.load_model(saved)
    for k, t, e in zip(as_list(reloaded.predict(x, verbose=0)), as_list(model.predict(x)), expected):
        assert np.array_equal(np.asarray(k), t)
        assert close(k, e)[0]


def test_single_input_fit_runs(engine):
    model = engine.load_model(path("residual_dense", ".keras"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    x, _ = reference("residual_dense", model)
    y = np.eye(3, dtype=np.float32)[np.arange(x.shape[0]) % 3]
    history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False)["history"]
    assert len(history["loss"]) == 2 and history["loss"][1] < history["loss"][0]


# ------------------------------------------------------------------ graph errors

def _config(name):
    return read_model_file(path(name, ".keras")).config


def _history(entry, node=0):
    args = entry["inbound_nodes"][node]["args"][0]
    return args if isinstance(args, dict) else args[0]


def test_a_cycle_is_named(engine):
    config = copy.deepcopy(_config("weather_prediction_model"))
    layers = config["config"]["layers"]
    _history(layers[1])["config"]["keras_history"] = ["dense_2", 0, 0]  # dense <- dense_2 <- dense_1 <- dense
    with pytest.raises(ValueError, match="cycle: dense -> dense_1 -> dense_2 -> dense|cycle: .*dense_2.*dense"):
        engine.model_from_config(config)
    with pytest.raises(ValueError, match="cycle"):
        model_spec(config)


def test_an_output_not_computable_from_the_inputs_is_named(engine):
    config = copy.deepcopy(_config("two_inputs"))
    config["config"]["input_layers"] = [["numeric", 0, 0]]
    with pytest.raises(ValueError, match="'dense_11' cannot be computed from the model's inputs: it needs InputLayer 'onehot'"):
        engine.model_from_config(config)
    config = copy.deepcopy(_config("two_inputs"))
    _history(config["config"]["layers"][2])["config"]["keras_history"] = ["nowhere", 0, 0]
    with pytest.raises(ValueError, match="'nowhere', which is not in the model"):
        engine.model_from_config(config)


# ------------------------------------------------------------------ more models of the same kinds, made by real Keras

def _keras_models():
    import keras
    from keras import layers

    rng = np.random.default_rng(7)
    models = {}
    inp = keras.Input((6,), name="x")
    h = layers.Dense(6, activation="relu")(inp)
    h = layers.Dense(6)(h)
    h = layers.Add()([inp, h])
    h = layers.LayerNormalization()(h)
    models["residual_block"] = keras.Model(inp, layers.Dense(2, activation="softmax")(h), name="residual_block")

    a = keras.Input((5,), name="left")
    b = keras.Input((3,), name="right")
    left = layers.Dense(4, activation="tanh")(a)
    right = layers.Dense(4, activation="relu")(b)
    merged = layers.Concatenate()([left, right])
    models["two_branches"] = keras.Model([a, b], layers.Dense(1)(merged), name="two_branches")

    inp = keras.Input((4,), name="features")
    shared = layers.Dense(4, activation="relu", name="shared")
    once = shared(inp)
    twice = shared(once)
    models["shared_layer"] = keras.Model(inp, layers.Dense(3)(layers.Concatenate()([once, twice])),
                                         name="shared_layer")

    p = keras.Input((4,), name="p")
    q = keras.Input((4,), name="q")
    parts = [layers.Subtract()([p, q]), layers.Multiply()([p, q]), layers.Average()([p, q]),
             layers.Maximum()([p, q]), layers.Minimum()([p, q]), layers.Dot(axes=1)([p, q]),
             layers.Dot(axes=-1, normalize=True)([p, q])]
    models["every_merge"] = keras.Model([p, q], [layers.Concatenate()(parts), layers.Add()([p, q, p])],
                                        name="every_merge")
    # A nested Sequential with BatchNormalization before Dense (the legacy .h5 stores its weights
    # trainable-first, not per layer), frozen, and a trainable one.
    inp = keras.Input((4,), name="tabular")
    frozen = keras.Sequential([keras.Input((4,)), layers.BatchNormalization(), layers.Dense(3, activation="relu")],
                              name="frozen")
    frozen.trainable = False
    tuned = keras.Sequential([keras.Input((3,)), layers.BatchNormalization(), layers.Dense(2)], name="tuned")
    models["nested_models"] = keras.Model(inp, tuned(frozen(inp)), name="nested_models")
    # A nested Functional model whose call is the output: Keras counts its own first node in output_layers.
    bi = keras.Input((5,), name="bi")
    inner = keras.Model(bi, layers.Dense(3, name="bd")(bi), name="inner_functional")
    xin = keras.Input((5,), name="xin")
    models["functional_output"] = keras.Model(xin, inner(xin), name="functional_output")
    inputs = {}
    for name, model in models.items():
        for layer in model.layers:
            if layer.weights:
                # positive values, so that BatchNormalization's moving variances are valid
                layer.set_weights([rng.uniform(0.5, 1.5, size=w.shape).astype("float32")
                                   if "variance" in v.path else rng.normal(size=w.shape).astype("float32")
                                   for w, v in zip(layer.get_weights(), layer.weights)])
        inputs[name] = [rng.normal(size=(7,) + tuple(t.shape[1:])).astype("float32") for t in model.inputs]
    return models, inputs


@needs_keras
@pytest.mark.parametrize("ext", [".keras", ".h5"])
def test_more_functional_models_match_real_keras(engine, tmp, monkeypatch, ext):
    import keras

    monkeypatch.setenv("COLUMNS", "80")  # the width Keras sees when stdout is not a terminal
    models, inputs = _keras_models()
    for name, model in models.items():
        saved = tmp(name + ext)
        model.save(saved)
        reference_model = keras.saving.load_model(saved)
        x = inputs[name] if len(inputs[name]) > 1 else inputs[name][0]
        expected = as_list(reference_model.predict(x, verbose=0))
        ours = engine.load_model(saved)
        got = as_list(ours.predict(x))
        assert len(got) == len(expected), name
        for g, e in zip(got, expected):
            ok, err = close(g, np.asarray(e))
            assert ok, f"{name}{ext}: max |a-e| = {err}"
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            reference_model.summary()
        assert ours.summary() == text.getvalue(), name
        resaved = tmp(name + ".bridge.keras")
        ours.save(resaved)
        for g, k in zip(got, as_list(keras.saving.load_model(resaved).predict(x, verbose=0))):
            assert np.array_equal(g, np.asarray(k)), name


def test_keras2_inbound_node_format(engine):
    """tf.keras / Keras 2 configs: class "Model", inbound nodes as [[[layer, node, tensor, kwargs], ...]]."""
    from kerasbridge.model_files import translate_model_config

    config = copy.deepcopy(_config("two_inputs"))
    for entry in config["config"]["layers"]:
        old = []
        for node in entry["inbound_nodes"]:
            args = node["args"][0]
            tensors = args if isinstance(args, list) else [args]
            old.append([t["config"]["keras_history"] + [{}] for t in tensors])
        entry["inbound_nodes"] = old
    legacy = {"class_name": "Model", "config": config["config"]}
    translated = translate_model_config(legacy)
    assert translated["class_name"] == "Functional"
    model = engine.model_from_config(translated)
    reference_model = engine.load_model(path("two_inputs", ".keras"))
    model.set_weights(reference_model.get_weights())
    (a, b), _ = reference("two_inputs", model)
    assert np.array_equal(model.predict([a, b]), reference_model.predict([a, b]))
    assert model.summary() == reference_model.summary()


@needs_keras
def test_fit_with_a_frozen_nested_model_matches_real_keras(engine, tmp):
    """A frozen nested Sequential (BatchNormalization inside runs in inference mode and keeps its moving
    statistics) under a trainable one: one epoch of SGD on both engines gives the same weights."""
    import keras

    models, inputs = _keras_models()
    saved = tmp("nested_models.keras")
    models["nested_models"].save(saved)
    x = inputs["nested_models"][0]
    y = np.linspace(-1, 1, x.shape[0] * 2, dtype=np.float32).reshape(x.shape[0], 2)
    theirs = keras.saving.load_model(saved)
    theirs.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    theirs.fit(x, y, epochs=2, batch_size=3, shuffle=False, verbose=0)
    ours = engine.load_model(saved)
    before = ours.get_weights()
    ours.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.1}}, loss="mse")
    ours.fit(x, y, epochs=2, batch_size=3, shuffle=False)
    after = ours.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before[:6], after[:6])), "the frozen part changed"
    assert not np.array_equal(before[6], after[6])
    for mine, keras_value in zip(after, [np.asarray(w) for w in theirs.get_weights()]):
        assert close(mine, keras_value)[0]
