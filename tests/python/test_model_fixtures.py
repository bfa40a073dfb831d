"""Builds the four Keras 3.15.1 fixture models with the PyTorch engine and checks their predictions.

For each NAME: (1) config.json from NAME.keras + weights read directly with h5py -> predict
NAME.inputs.csv and compare with NAME.predictions.csv; (2) the same through engine.load_model for
NAME.keras and NAME.h5 and model.load_weights(NAME.weights.h5); (3) config() round trip and the
params facts from NAME.json. A prediction may differ from Keras's (made on another machine) by at most 1e-4
relative with an absolute floor of 1e-6 (|a - e| <= 1e-4 * max(|e|, 1e-2)): another BLAS sums float32 in
another order (OpenBLAS moves digits_cnn by ~7.5e-5 against these files), the same policy as the C# tests.
"""

import io
import json
import zipfile

import h5py
import numpy as np
import pytest

from conftest import fixture_path
from kerasbridge import bridge

TOLERANCE = 1e-4
FLOOR = 1e-2
NAMES = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"]


@pytest.fixture(scope="module")
def engine():
    return bridge.get_engine("torch")


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), FLOOR)))


def weights_from_keras_zip(path):
    """[(layer name, [arrays])] read with h5py from model.weights.h5 inside the .keras zip."""
    with zipfile.ZipFile(path) as zf:
        data = zf.read("model.weights.h5")
    with h5py.File(io.BytesIO(data), "r") as f:
        result = []
        for group_name in f["layers"]:
            group = f["layers"][group_name]["vars"]
            arrays = [np.asarray(group[str(i)]) for i in range(len(group))]
            result.append((group.attrs["name"], arrays))
        return result


def load_inputs(name, model):
    x = np.loadtxt(fixture_path(f"{name}.inputs.csv"), delimiter=",", dtype=np.float32, ndmin=2)
    return x.reshape((x.shape[0],) + tuple(model.input_shape[1:]))


@pytest.mark.parametrize("name", NAMES)
def test_fixture_model_predicts_like_keras(engine, name):
    keras_path = fixture_path(f"{name}.keras")
    with zipfile.ZipFile(keras_path) as zf:
        config = json.loads(zf.read("config.json"))
    expected = np.loadtxt(fixture_path(f"{name}.predictions.csv"), delimiter=",", ndmin=2)
    facts = json.load(open(fixture_path(f"{name}.json")))

    model = engine.model_from_config(config)
    weights = dict(weights_from_keras_zip(keras_path))
    for layer_name in model.layer_names():
        if weights.get(layer_name):
            model.set_layer_weights(layer_name, weights[layer_name])
    x = load_inputs(name, model)
    errors = {"config+h5py": rel_error(model.predict(x), expected)}
    loaded = engine.load_model(keras_path)
    errors["load .keras"] = rel_error(loaded.predict(x), expected)
    loaded_h5 = engine.load_model(fixture_path(f"{name}.h5"))
    errors["load .h5"] = rel_error(loaded_h5.predict(x), expected)
    fresh = engine.model_from_config(config)
    fresh.load_weights(fixture_path(f"{name}.weights.h5"))
    errors["load_weights"] = rel_error(fresh.predict(x), expected)
    assert max(errors.values()) <= TOLERANCE, errors

    # Facts: parameter counts, config round trip.
    trainable, non_trainable = loaded.count_params()
    assert (trainable + non_trainable, trainable) == (facts["total_params"], facts["trainable_params"])
    again = engine.model_from_config(loaded.config())
    again.set_weights(loaded.get_weights())
    assert rel_error(again.predict(x), expected) <= TOLERANCE, "config() round trip changes predictions"
    ours = loaded.config()
    for key in ("module", "class_name", "registered_name", "build_config"):
        assert ours.get(key) == config.get(key), key
    strip = lambda c: json.loads(json.dumps(c).replace(', "shared_object_id": 139743070636112', ""))
    assert strip(ours["config"]) == strip(config["config"]), "config()['config'] differs from the fixture's config.json"
    ours_compile = dict(ours["compile_config"])
    theirs_compile = dict(config["compile_config"])
    if theirs_compile:
        theirs_compile["optimizer"] = dict(theirs_compile["optimizer"], module="keras.optimizers", registered_name=None)
    assert ours_compile == theirs_compile
